import { spawn, type ChildProcess } from 'node:child_process';
import dgram from 'node:dgram';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export type Coturn = {
  /** The listening port, UDP and TCP. */
  port: number;
  host: string;
  secret: string;
  realm: string;
  process: ChildProcess;
  log: () => string;
  stop: () => Promise<void>;
};

/** A port free for both TCP and UDP on `host` (TURN listens on both). */
async function freeUdpTcpPort(host: string): Promise<number> {
  for (let i = 0; i < 20; i += 1) {
    const port = await new Promise<number>((resolve, reject) => {
      const s = net.createServer().listen(0, host, () => {
        const p = (s.address() as net.AddressInfo).port;
        s.close(() => resolve(p));
      });
      s.once('error', reject);
    });
    const udpFree = await new Promise<boolean>((resolve) => {
      const u = dgram.createSocket('udp4');
      u.once('error', () => resolve(false));
      u.bind(port, host, () => u.close(() => resolve(true)));
    });
    if (udpFree) return port;
  }
  throw new Error('no port free for both TCP and UDP');
}

/**
 * A real coturn (Debian `coturn`) on `host`, with the REST-API shared secret (`use-auth-secret`) that Nist's
 * TURN_SECRET matches. Relaying to loopback peers (the SFU on 127.0.0.1) needs `--allow-loopback-peers`, which
 * coturn refuses without a CLI password (shared/notes/ingest-and-scale-parts.md). Relay ports come from a small
 * range above the listening port so two runs do not collide.
 */
export async function startCoturn(options: { host?: string; secret?: string; realm?: string } = {}): Promise<Coturn> {
  const host = options.host ?? '127.0.0.1';
  const secret = options.secret ?? 'nist-test-turn-secret';
  const realm = options.realm ?? 'nist.test';
  const port = await freeUdpTcpPort(host);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nist-coturn-'));
  const relayMin = 50_000 + (port % 100) * 100;
  const args = [
    '-n',
    `--listening-ip=${host}`,
    `--relay-ip=${host}`,
    `--listening-port=${port}`,
    `--min-port=${relayMin}`,
    `--max-port=${relayMin + 99}`,
    '--use-auth-secret',
    `--static-auth-secret=${secret}`,
    `--realm=${realm}`,
    '--allow-loopback-peers',
    '--cli-password=nist-test-cli',
    '--no-tls',
    '--no-dtls',
    '--no-software-attribute',
    `--pidfile=${path.join(dir, 'turnserver.pid')}`,
    `--userdb=${path.join(dir, 'turndb')}`,
    '--log-file=stdout',
    '--simple-log',
    '--verbose',
  ];
  const child = spawn('turnserver', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout!.on('data', (c: Buffer) => (log += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (log += c.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let gone = false;
  void exited.then(() => (gone = true));

  const deadline = Date.now() + 10_000;
  for (;;) {
    if (gone) throw new Error(`turnserver exited at start:\n${log}`);
    const listening = await new Promise<boolean>((resolve) => {
      const s = net.connect(port, host, () => {
        s.destroy();
        resolve(true);
      });
      s.once('error', () => resolve(false));
    });
    if (listening) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`turnserver did not listen on ${host}:${port} within 10 s:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }

  return {
    port,
    host,
    secret,
    realm,
    process: child,
    log: () => log,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
      await exited;
      clearTimeout(timer);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
