import { z } from 'zod';
import { compileTrust } from './http/client-address.js';

/** The value types of the environment's settings, for the config schema (server/core/config.ts). */

export const booleanFromEnv = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'expected true or false' })
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

export const port = (what: string) =>
  z.coerce
    .number({ message: `expected a ${what} number` })
    .int({ message: `expected a whole ${what} number` })
    .min(0, { message: `expected a ${what} between 0 and 65535` })
    .max(65535, { message: `expected a ${what} between 0 and 65535` });

/** A limit: a whole number from 1 to `max`. */
export const count = (what: string, max: number) =>
  z.coerce
    .number({ message: `expected a number of ${what}` })
    .int({ message: `expected a whole number of ${what}` })
    .min(1, { message: `expected at least 1` })
    .max(max, { message: `expected at most ${max}` });

export function validTrust(list: string[]): boolean {
  try {
    compileTrust(list);
    return true;
  } catch {
    return false;
  }
}

export const ipAddress = z.union([z.ipv4(), z.ipv6()], { message: 'expected an IPv4 or IPv6 address' });

const hostName = /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/i;
/** One address or host name, or a comma-separated list of them; names are resolved at start. */
export const addressList = z
  .string()
  .transform((v) => v.split(',').map((a) => a.trim()).filter((a) => a !== ''))
  .refine((list) => list.length > 0, { message: 'expected an IP address or host name, or a comma-separated list of them' })
  .refine((list) => list.every((a) => z.union([z.ipv4(), z.ipv6()]).safeParse(a).success || hostName.test(a)), {
    message: 'expected IP addresses or host names separated by commas',
  });
