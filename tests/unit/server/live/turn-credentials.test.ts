import { describe, expect, it } from 'vitest';
import { hmacCredential, iceServersFor, isTurnUrl, turnCredentials, turnUrlsSchema } from '../../../../server/live/turn-credentials.js';

describe('TURN REST-API credentials (coturn use-auth-secret)', () => {
  it('is base64 of HMAC-SHA1 (RFC 2202 test case 2)', () => {
    expect(hmacCredential('Jefe', 'what do ya want for nothing?')).toBe('7/zfauXrL6LSdBbV8YTfnCWafHk=');
  });

  it('names the expiry and who, and signs that name (vector computed with openssl dgst -sha1 -hmac)', () => {
    const c = turnCredentials('north', 3600, 'anon', 1_700_000_000_000);
    expect(c).toEqual({ username: '1700003600:anon', credential: 'WBQOxHeN6kbnwTg0ABnONsDdteo=', expiresAt: 1_700_003_600 });
  });

  it('rounds the expiry down to a whole second and keeps colons and odd characters out of the name', () => {
    expect(turnCredentials('s', 60, 'ab:c d/é', 1_000_999).username).toBe('1060:abcd');
    expect(turnCredentials('s', 60, '::', 0).username).toBe('60:anon');
  });

  it('gives one ice server with every URL, or none without TURN', () => {
    const turn = { urls: ['turn:t.example.am:3478?transport=udp', 'turns:t.example.am:443?transport=tcp'], secret: 'north', ttlSec: 3600 };
    const [server, ...rest] = iceServersFor(turn, undefined, 1_700_000_000_000);
    expect(rest).toEqual([]);
    expect(server).toEqual({ urls: turn.urls, username: '1700003600:anon', credential: 'WBQOxHeN6kbnwTg0ABnONsDdteo=' });
    expect(iceServersFor(undefined, 'peer')).toEqual([]);
  });
});

describe('TURN_URLS', () => {
  it('takes turn: and turns: URLs with hosts, IPs, ports and transports', () => {
    for (const url of ['turn:127.0.0.1:3478?transport=udp', 'turn:turn.example.am', 'turns:turn.example.am:443?transport=tcp', 'turn:[2001:db8::1]:3478', 'TURN:Turn.Example.AM:3478']) {
      expect(isTurnUrl(url), url).toBe(true);
    }
  });

  it('refuses other schemes, ports out of range, paths, credentials in the URL and unknown transports', () => {
    for (const url of ['stun:turn.example.am', 'http://turn.example.am', 'turn:', 'turn:host:0', 'turn:host:70000', 'turn:host/path', 'turn:user@host', 'turn:host?transport=sctp', 'turn:host:3478?transport=udp&x=1']) {
      expect(isTurnUrl(url), url).toBe(false);
    }
  });

  it('splits a comma list and names the bad entry', () => {
    expect(turnUrlsSchema.parse(' turn:a.am:3478?transport=udp , turn:a.am:3478?transport=tcp ')).toEqual(['turn:a.am:3478?transport=udp', 'turn:a.am:3478?transport=tcp']);
    const bad = turnUrlsSchema.safeParse('turn:a.am,stun:b.am');
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.message).toContain('stun:b.am');
    expect(turnUrlsSchema.safeParse(' , ').success).toBe(false);
  });
});
