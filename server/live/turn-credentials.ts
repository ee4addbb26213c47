import crypto from 'node:crypto';
import { z } from 'zod';
import type { IceServer } from './live.contract.js';

/**
 * Short-lived TURN credentials in the "TURN REST API" form that coturn checks with `use-auth-secret` and
 * `static-auth-secret` (draft-uberti-behave-turn-rest): the username is `<unix expiry>:<who>`, the password is
 * base64(HMAC-SHA1(secret, username)). The TURN server needs no user list: it recomputes the password and
 * refuses a username whose expiry has passed. `who` only labels the allocation in coturn's log.
 */

export type { IceServer };
export type TurnSettings = { urls: readonly string[]; secret: string; ttlSec: number };

/** `turn:` or `turns:` (RFC 7065), a host name, IPv4 or [IPv6], an optional port and an optional transport. */
const turnUrl =
  /^turns?:(?:\[[0-9a-f:.]+\]|[0-9]{1,3}(?:\.[0-9]{1,3}){3}|[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*)(?::(?<port>[0-9]{1,5}))?(?:\?transport=(?:udp|tcp))?$/i;

export function isTurnUrl(url: string): boolean {
  const m = turnUrl.exec(url);
  if (!m) return false;
  const port = m.groups?.port;
  return port === undefined || (Number(port) >= 1 && Number(port) <= 65535);
}

/** TURN_URLS: a comma-separated list of turn:/turns: URLs, e.g. `turn:turn.example.am:3478?transport=udp,turns:turn.example.am:443?transport=tcp`. */
export const turnUrlsSchema = z
  .string()
  .transform((v) => v.split(',').map((u) => u.trim()).filter((u) => u !== ''))
  .refine((list) => list.length > 0, { message: 'expected one or more turn: or turns: URLs separated by commas' })
  .superRefine((list, ctx) => {
    for (const url of list) {
      if (!isTurnUrl(url)) ctx.addIssue({ code: 'custom', message: `expected a turn: or turns: URL such as turn:turn.example.am:3478?transport=udp, not ${url}` });
    }
  });

/** The username and password that `secret` grants `who` until `nowMs + ttlSec`. */
export function turnCredentials(secret: string, ttlSec: number, who: string, nowMs = Date.now()): { username: string; credential: string; expiresAt: number } {
  const expiresAt = Math.floor(nowMs / 1000) + ttlSec;
  // A colon in `who` would move coturn's split between expiry and name; TURN usernames are kept short too.
  const label = who.replace(/[^A-Za-z0-9_-]/g, '').slice(0, 64) || 'anon';
  const username = `${expiresAt}:${label}`;
  return { username, credential: hmacCredential(secret, username), expiresAt };
}

/** base64(HMAC-SHA1(secret, username)): what coturn computes for `use-auth-secret`. */
export function hmacCredential(secret: string, username: string): string {
  return crypto.createHmac('sha1', secret).update(username).digest('base64');
}

/** The join reply's iceServers: one entry with every TURN URL, or none when TURN is not configured. */
export function iceServersFor(turn: TurnSettings | undefined, who: string | undefined, nowMs = Date.now()): IceServer[] {
  if (!turn || turn.urls.length === 0) return [];
  const { username, credential } = turnCredentials(turn.secret, turn.ttlSec, who ?? 'anon', nowMs);
  return [{ urls: [...turn.urls], username, credential }];
}
