import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAnalyticsStore } from '../src/db/analytics.js';
import { LOCAL_USER_ID } from '../src/db/users.js';
import { fixtureById } from './fixtures.js';
import { startTestApp, type TestApp } from './support/app.js';
import { CHROMIUM_ARGS, chromiumPath } from './support/chromium.js';
import { testDatabases } from './support/databases.js';
import { builtPwa } from './support/pwa.js';

/**
 * The operator's page (`#/operator`) in Chromium: its tables for an operator, nothing for others. The
 * link (`OperatorLink`) is on the Settings screen (and wherever the shell places it).
 */

const title = chromiumPath
  ? 'the operator page in Chromium'
  : 'the operator page in Chromium (skipped: chromium not installed)';

describe.skipIf(!chromiumPath)(title, () => {
  let webRoot: string;
  let scratch: string;
  let t: TestApp;
  let browser: Browser;
  let origin: string;

  beforeAll(async () => {
    webRoot = builtPwa();
    scratch = mkdtempSync(join(tmpdir(), 'railtape-operator-web-'));
    // The app's clock is real time here: the page asks for the last 7 days from now.
    t = await startTestApp(testDatabases[0]!, { webRoot, rateLimitMax: 10_000, now: new Date() });
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/shares',
      payload: { text: fixtureById('real-sbb-triplink-jitpack').text ?? '' },
    });
    expect(res.statusCode).toBe(201);
    t.clock.now = new Date(Date.now() + 60_000);
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const address = t.app.server.address();
    origin = `http://localhost:${typeof address === 'object' && address ? address.port : 0}`;
    browser = await chromium.launch({ executablePath: chromiumPath, args: CHROMIUM_ARGS });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  it('shows an operator the link and the tables of the last 7 days', async () => {
    Object.assign(t.operator, {
      analytics: createAnalyticsStore(t.database.db),
      adminAccounts: [LOCAL_USER_ID],
    });
    const page = await browser.newPage({ locale: 'en-GB' });
    try {
      await page.goto(`${origin}/#/settings`);
      await page.locator('a.operator-link').first().click();
      await page.waitForURL(/#\/operator$/);
      const section = page.locator('[data-testid="operator"]');
      await section.waitFor();
      const captions = await section.locator('caption').allTextContents();
      expect(captions).toEqual([
        'Parser alarms',
        'Shares by family',
        'Shares per day',
        'Share → playlist',
        'Fit',
        'Playlists by music source',
        'Reminders',
        'External API calls',
      ]);
      const families = section.locator('table').nth(1).locator('tbody tr');
      expect(await families.count()).toBe(1);
      expect(await families.first().locator('td').allTextContents()).toEqual(
        expect.arrayContaining(['sbb_trip_link', '1']),
      );
      expect(await section.locator('h1').textContent()).toBe('Railtape in operation');
      expect(await section.locator('p').first().textContent()).toMatch(
        /^\d{4}-\d{2}-\d{2} \d{2}:\d{2} – \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC \(last 7 days\)$/,
      );
      await page.screenshot({ path: join(scratch, 'operator.png'), fullPage: true });
    } finally {
      await page.close();
    }
  });

  it('shows a traveller no link, and the server refuses the page', async () => {
    Object.assign(t.operator, { analytics: createAnalyticsStore(t.database.db), adminAccounts: [] });
    const page = await browser.newPage({ locale: 'de-CH' });
    try {
      await page.goto(`${origin}/#/operator`);
      // The server's refusal, in the traveller's language.
      await expect
        .poll(() => page.locator('[data-testid="operator-refused"]').textContent())
        .toBe('Nur die Betreiber von Railtape dürfen diese Seite sehen.');
      expect(await page.locator('[data-testid="operator"]').count()).toBe(0);
      expect(await page.locator('.operator table').count()).toBe(0);
      await page.goto(`${origin}/#/settings`);
      await page.locator('[data-testid="account-name"]').waitFor();
      // Every request of the screen, `/api/admin/me` included, has been answered.
      await page.waitForLoadState('networkidle');
      expect(await page.locator('a.operator-link').count()).toBe(0);
    } finally {
      await page.close();
    }
  });
});
