import type { ErrorCode, Issue } from './common.contract.js';

/** A failure the caller can understand and act on; adapters map `status` and `code` onto HTTP and acks. */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly status: number,
    message: string,
    readonly retryAfterSec?: number,
    /** Per-field problems of a validation failure, sent as `error.issues`. */
    readonly issues?: readonly Issue[],
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const badRequest = (message: string) => new DomainError('bad_request', 400, message);
/**
 * Input the contract let through but a rule of the service refuses. It always carries issues, as a contract's
 * refusal does (REST body and socket ack alike); without a field of its own, one issue for the input as a
 * whole (path "").
 */
export const validationFailed = (message: string, issues: readonly Issue[] = [{ path: '', code: 'custom', message }]) =>
  new DomainError('validation_failed', 400, message, undefined, issues);
/** A service's refusal of one field (an agenda item of another session): its issue names the field's path. */
export const invalidField = (path: string, message: string) => validationFailed(message, [{ path, code: 'custom', message }]);
export const unauthorized = (message = 'Please log in first.') => new DomainError('unauthorized', 401, message);
export const forbidden = (message = 'You are not allowed to do this.') => new DomainError('forbidden', 403, message);
export const notFound = (message: string) => new DomainError('not_found', 404, message);
export const conflict = (message: string) => new DomainError('conflict', 409, message);
export const rateLimited = (message: string, retryAfterSec: number) =>
  new DomainError('rate_limited', 429, message, retryAfterSec);
