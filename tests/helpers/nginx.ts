import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Manager } from 'socket.io-client';
import { nginxSettings, nginxTemplatePath, renderNginxConf } from '../../scripts/render-nginx.js';
import { socketContracts } from '../../server/core/socket/namespaces.js';
import type { Login } from './auth.js';
import { openNamespaces, type Client } from './signaling.js';

export type Nginx = {
  /** https://127.0.0.1:<port>: the site as residents reach it. */
  url: string;
  /** http://127.0.0.1:<port>: plain HTTP (redirects, the ACME challenge). */
  httpUrl: string;
  /** The self-signed certificate nginx presents (for 127.0.0.1); clients trust it and nothing else. */
  ca: string;
  prefix: string;
  /** The master process (its one worker is its child). */
  pid: number;
  /** The rendered deploy/nginx/nist.conf. */
  siteConf: string;
  acmeRoot: string;
  /** nginx's error log and the site's access log so far. */
  logs: () => string;
  stop: () => Promise<void>;
};

export type Reply = { status: number; headers: http.IncomingHttpHeaders; text: string; json: () => any };

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
    s.once('error', reject);
  });
}

/** A self-signed certificate for 127.0.0.1 (openssl, as the README's test-a-site step does). */
function selfSignedCertificate(dir: string): { cert: string; key: string } {
  const cert = path.join(dir, 'cert.pem');
  const key = path.join(dir, 'key.pem');
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '2',
    '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', key, '-out', cert,
  ], { stdio: 'pipe' });
  return { cert, key };
}

/**
 * The main configuration around the site file, as Debian's /etc/nginx/nginx.conf is, but with everything
 * under the temporary prefix: no daemon, pid, logs and temp folders there. The site file is included as is.
 */
function mainConf(prefix: string, siteConf: string): string {
  const tmp = (name: string) => path.join(prefix, 'tmp', name);
  return [
    'daemon off;',
    'worker_processes 1;',
    `pid ${path.join(prefix, 'nginx.pid')};`,
    `error_log ${path.join(prefix, 'error.log')} info;`,
    'events { worker_connections 512; }',
    'http {',
    '  include /etc/nginx/mime.types;',
    '  default_type application/octet-stream;',
    '  sendfile on;',
    `  client_body_temp_path ${tmp('body')};`,
    `  proxy_temp_path ${tmp('proxy')};`,
    `  fastcgi_temp_path ${tmp('fastcgi')};`,
    `  uwsgi_temp_path ${tmp('uwsgi')};`,
    `  scgi_temp_path ${tmp('scgi')};`,
    `  include ${siteConf};`,
    '}',
    '',
  ].join('\n');
}

async function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

/**
 * Debian's nginx with deploy/nginx/nist.conf rendered for free ports on 127.0.0.1, proxying to `origin`
 * (a Nist server's http://host:port), with a fresh self-signed certificate and cache under a temporary prefix.
 * The settings are the template's defaults except what a machine without root's paths needs.
 */
