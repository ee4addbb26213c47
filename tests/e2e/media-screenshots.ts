/**
 * Screenshots of the console's Media section (admins) at phone and desktop width, in Armenian and English, for a
 * person to look at: one server on the defaults, and one whose PUBLIC_URL is public while every announced
 * address is private (the warning).
 *
 *   node --import tsx tests/e2e/media-screenshots.ts <outDir>
 *
 * Prints one line per PNG and flags page errors and horizontal overflow; exits 1 if any.
 */
import fs from 'node:fs';
import path from 'node:path';
import { demoPassword } from '../helpers/auth.js';
import { launchChromium, viewports } from '../helpers/browser.js';
import { startServer } from '../helpers/server.js';

const outDir = path.resolve(process.argv[2] ?? '/tmp/shots-media');
fs.mkdirSync(outDir, { recursive: true });
const problems: string[] = [];
const browser = await launchChromium();
const servers = await Promise.all([
  startServer({ workersPerCore: true, env: { RTC_PORT: '44444' } }),
  // The warning: a public site whose media server offers only a private address.
  startServer({ env: { ANNOUNCED_ADDRESS: '10.20.30.40', PUBLIC_URL: 'https://nist.example.am' } }),
]);
try {
  for (const [i, server] of servers.entries()) {
    for (const lang of ['hy', 'en']) {
      for (const [name, viewport] of Object.entries(viewports)) {
        const context = await browser.newContext({ viewport, deviceScaleFactor: 1 });
        const page = await context.newPage();
        page.on('pageerror', (e) => problems.push(`${name}-${lang}: page error: ${e.message}`));
        await page.goto(`${server.url}/console?lang=${lang}`);
        await page.fill('#login-username', 'admin');
        await page.fill('#login-password', demoPassword(server, 'admin'));
        await page.click('.console-login-form button[type=submit]');
        await page.waitForSelector('.console-nav');
        await page.goto(`${server.url}/console/media?lang=${lang}`);
        await page.waitForSelector('[data-testid=media-addresses]');
        await page.locator('.media-sockets summary').click();
        await page.evaluate(() => document.fonts.ready);
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        if (overflow > 0) problems.push(`${name}-${lang}: ${overflow}px horizontal overflow`);
        const file = path.join(outDir, `${i === 0 ? 'defaults' : 'warning'}-${name}-${lang}.png`);
        await page.screenshot({ path: file, fullPage: true });
        process.stdout.write(`${file}\n`);
        await context.close();
      }
    }
  }
} finally {
  await browser.close();
  await Promise.all(servers.map((s) => s.stop()));
}
for (const p of problems) process.stderr.write(`${p}\n`);
process.exit(problems.length > 0 ? 1 : 0);
