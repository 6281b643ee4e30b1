import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemoData } from '../../src/app/load-demo-data.js';
import { loadConfig } from '../../src/config.js';
import { message } from '../../src/core/messages/index.js';
import { SUMMARY_REFUSAL_MESSAGE } from '../../src/core/summaries/request-summary.js';
import { createSilentLogger } from '../../src/logger.js';
import { startApp } from '../../src/main.js';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.js';

/**
 * The playground end to end in a real browser: Debian's chromium driven by playwright-core, the
 * server on an ephemeral port with the demo data, no language model (extractive answers).
 * CI installs chromium (.ci/run); locally: `apt-get install -y chromium`.
 */
const CHROMIUM = '/usr/bin/chromium';
const OUTPUT = fileURLToPath(new URL('../../test-results/', import.meta.url));
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium) console.warn(`Skipping the playground browser test: ${CHROMIUM} is missing (apt-get install -y chromium).`);

let test: TestDatabase;
let app: Awaited<ReturnType<typeof startApp>>;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  if (!haveChromium) return;
  test = await createTestDatabase();
  if (test.backend === 'postgres') await loadDemoData(test.db, createSilentLogger());
  await test.db.close();
  app = await startApp(loadConfig({ ...test.env, PORT: '0', LOG_LEVEL: 'silent', REMINDERS_ENABLED: 'false' }), createSilentLogger());
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--headless=new',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
      '--disable-quic',
    ],
  });
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(`${app.url}/`);
  await page.waitForSelector('body[data-ready="true"]');
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await test?.drop();
});

const BORDER_QUESTION = 'How many official land border crossing points does Lumeria have?';
const WITHDRAWN = 'Withdrawn: a cited document is not shared with everyone who reads this channel.';
const TRAINING_QUESTION = 'How many border officers completed the document-fraud training?';

async function choose(member: string, context = '') {
  await page.selectOption('#member', member);
  await page.selectOption('#context', context);
  // The scope list is rendered for this member and context, not left over from the previous choice.
  await page.waitForSelector(`#scope[data-for="${member}|${context}"] #scope-count`);
}

/** Types the question and sends it with the keyboard (Ctrl+Enter); returns the finished answer box. */
async function ask(question: string) {
  const before = await page.locator('.message.bot.done').count();
  await page.focus('#question');
  await page.fill('#question', question);
  await page.keyboard.press('Control+Enter');
  await expect.poll(() => page.locator('.message.bot.done').count(), { timeout: 30_000 }).toBe(before + 1);
  const box = page.locator('.message.bot.done').first();
  const sources = await box.locator('ol.sources li').evaluateAll((items) => items.map((item) => item.getAttribute('data-document-id')));
  return { box, text: await box.innerText(), sources };
}

