import { Router } from 'express';
import { createInviteBodySchema } from './accounts.contract.js';
import { idSchema } from '../core/common.contract.js';
import type { SessionId } from '../core/ids.js';
import type { InvitesService } from './invites.service.js';
import type { Invite } from './invites.repository.js';
import { authOf } from './security.middleware.js';
import { parseInput } from '../core/http/validate.js';
import { unauthorized } from '../core/errors.js';

const view = (i: Invite) => ({ id: i.id, sessionId: i.sessionId, label: i.label, expiresAt: i.expiresAt, revokedAt: i.revokedAt, createdAt: i.createdAt });

export function invitesRouter(invites: InvitesService): Router {
  const router = Router();
  const staff = (res: Parameters<typeof authOf>[0]) => {
    const { principal } = authOf(res);
    if (principal.kind !== 'account') throw unauthorized();
    return principal;
  };

  router.get('/sessions/:id/invites', (req, res) => {
    const sessionId = parseInput(idSchema, req.params.id, 'session id') as SessionId;
    res.json({ items: invites.list(staff(res), sessionId).map(view) });
  });

  router.post('/sessions/:id/invites', (req, res) => {
    const actor = staff(res);
    const sessionId = parseInput(idSchema, req.params.id, 'session id') as SessionId;
    const body = parseInput(createInviteBodySchema, req.body, 'invite');
    const created = invites.create(actor, sessionId, body);
    res.status(201).json({ ...view(created), token: created.token, url: `/meet/${sessionId}?invite=${created.token}` });
  });

  router.delete('/invites/:inviteId', (req, res) => {
    const inviteId = parseInput(idSchema, req.params.inviteId, 'invite id');
    res.json(view(invites.revoke(staff(res), inviteId)));
  });

  return router;
}
