import type { ApiError } from '../../lib/api';
import type { MessageKey } from '../../lib/i18n/catalog';

/** What to tell a staff member when a console request fails; the server's own words go below as detail. */
export function consoleErrorKey(error: ApiError): MessageKey {
  switch (error.code) {
    case 'network':
      return 'error.network';
    case 'unauthorized':
      return 'login.expired';
    case 'forbidden':
      return 'console.error.forbidden';
    case 'validation_failed':
    case 'bad_request':
    case 'payload_too_large':
      return 'console.error.invalid';
    case 'conflict':
      return 'console.error.conflict';
    case 'not_found':
      return 'console.error.notFound';
    case 'rate_limited':
      return 'error.rateLimited';
    default:
      return 'error.server';
  }
}

/** The server's message is worth showing when it says more than the catalog message (not for network errors). */
export const hasServerDetail = (error: ApiError) => error.status > 0 && error.code !== 'unexpected';
