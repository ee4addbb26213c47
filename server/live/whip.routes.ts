import express, { Router, type NextFunction, type Request, type Response } from 'express';
import { maxOfferBytes } from '../../media/ingest/whip-offer.js';
import { DomainError } from '../core/errors.js';
import type { SessionId } from '../core/ids.js';
import { parseInput } from '../core/http/validate.js';
import { bearerToken, sdpContentType, whipCors, whipEndpointParamsSchema, whipResourceParamsSchema } from './whip.contract.js';
import type { WhipIngest } from './whip.service.js';

/**
 * CORS for browser-based WHIP clients (RFC 9725 §4.7). The stream key travels in Authorization, never in a
 * cookie, so any origin may call; the preflight names the methods of the URL it is asked about.
 */
function cors(methods: string) {
  return (_req: Request, res: Response, next: NextFunction) => {
    res.setHeader('Access-Control-Allow-Origin', '*');
    res.setHeader('Access-Control-Allow-Methods', methods);
    res.setHeader('Access-Control-Allow-Headers', whipCors.allowHeaders);
    res.setHeader('Access-Control-Expose-Headers', whipCors.exposeHeaders);
    next();
  };
}

function preflight(methods: string, extra: Record<string, string> = {}) {
  return (_req: Request, res: Response) => {
    res.setHeader('Access-Control-Max-Age', String(whipCors.maxAgeSec));
    res.setHeader('Allow', methods);
    for (const [name, value] of Object.entries(extra)) res.setHeader(name, value);
    res.status(204).end();
  };
}

const readSdp = express.text({ type: sdpContentType, limit: maxOfferBytes });

/**
 * Mounted at /api/whip. `POST /:sessionId` with `Authorization: Bearer <stream key>` and an SDP offer →
 * 201, `Location: /api/whip/<sessionId>/<resourceId>`, the SDP answer. `DELETE` on the location ends the
 * publication. `PATCH` (trickle ICE, ICE restart) is answered 405, as RFC 9725 allows: the answer carries every
 * candidate of an ICE-lite server, and a new POST replaces a broken publication.
 */
export function whipRouter(whip: WhipIngest): Router {
  const router = Router();
  const endpoint = 'POST, OPTIONS';
  const resource = 'DELETE, PATCH, OPTIONS';

  router.options('/:sessionId', cors(endpoint), preflight(endpoint, { 'Accept-Post': sdpContentType }));
  router.post('/:sessionId', cors(endpoint), readSdp, async (req, res) => {
    const { sessionId } = parseInput(whipEndpointParamsSchema, req.params, 'WHIP address');
    if (!req.is(sdpContentType)) {
      res.setHeader('Accept-Post', sdpContentType);
      throw new DomainError('bad_request', 415, `A WHIP offer is sent as Content-Type: ${sdpContentType}.`);
    }
    try {
      const sdp = typeof req.body === 'string' ? req.body : '';
      const { resourceId, answer } = await whip.publish({ sessionId: sessionId as SessionId, key: bearerToken(req.get('authorization')), sdp, address: req.ip ?? '' });
      res.status(201).location(`/api/whip/${sessionId}/${resourceId}`).type(sdpContentType).send(answer);
    } catch (error) {
      // RFC 6750 §3: no error code when the request carried no token at all.
      if (error instanceof DomainError && error.status === 401) res.setHeader('WWW-Authenticate', req.get('authorization') ? 'Bearer realm="nist", error="invalid_token"' : 'Bearer realm="nist"');
      throw error;
    }
  });

  router.options('/:sessionId/:resourceId', cors(resource), preflight(resource));
  router.delete('/:sessionId/:resourceId', cors(resource), (req, res) => {
    const { sessionId, resourceId } = parseInput(whipResourceParamsSchema, req.params, 'WHIP resource');
    whip.unpublish(sessionId as SessionId, resourceId);
    res.status(200).json({ ended: true });
  });
  router.patch('/:sessionId/:resourceId', cors(resource), (req, res) => {
    parseInput(whipResourceParamsSchema, req.params, 'WHIP resource');
    res.setHeader('Allow', 'DELETE, OPTIONS');
    throw new DomainError('bad_request', 405, 'This server takes no trickle ICE or ICE restart: the answer carries all its candidates. To reconnect, DELETE the publication and POST a new offer.');
  });

  return router;
}
