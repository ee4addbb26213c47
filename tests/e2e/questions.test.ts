import type { Browser } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { login } from '../helpers/auth.js';
import { newContext } from '../helpers/browser.js';
import { withServerAndBrowser } from '../helpers/harness.js';
import type { TestServer } from '../helpers/server.js';
import { writeServerDb } from '../helpers/questions.js';
import { addSession, demoIds } from '../helpers/signaling.js';

let server: TestServer;
let browser: Browser;
withServerAndBrowser((s, b) => ([server, browser] = [s, b]));

/** A moderator's browser on the console's questions section of `sessionId`. */
async function moderatorPage(sessionId: number) {
  const context = await newContext(browser, 'desktop');
  const { cookie } = await login(server, 'moderator');
  const [name, value] = cookie.split('=');
  await context.addCookies([{ name: name!, value: value!, url: server.url }]);
  const page = await context.newPage();
  await page.goto(`${server.url}/console/questions/${sessionId}?lang=en`);
  return { context, page };
}

describe('citizen questions in Chromium', () => {
  it('goes from the ask form through the moderators’ queue onto every resident’s screen', async () => {
    const sessionId = addSession(server, { status: 'live' });
    const residentContext = await newContext(browser, 'phone');
    const resident = await residentContext.newPage();
    const errors: string[] = [];
    resident.on('pageerror', (e) => errors.push(e.message));
    await resident.goto(`${server.url}/sessions/${sessionId}?lang=en`);
    const watcher = await (await newContext(browser, 'desktop')).newPage();
    await watcher.goto(`${server.url}/sessions/${sessionId}?lang=en`);

    const text = 'When will the bus timetable for Karbi be published?';
    await resident.getByLabel('Your question').fill(text);
    await resident.getByLabel('Your name (optional)').fill('Anahit');
    await resident.getByRole('button', { name: 'Send question' }).click();
    await expect.poll(() => resident.locator('.own').innerText()).toContain('Waiting for moderation');
    // Still waiting after a reload: the state lives in localStorage and on the server.
    await resident.reload();
    await expect.poll(() => resident.locator('.own').innerText()).toContain('Waiting for moderation');
    expect(await watcher.locator('section.questions').innerText()).not.toContain(text);

    const { context: modContext, page: mod } = await moderatorPage(sessionId);
    const card = mod.locator('.mod-card', { hasText: text });
    await card.getByRole('button', { name: 'Approve' }).click();
    // It leaves the waiting list for the published one.
    await expect.poll(() => card.count()).toBe(0);
    await mod.getByRole('button', { name: 'Published (1)' }).click();
    await expect.poll(() => card.innerText()).toContain('Published');

    await expect.poll(() => watcher.locator('.question').allInnerTexts(), { timeout: 5_000 }).toEqual([expect.stringContaining(text)]);
    await expect.poll(() => resident.locator('.own').innerText()).toContain('Published');
    await watcher.locator('.question', { hasText: text }).getByRole('button', { name: /Support this question/ }).click();
    await expect.poll(() => resident.locator('.question', { hasText: text }).innerText()).toContain('1');
    // After a reload the vote is remembered for this browser, and voting again is not offered.
    await watcher.reload();
    const again = watcher.locator('.question', { hasText: text }).getByRole('button', { name: /You support this/ });
    await expect.poll(() => again.count()).toBe(1);
    expect(await again.isDisabled()).toBe(true);
    expect(errors).toEqual([]);
    await Promise.all([residentContext.close(), modContext.close(), watcher.context().close()]);
  });

  it('takes a question from a staff member logged in on the same browser (login cookie and CSRF token)', async () => {
    const sessionId = addSession(server, { status: 'live' });
    const { context, page } = await moderatorPage(sessionId);
    await page.goto(`${server.url}/sessions/${sessionId}?lang=en`);
    await page.getByLabel('Your question').fill('Asked by a moderator from home, as a resident.');
    await page.getByRole('button', { name: 'Send question' }).click();
    await expect.poll(() => page.locator('.own').innerText()).toContain('Waiting for moderation');
    await context.close();
  });

  it('places answered questions on the archived recording: the link seeks, the question lights up as it plays', async () => {
    const ended = demoIds(server).endedSessionId;
    const deadline = Date.now() + 90_000;
    let durationSec = 0;
    for (;;) {
      const body = (await (await fetch(`${server.url}/api/sessions/${ended}`)).json()) as { recording: { status: string; durationSec: number } | null };
      if (body.recording?.status === 'ready') {
        durationSec = body.recording.durationSec;
        break;
      }
      if (Date.now() > deadline) throw new Error(`the demo recording is not ready: ${JSON.stringify(body.recording)}`);
      await new Promise((r) => setTimeout(r, 500));
    }
    const at = Math.min(6, Math.floor(durationSec / 2));
    writeServerDb(server, (db) =>
      db
        .prepare(`INSERT INTO questions (session_id, text, status, answered_at_s, answer_text, client_fingerprint) VALUES (?, ?, 'answered', ?, ?, 'x')`)
        .run(ended, 'When will the minutes be published?', at, 'Within a week.'),
    );
    const context = await newContext(browser, 'desktop');
    const page = await context.newPage();
    await page.goto(`${server.url}/sessions/${ended}?lang=en`);
    await page.waitForFunction(() => (document.querySelector('video')?.readyState ?? 0) >= 1, null, { timeout: 20_000 });
    const link = page.getByRole('link', { name: `Answered at 0:${String(at).padStart(2, '0')} in the recording` });
    expect(await link.getAttribute('href')).toBe(`/sessions/${ended}?lang=en&t=${at}`);
    await link.click();
    const videoTime = () => page.evaluate(() => document.querySelector('video')!.currentTime);
    await expect.poll(videoTime, { timeout: 10_000 }).toBeGreaterThanOrEqual(at - 0.1);
    expect(await videoTime()).toBeLessThan(at + 3);
    await expect.poll(() => page.locator('.question[aria-current="true"]').innerText()).toContain('When will the minutes be published?');
    expect(await page.locator('.question[aria-current="true"]').innerText()).toContain('Within a week.');
    await context.close();
  });

  it('shows HTML in a question as inert text, to residents and moderators', async () => {
    const sessionId = addSession(server, { status: 'live' });
    const context = await newContext(browser, 'desktop');
    const resident = await context.newPage();
    const dialogs: string[] = [];
    resident.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await resident.goto(`${server.url}/sessions/${sessionId}?lang=en`);
    const payload = `<img src=x onerror="window.__xss=1;alert(1)"><script>window.__xss=2</script><b>bold</b> Is this safe?`;
    await resident.getByLabel('Your question').fill(payload);
    await resident.getByRole('button', { name: 'Send question' }).click();
    await expect.poll(() => resident.locator('.own').innerText()).toContain('Is this safe?');

    const { context: modContext, page: mod } = await moderatorPage(sessionId);
    mod.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    const card = mod.locator('.mod-card', { hasText: 'Is this safe?' });
    expect(await card.locator('.mod-text').innerText()).toBe(payload);
    await card.getByRole('button', { name: 'Approve' }).click();

    const item = resident.locator('.question', { hasText: 'Is this safe?' });
    await expect.poll(() => item.count()).toBe(1);
    expect(await item.locator('.question-text').innerText()).toBe(payload);
    for (const page of [resident, mod]) {
      expect(await page.locator('main img, main script:not([src]), main b').count()).toBe(0);
      expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    }
    expect(dialogs).toEqual([]);
    await Promise.all([context.close(), modContext.close()]);
  });
});
