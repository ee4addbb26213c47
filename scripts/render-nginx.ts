/**
 * Renders deploy/nginx/nist.conf for this site: every ${NIST_*} placeholder from the environment (or its
 * default below), checked first. Prints the result; `--out <file>` writes it instead.
 *
 *   NIST_SERVER_NAME=council.example.am node --import tsx scripts/render-nginx.ts > /etc/nginx/conf.d/nist.conf
 *
 * The tests render the same template through `renderNginxConf`, so what they run is what admins install.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

export const nginxTemplatePath = fileURLToPath(new URL('../deploy/nginx/nist.conf', import.meta.url));

const absolutePath = z.string().refine((p) => path.isAbsolute(p) && !/[\s;{}]/.test(p), { message: 'expected an absolute path without spaces, ; { }' });
/** `443`, `127.0.0.1:8443` or `[::]:443`. */
const listen = z.string().regex(/^(?:(?:\d{1,3}(?:\.\d{1,3}){3}|\[[0-9a-f:]+\]):)?\d{1,5}$/i, { message: 'expected a port, address:port or [v6]:port' });
const listenList = z
  .string()
  .transform((v) => v.split(',').map((s) => s.trim()).filter(Boolean))
  .pipe(z.array(listen).min(1, { message: 'expected at least one port or address:port' }));
const hostPort = z.string().regex(/^(?:[a-z0-9.-]+|\[[0-9a-f:]+\]):\d{1,5}$/i, { message: 'expected host:port of the Nist origin, such as 127.0.0.1:3000' });
const serverName = z.string().regex(/^[a-z0-9*_.-]+(?: [a-z0-9*_.-]+)*$/i, { message: 'expected host names separated by spaces' });

const settingsSchema = z
  .object({
    /** The site's host name(s), as browsers type them. */
    NIST_SERVER_NAME: serverName,
    /** Where plain HTTP is redirected: the site's https:// address (the origin's PUBLIC_URL). Default https://<first server name>. */
    NIST_PUBLIC_ORIGIN: z.url({ protocol: /^https$/, message: 'expected an https:// URL' }).transform((u) => u.replace(/\/+$/, '')).optional(),
    NIST_HTTP_LISTEN: listenList.default(['80', '[::]:80']),
    NIST_HTTPS_LISTEN: listenList.default(['443', '[::]:443']),
    /** The Nist origin as nginx reaches it (its HOST and PORT). */
    NIST_ORIGIN: hostPort.default('127.0.0.1:3000'),
    /** Default: certbot's files for the first server name. */
    NIST_TLS_CERT: absolutePath.optional(),
    NIST_TLS_KEY: absolutePath.optional(),
    NIST_CACHE_DIR: absolutePath.default('/var/cache/nginx/nist'),
    NIST_CACHE_MAX_SIZE: z.string().regex(/^\d+[kmg]$/i, { message: 'expected a size such as 20g or 500m' }).default('20g'),
    NIST_ACME_ROOT: absolutePath.default('/var/www/letsencrypt'),
    NIST_LOG_DIR: absolutePath.default('/var/log/nginx'),
  })
  .transform((s) => {
    const first = s.NIST_SERVER_NAME.split(' ')[0]!;
    return {
      ...s,
      NIST_PUBLIC_ORIGIN: s.NIST_PUBLIC_ORIGIN ?? `https://${first}`,
      NIST_TLS_CERT: s.NIST_TLS_CERT ?? `/etc/letsencrypt/live/${first}/fullchain.pem`,
      NIST_TLS_KEY: s.NIST_TLS_KEY ?? `/etc/letsencrypt/live/${first}/privkey.pem`,
    };
  });

export type NginxSettingsInput = z.input<typeof settingsSchema>;
export type NginxSettings = z.output<typeof settingsSchema>;

/** Checks the settings; throws naming each bad or missing variable. */
export function nginxSettings(input: Record<string, string | undefined>): NginxSettings {
  const parsed = settingsSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((i) => `  ${String(i.path[0] ?? 'settings')}=${JSON.stringify(input[String(i.path[0])] ?? '(unset)')}: ${i.message}`);
  throw new Error(`Cannot render the nginx configuration:\n${problems.join('\n')}`);
}

/**
 * Replaces each ${NAME} in the template; a line with a list-valued placeholder (the listen addresses) is
 * repeated once per value. A placeholder the settings do not know is an error, not an empty string.
 */
export function renderNginxConf(template: string, settings: NginxSettings): string {
  const values = settings as Record<string, string | string[]>;
  const unknown = new Set<string>();
  const rendered = template.split('\n').flatMap((line) => {
    const names = [...line.matchAll(/\$\{([A-Z][A-Z0-9_]*)\}/g)].map((m) => m[1]!);
    for (const n of names) if (!(n in values)) unknown.add(n);
    const list = names.find((n) => Array.isArray(values[n]));
    const variants = list ? (values[list] as string[]).map((v) => ({ [list]: v })) : [{}];
    return variants.map((pick) =>
      line.replace(/\$\{([A-Z][A-Z0-9_]*)\}/g, (whole, n: string) => {
        const v = (pick as Record<string, string>)[n] ?? values[n];
        return typeof v === 'string' ? v : Array.isArray(v) ? v.join(' ') : whole;
      }),
    );
  });
  if (unknown.size) throw new Error(`The nginx template uses settings this script does not know: ${[...unknown].join(', ')}`);
  return rendered.join('\n');
}

function main(argv: string[]): void {
  const outAt = argv.indexOf('--out');
  const out = outAt >= 0 ? argv[outAt + 1] : undefined;
  if (outAt >= 0 && !out) throw new Error('--out needs a file name');
  const text = renderNginxConf(fs.readFileSync(nginxTemplatePath, 'utf8'), nginxSettings(process.env));
  if (out) fs.writeFileSync(out, text);
  else process.stdout.write(text);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    main(process.argv.slice(2));
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n`);
    process.exit(1);
  }
}