describe.skipIf(!haveChromium)('the playground in a browser', () => {
  it('answers the same question differently for two members, as the access model says', async () => {
    await choose('mbr-demo-dvarga');
    const member = await ask(BORDER_QUESTION);
    expect(member.sources).toContain('demo-lum-assess-2026');
    expect(member.text).toContain('14 official land border crossing points');
    expect(await member.box.locator('sup.cite').count()).toBeGreaterThan(0);
    // No model configured: the answer says it is extractive.
    expect(await member.box.locator('.notice').innerText()).toMatch(/no language model is configured/);

    await choose('mbr-demo-eobi');
    const outsider = await ask(BORDER_QUESTION);
    expect(outsider.sources).not.toContain('demo-lum-assess-2026');
    expect(outsider.text).not.toContain('14 official land border');
  }, 60_000);

  it('answers more narrowly in a working-group channel than in a direct message', async () => {
    await choose('mbr-demo-dvarga');
    const dm = await ask(TRAINING_QUESTION);
    expect(dm.sources).toContain('demo-lum-training-2026');
    const dmScope = await page.locator('#scope [data-document-id]').count();

    await choose('mbr-demo-dvarga', 'wg-demo-border');
    expect(await page.locator('#scope [data-document-id="demo-lum-training-2026"]').count()).toBe(0);
    expect(await page.locator('#scope [data-document-id]').count()).toBeLessThan(dmScope);
    const channel = await ask(TRAINING_QUESTION);
    expect(channel.sources).not.toContain('demo-lum-training-2026');
    expect(channel.text).not.toContain('85 Lumerian border officers');
  }, 60_000);

  it('stores 👍/👎 against the answer', async () => {
    const box = page.locator('.message.bot.done').first();
    await box.locator('[data-feedback="down"]').focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => box.innerText()).toMatch(/thank/i);
    const votes = await app.db.query<{ rating: string; member_id: string }>(
      "SELECT rating, member_id FROM answer_feedback WHERE platform = 'web' ORDER BY id DESC LIMIT 1",
    );
    expect(votes.rows[0]).toEqual({ rating: 'down', member_id: 'mbr-demo-dvarga' });
  }, 30_000);

  it('lets a chair request and approve a summary, which then shows in the channel view; a non-chair is refused', async () => {
    await choose('mbr-demo-dvarga');
    await page.selectOption('#summary-group', 'wg-demo-border');
    await page.selectOption('#summary-state', 'lumeria');
    await page.click('#summary-request');
    await expect.poll(() => page.locator('#summary-refusal').count()).toBe(1);
    expect(await page.locator('#summary-refusal').innerText()).toBe(SUMMARY_REFUSAL_MESSAGE);

    // Revoked and pending consent: Dmitri (UNOCT) sees neither document, Ada (CTED, the owner) sees both, marked.
    expect(await page.locator('#scope [data-document-id="demo-kes-assess-2025"]').count()).toBe(0);
    await choose('mbr-demo-achen');
    expect(await page.locator('#scope [data-document-id="demo-kes-assess-2025"] [data-consent="revoked"]').count()).toBe(1);
    expect(await page.locator('#scope [data-document-id="demo-sar-recs-2026"] [data-consent="pending"]').count()).toBe(1);
    // Ada chairs two groups.
    expect(await page.locator('#member-card .role').allInnerTexts()).toEqual([
      expect.stringMatching(/chair/),
      expect.stringMatching(/chair/),
    ]);
    await page.selectOption('#summary-group', 'wg-demo-border');
    await page.selectOption('#summary-state', 'lumeria');
    await page.click('#summary-request');
    const draft = page.locator('#summary-draft');
    await draft.waitFor();
    const firstDraftId = await draft.getAttribute('data-draft-id');
    expect(firstDraftId).toBeTruthy();
    // Regenerate: a new version takes the old one's place.
    await page.click('#summary-regenerate');
    await expect.poll(() => page.locator('#summary-draft').getAttribute('data-draft-id')).not.toBe(firstDraftId);
    const draftId = await page.locator('#summary-draft').getAttribute('data-draft-id');
    expect(draftId).toBeTruthy();
    await page.click('#summary-approve');
    await expect.poll(() => page.locator('#summary-status').innerText()).toMatch(/Posted to #wg-demo-border/);
    await page.selectOption('#channel-view-group', 'wg-demo-border');
    const posted = page.locator(`#channel-posts .post[data-draft-id="${draftId}"]`);
    await posted.waitFor();
    expect(await posted.innerText()).toContain('[1]');
    const status = await app.db.query<{ status: string }>('SELECT status FROM summary_drafts WHERE id = $1', [draftId]);
    expect(status.rows[0]?.status).toBe('posted');
  }, 60_000);

  it('in a channel with a guest, answers the asker privately with the reason, posts nothing there, and refuses to post a summary', async () => {
    await choose('mbr-demo-dvarga', 'wg-demo-border');
    expect(await page.inputValue('#channel-view-group')).toBe('wg-demo-border');
    await expect.poll(() => page.locator('#channel-roster').innerText()).toMatch(/^Read by \d+ member\(s\) of the group\.$/);
    expect(await page.locator('#channel-posts .post').count()).toBe(1);
    await page.check('#channel-guest');
    await expect.poll(() => page.locator('#channel-roster').innerText()).toMatch(/and a guest/);
    await expect.poll(() => page.locator('#scope-count').innerText()).toMatch(/a guest reads this channel/);
    // History counts: the summary approved above quotes documents the guest may not see, so it is withdrawn.
    expect(await page.locator('#channel-posts .post').allInnerTexts()).toEqual([WITHDRAWN]);

    // The answer posted in this channel earlier (before the guest) is recorded there; this one must not be.
    const roomAnswers = async () =>
      (
        await app.db.query<{ n: number }>(
          "SELECT count(*)::int AS n FROM posted_messages p JOIN audit_log a ON a.id = p.audit_id WHERE p.platform = 'web' AND p.conversation_id = 'wg-demo-border' AND a.kind = 'answer'",
        )
      ).rows[0]?.n;
    const answersBefore = await roomAnswers();
    expect(answersBefore).toBe(1);
    const answer = await ask(BORDER_QUESTION);
    expect(await answer.box.getAttribute('data-context')).toBe('wg-demo-border');
    expect(await answer.box.getAttribute('data-audience')).toBe('private');
    expect(await answer.box.locator('[data-note="room"]').innerText()).toBe(message('room.private_outsiders', 'en'));
    expect(await answer.box.locator('.meta').innerText()).toMatch(/only visible to you/);
    expect(answer.sources.length).toBeGreaterThan(0);
    // The channel view shows only what the bot posted there: nothing new.
    expect(await page.locator('#channel-posts .post').allInnerTexts()).toEqual([WITHDRAWN]);
    expect(await roomAnswers()).toBe(answersBefore);

    mkdirSync(OUTPUT, { recursive: true });
    await page.screenshot({ path: `${OUTPUT}playground-${test.backend}-guest-laptop.png`, fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    // At phone width: the top of the page (the private answer with its line), then the channel view.
    await page.evaluate(() => (globalThis as unknown as { scrollTo(x: number, y: number): void }).scrollTo(0, 0));
    await page.screenshot({ path: `${OUTPUT}playground-${test.backend}-guest-phone.png` });
    await page.locator('#channel-posts').screenshot({ path: `${OUTPUT}playground-${test.backend}-guest-phone-channel.png` });
    await page.setViewportSize({ width: 1280, height: 900 });

    // A chair's draft: Approve reads the channel again and finds the guest.
    await choose('mbr-demo-achen');
    await page.selectOption('#summary-group', 'wg-demo-border');
    await page.selectOption('#summary-state', 'lumeria');
    await page.click('#summary-request');
    const draftId = await page.locator('#summary-draft').getAttribute('data-draft-id');
    await page.click('#summary-approve');
    await expect.poll(() => page.locator('#summary-status').innerText()).toBe(message('room.summary_outsiders', 'en'));
    expect(await page.locator('#summary-status').getAttribute('class')).toBe('refusal');
    const status = await app.db.query<{ status: string }>('SELECT status FROM summary_drafts WHERE id = $1', [draftId]);
    expect(status.rows[0]?.status).toBe('draft');

    await page.selectOption('#channel-view-group', 'wg-demo-border');
    await page.uncheck('#channel-guest');
    await expect.poll(() => page.locator('#channel-roster').innerText()).not.toMatch(/guest/);
  }, 60_000);

  it('shows the next reminder texts, takes Arabic right to left, fits a phone, and saves a screenshot', async () => {
    const reminders = page.locator('[data-reminder-id]');
    expect(await reminders.count()).toBe(4);
    expect(await page.locator('[data-reminder-id="rem-demo-heads-monthly"] pre').innerText()).toMatch(
      /heads' coordination meeting \(demo\) is on/,
    );

    await page.fill('#question', 'ما عدد المعابر الحدودية في قمران؟');
    expect(await page.$eval('#question', (element) => element.matches(':dir(rtl)'))).toBe(true);

    mkdirSync(OUTPUT, { recursive: true });
    await page.screenshot({ path: `${OUTPUT}playground-${test.backend}-laptop.png`, fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    expect(
      await page.evaluate(
        () => (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document.documentElement.scrollWidth,
      ),
    ).toBeLessThanOrEqual(390);
    await page.screenshot({ path: `${OUTPUT}playground-${test.backend}-phone.png`, fullPage: true });
    expect(existsSync(`${OUTPUT}playground-${test.backend}-phone.png`)).toBe(true);
  }, 30_000);
});
