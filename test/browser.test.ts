import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { type Browser, chromium } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { type DatabaseHandle, openDatabase } from '../src/db/client.js';
import { buildApp } from '../src/http/app.js';
import { runSelfTest } from '../src/links/canaries.js';
import { demoMusic } from '../src/runtime.js';
import { createShareService } from '../src/share/service.js';
import { fixtureById } from './fixtures.js';
import { CHROMIUM_ARGS, chromiumPath } from './support/chromium.js';

const title = chromiumPath ? 'the PWA in Chromium' : 'the PWA in Chromium (skipped: chromium not installed)';

describe.skipIf(!chromiumPath)(title, () => {
  let webRoot: string;
  let database: DatabaseHandle;
  let app: FastifyInstance;
  let browser: Browser;
  let origin: string;

  beforeAll(async () => {
    // Build the PWA here so `npm test` works on a fresh clone without `npm run build`.
    webRoot = mkdtempSync(join(tmpdir(), 'railtape-web-'));
    await build({
      configFile: 'vite.config.ts',
      logLevel: 'warn',
      build: { outDir: webRoot, emptyOutDir: true },
    });
    database = await openDatabase({ kind: 'pglite' });
    await database.migrate();
    const shares = createShareService({
      db: database.db,
      music: demoMusic(),
      resolveLink: async () => {
        throw new Error('no short links in this test');
      },
      clock: () => new Date(),
    });
    app = await buildApp({
      config: loadConfig({ NODE_ENV: 'test' }),
      database,
      shares,
      selfTest: runSelfTest,
      webRoot,
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    origin = `http://localhost:${typeof address === 'object' && address ? address.port : 0}`;
    browser = await chromium.launch({ executablePath: chromiumPath, args: CHROMIUM_ARGS });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await database?.close();
    if (webRoot) rmSync(webRoot, { recursive: true, force: true });
  });

  it('turns a pasted SBB link into a trip screen with a playlist as long as the trip', async () => {
    const page = await browser.newPage();
    await page.goto(origin);
    await page
      .getByLabel('Trip link or connection')
      .fill(fixtureById('real-sbb-triplink-jitpack').text ?? '');
    await page.getByRole('button', { name: 'Make my mixtape' }).click();
    await page.waitForURL(/#\/trip\//);
    await expect.poll(() => page.locator('h1').textContent()).toBe('Samedan → Bern, Cäcilienstrasse');
    const legs = await page.locator('ol.legs li').count();
    expect(legs).toBe(5);
    const fit = await page.locator('p.fit').textContent();
    expect(fit).toMatch(/for a 4 h 48 min trip/);
    expect(await page.locator('ol.tracks li').count()).toBeGreaterThan(40);
    expect(await page.getByText('Demo catalog').count()).toBe(1);
    await page.screenshot({ path: join(webRoot, 'trip.png'), fullPage: true });
    await page.close();
  });

  it('keeps a share it cannot read visible with its reason', async () => {
    const page = await browser.newPage({ locale: 'de-CH' });
    await page.goto(origin);
    await page.getByLabel('Trip link or connection').fill('Treffpunkt 13:02 beim Meeting Point, bis später!');
    await page.getByRole('button', { name: 'Make my mixtape' }).click();
    await expect.poll(() => page.locator('#shares .share.failed').count()).toBe(1);
    expect(await page.locator('#shares .share.failed p').textContent()).toMatch(/kein Reise-Link/);
    await page.close();
  });

  it('serves an installable manifest with a share target and registers the service worker', async () => {
    const page = await browser.newPage();
    await page.goto(origin);
    const manifest = await page.evaluate(async () => (await fetch('/manifest.webmanifest')).json());
    expect(manifest.share_target).toMatchObject({
      action: '/share',
      method: 'POST',
      enctype: 'multipart/form-data',
    });
    const scope = await page.evaluate(async () => (await navigator.serviceWorker.ready).scope);
    expect(scope).toBe(`${origin}/`);
    await page.close();
  });
});
