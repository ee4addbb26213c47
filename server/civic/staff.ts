import type { Response } from 'express';
import type { Staff } from './civic-access.js';
import { unauthorized } from '../core/errors.js';
import { authOf } from '../accounts/security.middleware.js';

/** The logged-in staff member making the request; what they may do is checked against the target's body. */
export function staffOf(res: Response): Staff {
  const { principal } = authOf(res);
  if (principal.kind !== 'account') throw unauthorized();
  return principal;
}