export async function startNginx(origin: string): Promise<Nginx> {
  const prefix = fs.mkdtempSync(path.join(os.tmpdir(), 'nist-nginx-'));
  // nginx's workers run as nobody when the master is root: they must reach the cache and temp folders.
  fs.chmodSync(prefix, 0o755);
  for (const d of ['tmp', 'logs', 'acme/.well-known/acme-challenge']) fs.mkdirSync(path.join(prefix, d), { recursive: true, mode: 0o755 });
  const { cert, key } = selfSignedCertificate(prefix);
  const [httpPort, httpsPort] = [await freePort(), await freePort()];
  const url = `https://127.0.0.1:${httpsPort}`;
  const settings = nginxSettings({
    NIST_SERVER_NAME: '127.0.0.1',
    NIST_PUBLIC_ORIGIN: url,
    NIST_HTTP_LISTEN: `127.0.0.1:${httpPort}`,
    NIST_HTTPS_LISTEN: `127.0.0.1:${httpsPort}`,
    NIST_ORIGIN: new URL(origin).host,
    NIST_TLS_CERT: cert,
    NIST_TLS_KEY: key,
    NIST_CACHE_DIR: path.join(prefix, 'cache'),
    NIST_CACHE_MAX_SIZE: '200m',
    NIST_ACME_ROOT: path.join(prefix, 'acme'),
    NIST_LOG_DIR: path.join(prefix, 'logs'),
  });
  const siteConf = path.join(prefix, 'nist.conf');
  fs.writeFileSync(siteConf, renderNginxConf(fs.readFileSync(nginxTemplatePath, 'utf8'), settings));
  const conf = path.join(prefix, 'nginx.conf');
  fs.writeFileSync(conf, mainConf(prefix, siteConf));

  const child = spawn('nginx', ['-e', path.join(prefix, 'error.log'), '-c', conf, '-p', prefix], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const read = (f: string) => (fs.existsSync(f) ? fs.readFileSync(f, 'utf8') : '');
  const logs = () => `${output}${read(path.join(prefix, 'error.log'))}${read(path.join(prefix, 'logs', 'nist.access.log'))}`;

  const deadline = Date.now() + 10_000;
  while (!(await listening(httpsPort))) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`nginx exited at start:\n${logs()}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`nginx did not listen on 127.0.0.1:${httpsPort} within 10 s:\n${logs()}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }

  return {
    url,
    httpUrl: `http://127.0.0.1:${httpPort}`,
    ca: fs.readFileSync(cert, 'utf8'),
    prefix,
    pid: child.pid!,
    siteConf,
    acmeRoot: settings.NIST_ACME_ROOT,
    logs,
    stop: async () => {
      // SIGTERM: nginx's fast shutdown (the master ends its workers).
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
      fs.rmSync(prefix, { recursive: true, force: true });
    },
  };
}

export type RequestOptions = {
  method?: string;
  headers?: Record<string, string>;
  body?: unknown;
  /** The client's own address (127.0.0.2, 127.0.0.3, …): two residents on one machine. */
  localAddress?: string;
  login?: Login | null;
};

/**
 * One request through nginx, trusting only its certificate: JSON bodies in, the status, headers and text out.
 * (Node's https rather than fetch: fetch can neither take a CA nor bind a local address without undici.)
 */
export function through(nginx: Pick<Nginx, 'ca'>, url: string, options: RequestOptions = {}): Promise<Reply> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.login) Object.assign(headers, { cookie: options.login.cookie, 'x-csrf-token': options.login.csrfToken });
  const body = options.body === undefined ? undefined : JSON.stringify(options.body);
  if (body !== undefined) Object.assign(headers, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) });
  const target = new URL(url);
  // The path as written, not as URL parsing normalizes it (a test may send /a/../b on purpose).
  const rawPath = url.slice(target.origin.length) || '/';
  const lib = target.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const where = { protocol: target.protocol, hostname: target.hostname, port: target.port, path: rawPath };
    const req = lib.request({ ...where, method: options.method ?? 'GET', headers, ca: nginx.ca, localAddress: options.localAddress, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json: () => JSON.parse(text) });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** Logs in through nginx; the cookie and CSRF token as tests/helpers/auth.ts's `login` gives them. */
export async function loginThrough(nginx: Nginx, username: string, password: string, localAddress?: string): Promise<Login> {
  const res = await through(nginx, `${nginx.url}/api/auth/login`, { method: 'POST', body: { username, password }, localAddress });
  if (res.status !== 200) throw new Error(`login as ${username} through nginx failed: ${res.status} ${res.text}`);
  const setCookie = res.headers['set-cookie']?.[0] ?? '';
  const body = res.json() as { csrfToken: string; account: Login['account'] };
  return { cookie: setCookie.split(';')[0]!, csrfToken: body.csrfToken, account: body.account };
}

/**
 * A browser page's sockets through nginx over TLS (a WebSocket only, as tests/helpers/signaling.ts's `connect`),
 * from `localAddress` when given.
 */
export async function connectThrough(nginx: Nginx, options: { clientId?: string; login?: Login | null; localAddress?: string } = {}): Promise<Client> {
  const manager = new Manager(nginx.url, {
    transports: ['websocket'],
    reconnection: false,
    ca: nginx.ca,
    localAddress: options.localAddress,
    extraHeaders: { origin: nginx.url, ...(options.login ? { cookie: options.login.cookie } : {}) },
  } as ConstructorParameters<typeof Manager>[1]);
  return openNamespaces(manager, socketContracts.map((c) => c.name), options.clientId);
}
