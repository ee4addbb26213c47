import { execFile, execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * A Linux network namespace joined to the host by a veth pair on a private /30: the "resident's network" of the
 * network tests. The namespace has no default route, so it reaches only the host side of the pair (nothing off
 * this machine); `blockUdp()` adds an nftables table inside it that drops every UDP datagram in or out, as an
 * office firewall that allows only TCP would. Needs root, iproute2 and nftables (scripts/setup.sh installs it).
 */
export type NetNamespace = {
  /** The namespace's name (`ip netns exec <name> ...`). */
  name: string;
  /** The host side of the veth pair: what a program in the namespace reaches the host at. */
  hostIp: string;
  /** The namespace side of the veth pair. */
  nsIp: string;
  hostVeth: string;
  nsVeth: string;
  /** An executable that runs Chromium inside the namespace (`executablePath` for playwright-core). */
  chromiumPath: string;
  /** Runs a program inside the namespace; resolves with its exit code and output (never rejects on exit code). */
  exec: (file: string, args: string[], timeoutMs?: number) => Promise<{ code: number; stdout: string; stderr: string }>;
  /** Drops all UDP leaving or entering the namespace (lo aside). */
  blockUdp: () => Promise<void>;
  /** Deletes the namespace and the veth pair; safe to call twice. */
  close: () => Promise<void>;
};

const prefix = 'nist-';
const live = new Set<NetNamespace>();
let exitHookInstalled = false;

/** Namespaces this helper made in runs that died without cleaning up (their pid is gone). */
function removeStale(): void {
  let names: string[] = [];
  try {
    names = fs.readdirSync('/run/netns');
  } catch {
    return;
  }
  for (const name of names) {
    const m = /^nist-(\d+)-[0-9a-f]+$/.exec(name);
    if (!m || pidAlive(Number(m[1]))) continue;
    try {
      execFileSync('ip', ['netns', 'del', name], { stdio: 'ignore' });
    } catch {
      // already gone
    }
  }
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A 10.77.x.y/30 no interface of the host uses yet. */
async function freeSubnet(): Promise<{ hostIp: string; nsIp: string }> {
  const { stdout } = await run('ip', ['-4', '-o', 'addr', 'show']);
  const network = (ip: string) => {
    const [a, b, c, d] = ip.split('.').map(Number) as [number, number, number, number];
    return `${a}.${b}.${c}.${d & ~3}`;
  };
  const used = new Set([...stdout.matchAll(/inet (10\.77\.\d+\.\d+)\//g)].map((m) => network(m[1]!)));
  for (let i = 0; i < 100; i += 1) {
    const x = crypto.randomInt(0, 256);
    const base = crypto.randomInt(0, 64) * 4;
    const net = `10.77.${x}.${base}`;
    if (!used.has(net)) return { hostIp: `10.77.${x}.${base + 1}`, nsIp: `10.77.${x}.${base + 2}` };
  }
  throw new Error('no free 10.77.x.y/30 subnet');
}

async function ip(...args: string[]): Promise<void> {
  try {
    await run('ip', args);
  } catch (error) {
    throw new Error(`ip ${args.join(' ')} failed: ${(error as { stderr?: string }).stderr ?? (error as Error).message}`);
  }
}

/** Creates the namespace and its veth pair, addressed and up. Create it BEFORE starting a server that should offer the host side's address. */
export async function createNetNamespace(): Promise<NetNamespace> {
  if (process.getuid?.() !== 0) throw new Error('network namespace tests need root');
  removeStale();
  const id = crypto.randomBytes(3).toString('hex');
  const name = `${prefix}${process.pid}-${id}`;
  const hostVeth = `nv${id}h`;
  const nsVeth = `nv${id}n`;
  const { hostIp, nsIp } = await freeSubnet();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nist-netns-'));
  const chromiumPath = path.join(dir, 'chromium-in-netns');
  const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  fs.writeFileSync(chromiumPath, `#!/bin/sh\nexec ip netns exec ${name} ${chromium} "$@"\n`, { mode: 0o755 });

  let closed = false;
  const ns: NetNamespace = {
    name,
    hostIp,
    nsIp,
    hostVeth,
    nsVeth,
    chromiumPath,
    exec: async (file, args, timeoutMs = 10_000) => {
      try {
        const { stdout, stderr } = await run('ip', ['netns', 'exec', name, file, ...args], { timeout: timeoutMs });
        return { code: 0, stdout, stderr };
      } catch (error) {
        const e = error as { code?: number | string; stdout?: string; stderr?: string };
        return { code: typeof e.code === 'number' ? e.code : -1, stdout: e.stdout ?? '', stderr: e.stderr ?? String(error) };
      }
    },
    blockUdp: async () => {
      const rules = [
        'table inet nist_block_udp {',
        '  chain out { type filter hook output priority 0; policy accept; oifname != "lo" meta l4proto udp drop; }',
        '  chain in { type filter hook input priority 0; policy accept; iifname != "lo" meta l4proto udp drop; }',
        '}',
      ].join('\n');
      const file = path.join(dir, 'block-udp.nft');
      fs.writeFileSync(file, rules + '\n');
      const r = await ns.exec('nft', ['-f', file]);
      if (r.code !== 0) throw new Error(`nft -f failed in ${name}: ${r.stderr}`);
    },
    close: async () => {
      if (closed) return;
      closed = true;
      live.delete(ns);
      // Deleting the namespace deletes its end of the pair, which takes the host end with it.
      await run('ip', ['netns', 'del', name]).catch(() => undefined);
      await run('ip', ['link', 'del', hostVeth]).catch(() => undefined);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };

  try {
    await ip('netns', 'add', name);
    live.add(ns);
    if (!exitHookInstalled) {
      exitHookInstalled = true;
      // A test process that dies between setup and teardown still leaves no namespace behind.
      process.once('exit', () => {
        for (const n of live) {
          for (const args of [['netns', 'del', n.name], ['link', 'del', n.hostVeth]]) {
            try {
              execFileSync('ip', args, { stdio: 'ignore' });
            } catch {
              // gone
            }
          }
        }
      });
    }
    await ip('link', 'add', hostVeth, 'type', 'veth', 'peer', 'name', nsVeth);
    await ip('link', 'set', nsVeth, 'netns', name);
    await ip('addr', 'add', `${hostIp}/30`, 'dev', hostVeth);
    await ip('link', 'set', hostVeth, 'up');
    await ip('-n', name, 'addr', 'add', `${nsIp}/30`, 'dev', nsVeth);
    await ip('-n', name, 'link', 'set', nsVeth, 'up');
    await ip('-n', name, 'link', 'set', 'lo', 'up');
    // The host side answers at once: wait until the link is up both ways (a veth is up when both ends are).
    for (let i = 0; i < 50; i += 1) {
      const r = await ns.exec('ip', ['-o', 'link', 'show', nsVeth]);
      if (/state UP/.test(r.stdout)) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  } catch (error) {
    await ns.close();
    throw error;
  }
  return ns;
}
