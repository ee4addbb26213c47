import { Router } from 'express';
import {
  type AccountList,
  type AuditList,
  auditQuerySchema,
  createAccountBodySchema,
  resetPasswordBodySchema,
  setGrantsBodySchema,
  updateAccountBodySchema,
} from './accounts.contract.js';
import { idSchema } from '../core/common.contract.js';
import type { AccountsService } from './accounts.service.js';
import type { RoleGrant } from './authorization.js';
import type { AccountId } from '../core/ids.js';
import type { AuditRepository } from './audit.repository.js';
import { accountView } from './auth.routes.js';
import { authorize } from './security.middleware.js';
import { parseInput } from '../core/http/validate.js';

/** Admin-only: accounts, roles, passwords, the audit log. */
export function accountsRouter(accounts: AccountsService, audit: AuditRepository): Router {
  const router = Router();
  const accountId = (raw: unknown) => parseInput(idSchema, raw, 'account id') as AccountId;
  const view = (id: AccountId) => {
    const a = accounts.get(id);
    return accountView(a, accounts.isLocked(a));
  };

  router.get('/accounts', (_req, res) => {
    authorize(res, 'accounts.manage');
    const reply: AccountList = { items: accounts.list().map((a) => accountView(a, accounts.isLocked(a))) };
    res.json(reply);
  });

  router.post('/accounts', async (req, res) => {
    const actor = authorize(res, 'accounts.manage');
    const body = parseInput(createAccountBodySchema, req.body, 'account');
    const created = await accounts.create(actor, { ...body, grants: body.grants as RoleGrant[] });
    res.status(201).json(accountView(created));
  });

  router.patch('/accounts/:id', (req, res) => {
    const actor = authorize(res, 'accounts.manage');
    const id = accountId(req.params.id);
    const body = parseInput(updateAccountBodySchema, req.body, 'account change');
    accounts.update(actor, id, body);
    res.json(view(id));
  });

  router.put('/accounts/:id/roles', (req, res) => {
    const actor = authorize(res, 'accounts.manage');
    const id = accountId(req.params.id);
    const body = parseInput(setGrantsBodySchema, req.body, 'roles');
    accounts.setGrants(actor, id, body.grants as RoleGrant[]);
    res.json(view(id));
  });

  router.post('/accounts/:id/password', async (req, res) => {
    const actor = authorize(res, 'accounts.manage');
    const id = accountId(req.params.id);
    const body = parseInput(resetPasswordBodySchema, req.body, 'password reset');
    await accounts.resetPassword(actor, id, body.password);
    res.status(204).end();
  });

  router.post('/accounts/:id/unlock', (_req, res) => {
    const actor = authorize(res, 'accounts.manage');
    const id = accountId(_req.params.id);
    accounts.unlock(actor, id);
    res.json(view(id));
  });

  router.get('/audit', (req, res) => {
    authorize(res, 'audit.read');
    const q = parseInput(auditQuerySchema, req.query, 'query');
    const reply: AuditList = { items: audit.list({ limit: q.limit, beforeId: q.before, action: q.action }) };
    res.json(reply);
  });

  return router;
}
