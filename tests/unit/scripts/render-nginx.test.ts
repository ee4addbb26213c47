import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { nginxSettings, nginxTemplatePath, renderNginxConf } from '../../../scripts/render-nginx.js';

const template = fs.readFileSync(nginxTemplatePath, 'utf8');

describe('scripts/render-nginx.ts', () => {
  it('fills every placeholder of deploy/nginx/nist.conf from the defaults and the one required name', () => {
    const text = renderNginxConf(template, nginxSettings({ NIST_SERVER_NAME: 'nist.example.am www.nist.example.am' }));
    expect(text).not.toMatch(/\$\{[A-Z][A-Z0-9_]*\}/);
    expect(text).toContain('server 127.0.0.1:3000;');
    expect(text).toContain('ssl_certificate /etc/letsencrypt/live/nist.example.am/fullchain.pem;');
    expect(text).toContain('ssl_certificate_key /etc/letsencrypt/live/nist.example.am/privkey.pem;');
    expect(text).toContain('return 301 https://nist.example.am$request_uri;');
    expect(text).toContain('server_name nist.example.am www.nist.example.am;');
    // nginx's own variables are left alone.
    expect(text).toContain('$proxy_add_x_forwarded_for');
  });

  it('repeats a listen line once per address', () => {
    const text = renderNginxConf(template, nginxSettings({ NIST_SERVER_NAME: 'a.example', NIST_HTTPS_LISTEN: '192.0.2.1:443, [2001:db8::1]:443' }));
    expect(text.match(/^ *listen .*ssl http2;$/gm)).toEqual(['    listen 192.0.2.1:443 ssl http2;', '    listen [2001:db8::1]:443 ssl http2;']);
    expect(text.match(/^ *listen \S+;$/gm)).toEqual(['    listen 80;', '    listen [::]:80;']);
  });

  it.each([
    [{}, 'NIST_SERVER_NAME'],
    [{ NIST_SERVER_NAME: 'a.example; evil' }, 'NIST_SERVER_NAME'],
    [{ NIST_SERVER_NAME: 'a.example', NIST_ORIGIN: 'http://127.0.0.1:3000' }, 'NIST_ORIGIN'],
    [{ NIST_SERVER_NAME: 'a.example', NIST_TLS_CERT: 'cert.pem' }, 'NIST_TLS_CERT'],
    [{ NIST_SERVER_NAME: 'a.example', NIST_PUBLIC_ORIGIN: 'http://a.example' }, 'NIST_PUBLIC_ORIGIN'],
    [{ NIST_SERVER_NAME: 'a.example', NIST_HTTPS_LISTEN: '443;' }, 'NIST_HTTPS_LISTEN'],
    [{ NIST_SERVER_NAME: 'a.example', NIST_CACHE_MAX_SIZE: 'lots' }, 'NIST_CACHE_MAX_SIZE'],
  ])('refuses %j, naming %s', (env, name) => {
    expect(() => nginxSettings(env)).toThrow(new RegExp(`^Cannot render[\\s\\S]*${name}=`));
  });

  it('refuses a template placeholder it has no setting for', () => {
    expect(() => renderNginxConf('root ${NIST_WEB_ROOT};', nginxSettings({ NIST_SERVER_NAME: 'a.example' }))).toThrow(/NIST_WEB_ROOT/);
  });
});
