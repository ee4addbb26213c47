import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, projectRoot } from '../../../../server/core/config.js';

describe('loadConfig', () => {
  it('applies defaults when nothing is set', () => {
    const c = loadConfig({});
    expect(c.port).toBe(3000);
    expect(c.dataDir).toBe(path.join(projectRoot, 'data'));
    expect(c.recordingsDir).toBe(path.join(projectRoot, 'recordings'));
    expect(c.media.workers).toBeGreaterThanOrEqual(1);
    expect(c.logLevel).toBe('info');
    expect(c.demoContent).toBe(true);
    expect(Object.isFrozen(c)).toBe(true);
    expect(Object.isFrozen(c.media)).toBe(true);
  });

  it('parses good values', () => {
    const c = loadConfig({
      PORT: '8080',
      DATA_DIR: '/var/lib/nist',
      MEDIASOUP_WORKERS: '4',
      ANNOUNCED_ADDRESS: '203.0.113.7',
      RTC_MIN_PORT: '50000',
      RTC_MAX_PORT: '50100',
      LOG_LEVEL: 'debug',
      DEMO_CONTENT: 'false',
    });
    expect(c.port).toBe(8080);
    expect(c.dataDir).toBe('/var/lib/nist');
    expect(c.media).toMatchObject({ workers: 4, announcedAddresses: ['203.0.113.7'], rtcMinPort: 50000, rtcMaxPort: 50100 });
    expect(c.logLevel).toBe('debug');
    expect(c.demoContent).toBe(false);
  });

  it.each([
    ['PORT', 'eighty', 'PORT'],
    ['PORT', '70000', 'between 0 and 65535'],
    ['PORT', '80.5', 'whole'],
    ['MEDIASOUP_WORKERS', '0', 'at least 1 worker'],
    ['LOG_LEVEL', 'loud', 'expected one of'],
    ['DEMO_CONTENT', 'maybe', 'expected true or false'],
    ['PUBLIC_URL', 'not a url', 'absolute URL'],
    ['RTC_LISTEN_IP', 'localhost', 'IPv4 or IPv6'],
    ['RECORDING_MIN_FREE_MB', '0', 'at least 1'],
    ['RECORDING_MIN_FREE_MB', '2.5', 'whole number of megabytes'],
    ['LIVE_RESUME_GRACE_SEC', 'soon', 'number of seconds'],
    ['LIVE_RESUME_GRACE_SEC', '0', 'at least 1'],
  ])('rejects %s=%s, naming the variable', (name, value, expected) => {
    let error: unknown;
    try {
      loadConfig({ [name]: value });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).toContain(`${name}=${JSON.stringify(value)}`);
    expect(message).toContain(expected);
  });

  it('takes the recordings disk floor in MiB and the live resume grace in seconds (200 MiB and 600 s by default)', () => {
    expect(loadConfig({})).toMatchObject({ recordingMinFreeBytes: 200 * 1024 * 1024, liveResumeGraceMs: 600_000 });
    expect(loadConfig({ RECORDING_MIN_FREE_MB: '4', LIVE_RESUME_GRACE_SEC: '3' })).toMatchObject({ recordingMinFreeBytes: 4 * 1024 * 1024, liveResumeGraceMs: 3000 });
  });

  it('reads ANNOUNCED_ADDRESS as a comma-separated list of addresses and host names', () => {
    expect(loadConfig({ ANNOUNCED_ADDRESS: ' 203.0.113.7, media.nist.example.am ,2001:db8::7,' }).media.announcedAddresses).toEqual([
      '203.0.113.7',
      'media.nist.example.am',
      '2001:db8::7',
    ]);
    expect(loadConfig({}).media.announcedAddresses).toEqual([]);
  });

  it.each([',', 'not an address!', '203.0.113.7, bad_name'])('rejects ANNOUNCED_ADDRESS=%j, naming the variable', (value) => {
    expect(() => loadConfig({ ANNOUNCED_ADDRESS: value })).toThrow(/ANNOUNCED_ADDRESS=.*(IP address|host name)/);
  });

  it('reads a TURN server from TURN_URLS and TURN_SECRET, with credentials valid an hour by default', () => {
    expect(loadConfig({}).turn).toBeUndefined();
    const turn = loadConfig({ TURN_URLS: 'turn:turn.example.am:3478?transport=udp, turns:turn.example.am:5349?transport=tcp', TURN_SECRET: 'a-long-shared-secret' }).turn;
    expect(turn).toEqual({ urls: ['turn:turn.example.am:3478?transport=udp', 'turns:turn.example.am:5349?transport=tcp'], secret: 'a-long-shared-secret', ttlSec: 3600 });
    expect(loadConfig({ TURN_URLS: 'turn:127.0.0.1', TURN_SECRET: 'a-long-shared-secret', TURN_TTL_SEC: '600' }).turn?.ttlSec).toBe(600);
  });

  it.each([
    [{ TURN_URLS: 'turn:turn.example.am' }, /TURN_SECRET=\(unset\).*TURN_URLS is set/],
    [{ TURN_SECRET: 'a-long-shared-secret' }, /TURN_URLS=\(unset\).*TURN_SECRET is set/],
    [{ TURN_URLS: 'stun:turn.example.am', TURN_SECRET: 'a-long-shared-secret' }, /TURN_URLS=.*stun:turn\.example\.am/],
    [{ TURN_URLS: 'turn:turn.example.am', TURN_SECRET: 'short' }, /TURN_SECRET=.*8 characters/],
    [{ TURN_URLS: 'turn:turn.example.am', TURN_SECRET: 'a-long-shared-secret', TURN_TTL_SEC: '5' }, /TURN_TTL_SEC=.*at least 60/],
  ])('rejects the TURN settings %j, naming the variable', (env, message) => {
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('rejects an RTC port range that is empty', () => {
    expect(() => loadConfig({ RTC_MIN_PORT: '50000', RTC_MAX_PORT: '40000' })).toThrow(/RTC_MAX_PORT.*greater than/);
  });

  it('reports every bad variable at once', () => {
    expect(() => loadConfig({ PORT: 'x', LOG_LEVEL: 'y' })).toThrow(/PORT[\s\S]*LOG_LEVEL/);
  });
});
