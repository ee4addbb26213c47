import type { Response } from 'express';
import type { Staff } from '../domain/civic-access.js';
import { unauthorized } from '../domain/errors.js';
import { authOf } from './security.middleware.js';

/** The logged-in staff member making the request; what they may do is checked against the target's body. */
export function staffOf(res: Response): Staff {
  const { principal } = authOf(res);
  if (principal.kind !== 'account') throw unauthorized();
  return principal;
}
