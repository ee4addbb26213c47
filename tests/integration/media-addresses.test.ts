import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { addressScope, hostAddresses } from '../../media/sfu/media-addresses.js';
import { call, login } from '../helpers/auth.js';
import { freePortRange } from '../helpers/ports.js';
import { runServerExpectingExit, startServer, type TestServer } from '../helpers/server.js';

const warning = 'media addresses are not reachable from PUBLIC_URL';
let server: TestServer | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

describe('media addresses at start', () => {
  it('announces exactly ANNOUNCED_ADDRESS, resolving names, and shows it to admins', async () => {
    const rtcPort = await freePortRange(2);
    // A name and a public address that is not this host's: what is announced is what was configured.
    server = await startServer({ env: { ANNOUNCED_ADDRESS: 'localhost,8.8.8.8', RTC_PORT: String(rtcPort), PUBLIC_URL: 'https://nist.example.am' } });
    const resolved = server.logs.find((l) => l.msg === 'announced names resolved');
    const localhost = (resolved?.resolved as { name: string; addresses: string[] }[])?.find((r) => r.name === 'localhost');
    expect(localhost?.addresses.length).toBeGreaterThan(0);
    expect(localhost!.addresses.every((a) => addressScope(a) === 'loopback')).toBe(true);
    const announced = [...localhost!.addresses, '8.8.8.8'];
    // One worker (the helper's), so announced address j is on RTC_PORT + j.
    const ports = announced.map((_, j) => rtcPort + j);
    expect(server.logs.find((l) => l.msg === 'media addresses')).toMatchObject({ source: 'announced', listenIp: '0.0.0.0', announced, ports });
    // 8.8.8.8 is public, so residents of the public site are offered a way in: no warning.
    expect(server.logs.some((l) => l.msg === warning)).toBe(false);

    const admin = await login(server, 'admin');
    const status = await call(server.url, admin, 'GET', '/api/media/status');
    expect(status.status).toBe(200);
    expect(status.body.addresses).toMatchObject({
      source: 'announced',
      configured: [{ name: 'localhost', addresses: localhost!.addresses }, { name: '8.8.8.8', addresses: ['8.8.8.8'] }],
      ports,
      unreachableFromPublicUrl: false,
    });
    expect(status.body.addresses.announced).toContainEqual({ ip: '8.8.8.8', scope: 'public' });
    const udp = (status.body.addresses.listeners as { protocol: string; announcedIp: string; port: number }[]).filter((l) => l.protocol === 'udp');
    expect(udp.map((l) => [l.announcedIp, l.port])).toEqual(announced.map((ip, j) => [ip, rtcPort + j]));
  });

  it('warns in the log and on stderr when PUBLIC_URL is public and every announced address is private', async () => {
    server = await startServer({ env: { ANNOUNCED_ADDRESS: '10.20.30.40', PUBLIC_URL: 'https://nist.example.am' } });
    expect(server.logs.find((l) => l.msg === warning)).toMatchObject({ level: 40, publicUrl: 'https://nist.example.am', announced: ['10.20.30.40'] });
    expect(server.stderr()).toMatch(/WARNING: PUBLIC_URL is https:\/\/nist\.example\.am, but the media server offers browsers only 10\.20\.30\.40 \(private\).*Set ANNOUNCED_ADDRESS/);
    const admin = await login(server, 'admin');
    expect((await call(server.url, admin, 'GET', '/api/media/status')).body.addresses.unreachableFromPublicUrl).toBe(true);
  });

  it('on the defaults warns only if the host has no public address while PUBLIC_URL is public', async () => {
    server = await startServer({ env: { PUBLIC_URL: 'https://nist.example.am' } });
    const addresses = hostAddresses(os.networkInterfaces());
    expect(server.logs.find((l) => l.msg === 'media addresses')).toMatchObject({ source: 'interfaces', announced: addresses });
    expect(server.logs.some((l) => l.msg === warning)).toBe(!addresses.some((a) => addressScope(a) === 'public'));
  });

  it('does not warn for a PUBLIC_URL on the local network', async () => {
    server = await startServer({ env: { PUBLIC_URL: 'http://nist.local:3000' } });
    expect(server.logs.some((l) => l.msg === warning)).toBe(false);
  });

  it('stops at start, naming the variable, when a name in ANNOUNCED_ADDRESS does not resolve', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nist-data-'));
    const { code, stderr } = await runServerExpectingExit({ DATA_DIR: dataDir, ANNOUNCED_ADDRESS: 'no-such-host.invalid' });
    expect(code).toBe(1);
    expect(stderr).toContain('ANNOUNCED_ADDRESS: no-such-host.invalid did not resolve');
  });

  it('rejects an ANNOUNCED_ADDRESS that is neither an address nor a name before anything starts', async () => {
    const { code, stderr } = await runServerExpectingExit({ ANNOUNCED_ADDRESS: '203.0.113.7,not a name' });
    expect(code).toBe(1);
    expect(stderr).toMatch(/ANNOUNCED_ADDRESS="203\.0\.113\.7,not a name": expected IP addresses or host names/);
  });
});
