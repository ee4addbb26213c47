import http from 'node:http';
import https from 'node:https';
import type { RequestHandler } from 'express';
import type { Logger } from '../core/logger.js';

/** Headers of one hop only (RFC 9110 §7.6.1): never forwarded. */
const hopByHop = new Set(['connection', 'keep-alive', 'proxy-authenticate', 'proxy-authorization', 'te', 'trailer', 'transfer-encoding', 'upgrade']);

function forwardable(headers: http.IncomingHttpHeaders | http.OutgoingHttpHeaders): http.OutgoingHttpHeaders {
  const out: http.OutgoingHttpHeaders = {};
  const named = String(headers.connection ?? '')
    .split(',')
    .map((h) => h.trim().toLowerCase())
    .filter(Boolean);
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || hopByHop.has(name) || named.includes(name)) continue;
    out[name] = value;
  }
  return out;
}

/**
 * A streaming reverse proxy to the origin (node:http, no buffering): method, path, headers and body as they
 * came, `Host` kept (the origin's same-origin checks compare it with `Origin`), and `X-Forwarded-For` set to
 * the client's address as this edge sees it after TRUST_PROXY (express's `req.ip`), which the origin believes
 * when its TRUST_PROXY names the edges. The origin unreachable: 502 with the usual error body.
 */
export function proxyToOrigin(originUrl: string, log: Logger): RequestHandler {
  const target = new URL(originUrl);
  const client = target.protocol === 'https:' ? https : http;
  const agent = new client.Agent({ keepAlive: true, maxSockets: 512 });
  return (req, res) => {
    const headers = forwardable(req.headers);
    headers['x-forwarded-for'] = req.ip ?? req.socket.remoteAddress ?? '';
    headers['x-forwarded-proto'] = req.protocol;
    headers['x-forwarded-host'] = req.headers.host ?? '';
    const upstream = client.request(
      { protocol: target.protocol, hostname: target.hostname, port: target.port, method: req.method, path: req.originalUrl, headers, agent },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.statusMessage, forwardable(answer.headers));
        answer.pipe(res);
        answer.on('error', () => res.destroy());
      },
    );
    upstream.on('error', (err) => {
      log.warn({ err: err.message, path: req.path }, 'origin unreachable for a forwarded request');
      if (res.headersSent) return void res.destroy();
      res.status(502).json({ error: { code: 'unavailable', message: 'The origin server is not reachable; try again in a moment.' } });
    });
    res.on('close', () => {
      if (!res.writableFinished) upstream.destroy();
    });
    req.pipe(upstream);
  };
}
