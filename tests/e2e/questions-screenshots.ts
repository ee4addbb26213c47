/**
 * Screenshots of citizen questions (session page, archive, moderators' queue) at phone and desktop width, in
 * Armenian and English, for a person to look at. Starts its own server with seeded questions.
 *
 *   node --import tsx tests/e2e/questions-screenshots.ts <outDir>
 */
import fs from 'node:fs';
import path from 'node:path';
import { launchChromium, viewports } from '../helpers/browser.js';
import { login } from '../helpers/auth.js';
import { addRecordingInProgress, ask, connectBrowser, newClientId, writeServerDb } from '../helpers/questions.js';
import { startServer } from '../helpers/server.js';
import { addSession, ok } from '../helpers/signaling.js';

const outDir = process.argv[2] ?? 'screenshots/questions';
fs.mkdirSync(outDir, { recursive: true });

const server = await startServer({ env: { QUESTIONS_PER_MINUTE: '1000', QUESTIONS_PER_ADDRESS_PER_MINUTE: '10000' } });
const problems: string[] = [];
try {
  const moderator = await login(server, 'moderator');
  const mod = await connectBrowser(server.url, { auth: moderator });
  const live = addSession(server, { status: 'live' });
  addRecordingInProgress(server, live, 754);
  const agendaItem = writeServerDb(server, (db) => {
    const insert = db.prepare('INSERT INTO agenda_items (session_id, position, number, title) VALUES (?, ?, ?, ?)');
    insert.run(live, 1, '1', 'Օրակարգի հաստատում');
    return Number(insert.run(live, 2, '2', 'Համայնքի 2027 թվականի բյուջեի նախագծի քննարկում').lastInsertRowid);
  });
  const askerId = newClientId();
  const texts = [
    'Ե՞րբ կվերանորոգվի Շահումյան փողոցի ճանապարհը, որը երկու տարի է փոսերով է։',
    'Ինչքա՞ն գումար է նախատեսված դպրոցների ջեռուցման համար 2027 թվականին։',
    '<script>alert("xss")</script> Կլինե՞ն նոր խաղահրապարակներ Կարբիում',
    'Ինչու՞ են փողոցային լույսերն անջատվում կեսգիշերից հետո։',
  ];
  const ids: number[] = [];
  for (const [i, text] of texts.entries()) {
    const res = await ask(server, live, { text, authorName: i === 1 ? 'Անահիտ Պետրոսյան' : null, agendaItemId: i === 1 ? agendaItem : null }, i === 3 ? askerId : newClientId());
    ids.push(res.body.id);
  }
  await ok(mod, 'moderation:subscribe', { sessionId: live });
  for (const id of ids.slice(0, 3)) await ok(mod, 'moderation:approve', { questionId: id, expectedVersion: 1 });
  await ok(mod, 'moderation:pin', { questionId: ids[0], expectedVersion: 2, pinned: true });
  await ok(mod, 'moderation:answer', { questionId: ids[1], expectedVersion: 2, answerText: 'Նախատեսված է 48 միլիոն դրամ, մանրամասները՝ բյուջեի նախագծում։' });
  for (let v = 0; v < 4; v++) {
    const voter = await connectBrowser(server.url, { clientId: newClientId() });
    await ok(voter, 'questions:subscribe', { sessionId: live });
    await ok(voter, 'questions:vote', { questionId: ids[v % 2 === 0 ? 2 : 0] });
    voter.disconnect();
  }
  writeServerDb(server, (db) => db.prepare(`INSERT INTO questions (session_id, text, client_fingerprint) VALUES (?, ?, 'x')`).run(live, 'Նոր հարց՝ սպասում է մոդերացիայի, ավտոբուսների չվացուցակի մասին'));
  // The archive: an ended session's questions, answered at moments of its recording, and one left unanswered.
  const ended = addSession(server, { status: 'ended' });
  writeServerDb(server, (db) => {
    const insert = db.prepare(
      `INSERT INTO questions (session_id, text, author_name, status, answered_at_s, answer_text, votes, client_fingerprint) VALUES (?, ?, ?, ?, ?, ?, ?, 'x')`,
    );
    insert.run(ended, texts[1], 'Անահիտ Պետրոսյան', 'answered', 754.2, 'Նախատեսված է 48 միլիոն դրամ, մանրամասները՝ բյուջեի նախագծում։', 7);
    insert.run(ended, texts[0], null, 'answered', 1312, null, 12);
    insert.run(ended, 'Ե՞րբ կհրապարակվեն նիստի արձանագրությունները։', null, 'approved', null, null, 3);
  });
  mod.disconnect();

  const browser = await launchChromium();
  for (const lang of ['hy', 'en'] as const) {
    for (const [vpName, viewport] of Object.entries(viewports)) {
      const context = await browser.newContext({ viewport, deviceScaleFactor: 1 });
      await context.addInitScript((id) => window.localStorage.setItem('nist.client', id), askerId);
      const page = await context.newPage();
      page.on('pageerror', (e) => problems.push(`${lang}/${vpName}: ${e.message}`));
      page.on('dialog', (d) => problems.push(`${lang}/${vpName}: a dialog opened: ${d.message()}`));
      for (const [name, route] of [
        ['live', `/sessions/${live}`],
        ['archive', `/sessions/${ended}`],
      ] as const) {
        await page.goto(`${server.url}${route}?lang=${lang}`);
        await page.waitForSelector('#questions-heading');
        await page.waitForTimeout(800);
        const section = page.locator('section.questions');
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        if (overflow > 0) problems.push(`${lang}/${vpName}/${name}: ${overflow}px horizontal overflow`);
        const file = path.join(outDir, `${name}-${lang}-${vpName}.png`);
        const box = (await section.boundingBox())!;
        await page.screenshot({ path: file, fullPage: true, clip: { x: 0, y: Math.max(0, box.y - 16), width: viewport.width, height: box.height + 32 } });
        console.log(file);
      }
      const [name, value] = moderator.cookie.split('=');
      await context.addCookies([{ name: name!, value: value!, url: server.url }]);
      await page.goto(`${server.url}/console/questions/${live}?lang=${lang}`);
      await page.waitForSelector('.mod-card');
      await page.getByRole('button', { name: /#|All|Բոլորը/ }).last().click();
      await page.waitForTimeout(300);
      const file = path.join(outDir, `console-${lang}-${vpName}.png`);
      await page.screenshot({ path: file, fullPage: true });
      console.log(file);
      await page.locator('.mod-toolbar').evaluate((e) => e.scrollIntoView());
      const top = path.join(outDir, `console-${lang}-${vpName}-top.png`);
      await page.screenshot({ path: top });
      console.log(top);
      await context.close();
    }
  }
  await browser.close();
} finally {
  await server.stop();
}
for (const p of problems) console.error(`PROBLEM ${p}`);
process.exit(problems.length ? 1 : 0);
