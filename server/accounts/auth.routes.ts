import { Router } from 'express';
import { loginBodySchema, type AccountView, type MeReply } from './accounts.contract.js';
import type { AuthService } from './auth.service.js';
import type { Account } from './accounts.repository.js';
import { authOf, clearSessionCookie, setSessionCookie } from './security.middleware.js';
import { parseInput } from '../core/http/validate.js';
import { unauthorized } from '../core/errors.js';

export const accountView = (a: Account, locked = false): AccountView => ({
  id: a.id,
  username: a.username,
  displayName: a.displayName,
  disabled: a.disabled,
  locked,
  createdAt: a.createdAt,
  roles: a.grants.map((g) => ({ role: g.role, bodyId: g.bodyId })),
});

export function authRouter(auth: AuthService, absoluteMs: number): Router {
  const router = Router();

  router.post('/login', async (req, res) => {
    const body = parseInput(loginBodySchema, req.body, 'login');
    const result = await auth.login({
      username: body.username,
      password: body.password,
      address: req.ip ?? 'unknown',
      previousToken: authOf(res).token,
    });
    setSessionCookie(req, res, result.token, absoluteMs);
    const { locked: _locked, ...account } = accountView(result.account);
    const reply: MeReply = { account, csrfToken: result.csrfToken };
    res.json(reply);
  });

  router.post('/logout', (req, res) => {
    auth.logout(authOf(res).token);
    clearSessionCookie(req, res);
    res.status(204).end();
  });

  router.get('/me', (_req, res) => {
    const { login } = authOf(res);
    if (!login) throw unauthorized('You are not logged in.');
    const { locked: _locked, ...account } = accountView(login.account);
    const reply: MeReply = { account, csrfToken: login.csrfToken };
    res.setHeader('Cache-Control', 'no-store');
    res.json(reply);
  });

  return router;
}
