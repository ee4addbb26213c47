import { z } from 'zod';
import { idSchema } from '../core/common.contract.js';

/** A WHIP resource's id in its URL (`/api/whip/<sessionId>/<resourceId>`): 128 random bits, base64url. */
export const whipResourceIdSchema = z.string().regex(/^[A-Za-z0-9_-]{22}$/, { message: 'expected a WHIP resource id' });

export const whipEndpointParamsSchema = z.object({ sessionId: idSchema });
export const whipResourceParamsSchema = z.object({ sessionId: idSchema, resourceId: whipResourceIdSchema });

/**
 * `Authorization: Bearer <stream key>` (RFC 6750 as RFC 9725 uses it). Missing or malformed gives the empty key,
 * which no session has: the encoder gets the same 401 as for a wrong key, and the attempt is audited alike.
 */
export function bearerToken(header: string | undefined): string {
  const match = /^Bearer[ ]+([A-Za-z0-9._~+/-]+=*)\s*$/i.exec(header ?? '');
  return match?.[1] ?? '';
}

/** The content type of an offer and an answer (RFC 9725 §4.2). */
export const sdpContentType = 'application/sdp';

/** What a browser-based WHIP client may send and read across origins (RFC 9725 §4.7). */
export const whipCors = {
  allowHeaders: 'Authorization, Content-Type, If-Match',
  exposeHeaders: 'Location, Accept-Post, Accept-Patch, Link, ETag',
  maxAgeSec: 86_400,
} as const;
