import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureById } from './fixtures.js';
import { startTestApp, type TestApp } from './support/app.js';
import { writePlayableLibrary } from './support/audio-files.js';
import { CHROMIUM_ARGS, chromiumPath } from './support/chromium.js';
import { testDatabases } from './support/databases.js';
import { freePort } from './support/ports.js';
import { builtPwa } from './support/pwa.js';

/**
 * The in-app player hears a crossfaded playlist as the fit planned it (#18): the next song starts c
 * seconds before the current one ends, on the second audio element, and the two overlap until the
 * fade is over.
 */

/** IC 1 Zürich HB 8:02 – Bern 8:58 on Tuesday 1 December 2026: one ride of 56 minutes. */
const shortRide = fixtureById('c-text-de-short').text ?? '';
const same = { 'sec-fetch-site': 'same-origin' };

const title = chromiumPath
  ? 'the in-app player with a crossfade, in Chromium'
  : 'the in-app player with a crossfade (skipped: chromium not installed)';

describe.skipIf(!chromiumPath)(title, () => {
  let webRoot: string;
  let scratch: string;
  let browser: Browser;
  let t: TestApp;
  let port: number;

  beforeAll(async () => {
    webRoot = builtPwa();
    scratch = mkdtempSync(join(tmpdir(), 'railtape-web-'));
    const musicDir = join(scratch, 'music');
    writePlayableLibrary(musicDir);
    port = await freePort();
    t = await startTestApp(testDatabases[0]!, { musicDir, port, webRoot, rateLimitMax: 10_000 });
    await t.app.listen({ port, host: '127.0.0.1' });
    browser = await chromium.launch({ executablePath: chromiumPath, args: CHROMIUM_ARGS });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  it('starts the next song 6 s before the current one ends and lets them overlap', async () => {
    expect(
      (await t.app.inject({ method: 'POST', url: '/api/library/scan', headers: same })).json(),
    ).toMatchObject({ added: 30 });
    const prefs = await t.app.inject({
      method: 'PUT',
      url: '/api/preferences',
      headers: same,
      payload: { musicSource: 'local', crossfadeSeconds: 6 },
    });
    expect(prefs.statusCode).toBe(200);
    const shared = await t.app.inject({
      method: 'POST',
      url: '/api/shares',
      headers: same,
      payload: { text: shortRide },
    });
    const { trip, playlist } = shared.json();
    expect(playlist).toMatchObject({ provider: 'local', crossfadeSeconds: 6 });
    const [first, second] = playlist.tracks;

    const context = await browser.newContext({ locale: 'en-GB' });
    const page = await context.newPage();
    await page.goto(`http://127.0.0.1:${port}/#/trip/${trip.id}`);
    // Before departure the player starts at the first song.
    await page.locator('[data-testid="play-here"]').click();
    const active = page.locator('[data-testid="player-audio"]');
    await expect.poll(() => active.evaluate((a: HTMLAudioElement) => a.src)).toContain(first.id);
    expect(await page.locator('[data-testid="player"] audio').count()).toBe(2);
    await expect.poll(() => active.evaluate((a: HTMLAudioElement) => !a.paused)).toBe(true);
    await active.evaluate((a: HTMLAudioElement) => {
      a.currentTime = a.duration - 8;
    });

    // Within the last 6 s the second song starts on the other element while the first still plays.
    await expect
      .poll(() => active.evaluate((a: HTMLAudioElement) => a.src), { timeout: 10_000 })
      .toContain(second.id);
    const overlap = await page.evaluate(() =>
      [...document.querySelectorAll<HTMLAudioElement>('[data-testid="player"] audio')].map((a) => ({
        src: a.src,
        playing: !a.paused,
        left: a.duration - a.currentTime,
      })),
    );
    const fading = overlap.find((a) => !a.src.includes(second.id))!;
    expect(fading.src).toContain(first.id);
    expect(fading.playing).toBe(true);
    expect(fading.left).toBeLessThanOrEqual(6.5);
    // Once the fade is over the first song is stopped and the second plays at full volume.
    await expect
      .poll(
        () =>
          page.evaluate(() =>
            [...document.querySelectorAll<HTMLAudioElement>('[data-testid="player"] audio')].map((a) => [
              a.paused || a.ended,
              a.volume,
            ]),
          ),
        { timeout: 15_000 },
      )
      .toEqual(expect.arrayContaining([[true, 1]]));
    expect(await active.evaluate((a: HTMLAudioElement) => [a.paused, a.volume])).toEqual([false, 1]);
    await context.close();
  });
});
