import type { Browser, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { expectNoSeriousViolations, logInToConsole } from '../helpers/console.js';
import { newContext } from '../helpers/browser.js';
import { queryServerDb } from '../helpers/db.js';
import { withServerAndBrowser } from '../helpers/harness.js';
import type { TestServer } from '../helpers/server.js';
import { demoIds } from '../helpers/signaling.js';

let server: TestServer;
let browser: Browser;
withServerAndBrowser((s, b) => ([server, browser] = [s, b]));

const logIn = (page: Page, path: string, username: string) => logInToConsole(page, server, path, username);
const noSeriousViolations = expectNoSeriousViolations;

type MemberRow = { name: string; role: string; term_start: string | null; term_end: string | null };
const membersOf = (slug: string) =>
  queryServerDb<MemberRow>(
    server.dataDir,
    'SELECT m.name, m.role, m.term_start, m.term_end FROM members m JOIN bodies b ON b.id = m.body_id WHERE b.slug = ? ORDER BY m.id',
    slug,
  );
const focusedLabel = (page: Page) =>
  page.evaluate(() => (document.activeElement?.getAttribute('aria-label') ?? document.activeElement?.textContent ?? '').replace(/\s+/g, ' ').trim());

describe('the Bodies section of the console', () => {
  it('lets an admin create and edit a body, add a member with a term, fix a bad term, and residents see the member', async () => {
    const context = await newContext(browser, 'desktop');
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await logIn(page, '/console/bodies?lang=en', 'admin');
    await page.getByRole('heading', { level: 1, name: 'Bodies' }).waitFor();
    await page.getByRole('link', { name: 'Ashtarak Community Council' }).waitFor();

    await page.getByRole('button', { name: 'New body' }).click();
    await page.getByLabel('Name in Armenian').fill('Գյումրու համայնքի ավագանի');
    await page.getByLabel('Name in English').fill('Gyumri Council');
    await page.getByLabel('Name in Russian').fill('Совет общины Гюмри');
    await page.getByLabel('Address name').fill('Gyumri Council');
    await page.getByRole('button', { name: 'Create body' }).click();
    // The slug is checked before anything is sent.
    await page.getByText('This address name does not follow the rules below.').waitFor();
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('new-body-slug');
    await page.getByLabel('Address name').fill('ashtarak-council');
    await page.getByRole('button', { name: 'Create body' }).click();
    await page.getByText('This address name is already taken. Choose another.').waitFor();
    expect(queryServerDb(server.dataDir, "SELECT id FROM bodies WHERE name_en = 'Gyumri Council'")).toEqual([]);
    await page.getByLabel('Address name').fill('gyumri-council');
    await page.getByRole('button', { name: 'Create body' }).click();
    await page.waitForURL(/\/console\/bodies\/\d+/);
    await page.getByRole('heading', { level: 2, name: 'Gyumri Council' }).waitFor();
    expect(queryServerDb(server.dataDir, "SELECT slug, kind, name_hy, name_ru FROM bodies WHERE slug = 'gyumri-council'")).toEqual([
      { slug: 'gyumri-council', kind: 'council', name_hy: 'Գյումրու համայնքի ավագանի', name_ru: 'Совет общины Гюмри' },
    ]);
    await page.getByText('This body has no members yet.').waitFor();

    await page.getByRole('button', { name: 'Edit body' }).click();
    await page.getByLabel('Name in English').fill('Gyumri Community Council');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('The body “Gyumri Community Council” was saved.').waitFor();
    await page.getByRole('heading', { level: 2, name: 'Gyumri Community Council' }).waitFor();
    expect(queryServerDb(server.dataDir, "SELECT name_en FROM bodies WHERE slug = 'gyumri-council'")).toEqual([{ name_en: 'Gyumri Community Council' }]);
    await expect.poll(() => focusedLabel(page)).toBe('Edit body');

    // A term that ends before it starts: the server refuses it and the form says so beside the end date.
    await page.getByRole('button', { name: 'New member' }).click();
    await page.getByLabel('Full name').fill('Արամ Ղազարյան');
    await page.getByLabel('Position').selectOption({ label: 'Chair' });
    await page.getByLabel('Term starts').fill('2024-10-01');
    await page.getByLabel('Term ends').fill('2024-01-01');
    await page.getByRole('button', { name: 'Add member' }).click();
    const termEnd = page.getByLabel('Term ends');
    await expect.poll(() => termEnd.getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator(`#${await termEnd.getAttribute('id')}-error`).innerText()).toBe('The term cannot end before it starts.');
    expect(await page.locator('.console-notice.notice-error').innerText()).toContain('the term ends before it starts');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe(await termEnd.getAttribute('id'));
    expect(membersOf('gyumri-council')).toEqual([]);

    await termEnd.fill('2029-10-01');
    await page.getByRole('button', { name: 'Add member' }).click();
    const card = page.getByRole('article', { name: 'Արամ Ղազարյան' });
    await card.waitFor();
    expect(membersOf('gyumri-council')).toEqual([{ name: 'Արամ Ղազարյան', role: 'chair', term_start: '2024-10-01', term_end: '2029-10-01' }]);
    expect(await card.innerText()).toContain('Chair');
    await page.getByText('Member added: Արամ Ղազարյան.').waitFor();
    await expect.poll(() => focusedLabel(page)).toBe('+ New member');

    // Editing the term in a dialog: a bad range is refused there too, and nothing changes.
    await page.getByRole('button', { name: 'Edit: Արամ Ղազարյան' }).click();
    const dialog = page.getByRole('dialog', { name: 'Edit Արամ Ղազարյան' });
    await dialog.waitFor();
    await dialog.getByLabel('Term ends').fill('2023-05-05');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => dialog.getByLabel('Term ends').getAttribute('aria-invalid')).toBe('true');
    await dialog.getByText('The term cannot end before it starts.').waitFor();
    expect(membersOf('gyumri-council')[0]!.term_end).toBe('2029-10-01');
    await noSeriousViolations(page);
    await dialog.getByLabel('Term ends').fill('2030-12-31');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Saved: Արամ Ղազարյան.').waitFor();
    expect(await dialog.isVisible()).toBe(false);
    expect(membersOf('gyumri-council')[0]!.term_end).toBe('2030-12-31');
    await expect.poll(() => focusedLabel(page)).toBe('Edit: Արամ Ղազարյան');
    await noSeriousViolations(page);

    // A second member, added and removed again with the keyboard.
    await page.getByRole('button', { name: 'New member' }).click();
    await page.getByLabel('Full name').fill('Լուսինե Բաղդասարյան');
    await page.keyboard.press('Enter');
    await page.getByRole('article', { name: 'Լուսինե Բաղդասարյան' }).waitFor();
    await page.getByRole('button', { name: 'Remove: Լուսինե Բաղդասարյան' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('dialog', { name: 'Remove Լուսինե Բաղդասարյան?' }).getByRole('button', { name: 'Remove' }).click();
    await page.getByText('Member removed: Լուսինե Բաղդասարյան.').waitFor();
    expect(membersOf('gyumri-council').map((m) => m.name)).toEqual(['Արամ Ղազարյան']);
    await expect.poll(() => focusedLabel(page)).toBe('Members');

    await page.goto(`${server.url}/bodies/gyumri-council?lang=en`);
    await page.getByRole('heading', { level: 1, name: 'Gyumri Community Council' }).waitFor();
    const members = page.getByRole('region', { name: 'Members' });
    await expect.poll(() => members.innerText()).toContain('Արամ Ղազարյան');
    expect(await members.innerText()).toContain('Chair');
    await noSeriousViolations(page);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('shows a clerk only the bodies of their grant, without creating or deleting bodies, and lets them end a term', async () => {
    const context = await newContext(browser, 'phone');
    const page = await context.newPage();
    await logIn(page, '/console/bodies?lang=en', 'clerk');
    await page.getByRole('link', { name: 'Ashtarak Community Council' }).waitFor();
    expect(await page.getByRole('link', { name: 'Ashtarak Central Library' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'New body' }).count()).toBe(0);
    await page.getByRole('link', { name: 'Ashtarak Community Council' }).click();
    await page.getByRole('article', { name: 'Անի Սարգսյան' }).waitFor();
    expect(await page.getByRole('button', { name: 'Delete body' }).count()).toBe(0);

    // Ending a term keeps the member on record, among the former members, and off the public page.
    await page.getByRole('button', { name: 'End term: Սուրեն Ավետիսյան' }).click();
    const dialog = page.getByRole('dialog', { name: 'End the term of Սուրեն Ավետիսյան?' });
    await dialog.getByLabel('Term ends').fill('2024-01-01');
    await dialog.getByRole('button', { name: 'End term' }).click();
    await dialog.getByText('The term cannot end before it starts.').waitFor();
    expect(membersOf('ashtarak-council').find((m) => m.name === 'Սուրեն Ավետիսյան')!.term_end).toBe('2029-10-01');
    await dialog.getByLabel('Term ends').fill('2025-06-30');
    await dialog.getByRole('button', { name: 'End term' }).click();
    await page.getByText('Term ended: Սուրեն Ավետիսյան.').waitFor();
    expect(membersOf('ashtarak-council').find((m) => m.name === 'Սուրեն Ավետիսյան')!.term_end).toBe('2025-06-30');
    await page.getByRole('heading', { name: '1 former member' }).waitFor();
    expect(await page.getByRole('article', { name: 'Սուրեն Ավետիսյան' }).innerText()).toContain('Not in office');
    await noSeriousViolations(page);

    await page.goto(`${server.url}/bodies/ashtarak-council?lang=en`);
    const members = page.getByRole('region', { name: 'Members' });
    await expect.poll(() => members.innerText()).toContain('Անի Սարգսյան');
    expect(await members.innerText()).not.toContain('Սուրեն Ավետիսյան');
    await context.close();
  });
});

describe('the Recordings section of the console', () => {
  it('shows an archivist the demo recording with its renditions and opens its chapters and captions editors', async () => {
    const context = await newContext(browser, 'desktop');
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    const ended = demoIds(server).endedSessionId;
    const title = queryServerDb<{ title: string }>(server.dataDir, 'SELECT title FROM sessions WHERE id = ?', ended)[0]!.title;
    await logIn(page, '/console/recordings?lang=en', 'archivist');
    const nav = await page.locator('.console-nav').innerText();
    expect(nav).toContain('Recordings');
    expect(nav).not.toContain('Bodies');
    const card = page.getByRole('article', { name: title });
    // The demo recording is made by a background job; the card follows it until it is ready.
    await expect.poll(() => card.innerText(), { timeout: 60_000 }).toContain('Ready');
    await page.reload();
    await expect.poll(() => card.innerText()).toContain('Ready');
    expect(await card.innerText()).toMatch(/Qualities\s*\d+p/);
    await noSeriousViolations(page);

    await card.getByRole('link', { name: `Chapters and captions: ${title}` }).click();
    await page.waitForURL(new RegExp(`/console/recordings/${ended}`));
    await page.getByRole('heading', { level: 2, name: title }).waitFor();
    await page.locator('#clerk-chapters').waitFor();
    await page.locator('#clerk-captions').waitFor();
    await page.locator('#cap-lang').waitFor();
    await page.getByText('The body’s clerk publishes or hides the session.').waitFor();
    expect(await page.getByRole('button', { name: 'Hide' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Add item' }).count()).toBe(0);
    await noSeriousViolations(page);
    expect(errors).toEqual([]);
    await context.close();
  });
});
