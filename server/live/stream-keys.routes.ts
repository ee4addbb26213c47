import { Router, type Request } from 'express';
import { idSchema } from '../core/common.contract.js';
import type { SessionId } from '../core/ids.js';
import { authOf } from '../accounts/security.middleware.js';
import { parseInput } from '../core/http/validate.js';
import { unauthorized } from '../core/errors.js';
import type { StreamKeysService } from './stream-keys.service.js';
import type { EncoderStatus } from './rtmp-ingest.js';

export type StreamKeyUrls = {
  publicUrl: string | undefined;
  /** The RTMP port encoders reach (known once the listener is up); null while RTMP ingest is off. */
  rtmpPort: () => number | null;
  /** The session's encoder on air, if any (the studio's preview of what it sends). */
  encoder: (sessionId: SessionId) => Promise<EncoderStatus | null>;
};

/** The addresses an encoder is given: from PUBLIC_URL, else from the host the operator's browser used. */
export function encoderUrls(req: Request, urls: StreamKeyUrls, sessionId: SessionId): { rtmpUrl: string | null; whipUrl: string } {
  const origin = (urls.publicUrl ?? `${req.protocol}://${req.get('host') ?? 'localhost'}`).replace(/\/+$/, '');
  const host = new URL(origin).hostname;
  const port = urls.rtmpPort();
  const rtmpHost = host.includes(':') ? `[${host}]` : host;
  return { rtmpUrl: port === null ? null : `rtmp://${rtmpHost}:${port}/live`, whipUrl: `${origin}/api/whip/${sessionId}` };
}

/** Mounted at /api/sessions/:id/stream-key. Stream keys beside the session's invites: shown once on create, revoked on delete (operators of the body). */
export function streamKeysRouter(keys: StreamKeysService, urls: StreamKeyUrls): Router {
  const router = Router({ mergeParams: true });
  const staff = (res: Parameters<typeof authOf>[0]) => {
    const { principal } = authOf(res);
    if (principal.kind !== 'account') throw unauthorized();
    return principal;
  };

  router.get('/', async (req, res) => {
    const actor = staff(res);
    const sessionId = parseInput(idSchema, (req.params as { id?: string }).id, 'session id') as SessionId;
    const active = keys.active(actor, sessionId);
    const encoder = await urls.encoder(sessionId);
    res.json({ active: active !== null, createdAt: active?.createdAt ?? null, ...encoderUrls(req, urls, sessionId), encoder });
  });

  router.post('/', (req, res) => {
    const actor = staff(res);
    const sessionId = parseInput(idSchema, (req.params as { id?: string }).id, 'session id') as SessionId;
    const created = keys.create(actor, sessionId);
    res.status(201).json({ key: created.key, createdAt: created.createdAt, ...encoderUrls(req, urls, sessionId) });
  });

  router.delete('/', (req, res) => {
    const actor = staff(res);
    const sessionId = parseInput(idSchema, (req.params as { id?: string }).id, 'session id') as SessionId;
    res.json(keys.revoke(actor, sessionId));
  });

  return router;
}
