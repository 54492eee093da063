import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { type Browser, chromium, type Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import webpush from 'web-push';
import { loadConfig } from '../src/config.js';
import type { DatabaseHandle } from '../src/db/client.js';
import { createStores } from '../src/db/stores.js';
import { buildApp } from '../src/http/app.js';
import { trackTripsUnderWay } from '../src/jobs/trip-tracking.js';
import { runSelfTest } from '../src/links/canaries.js';
import { playbackPosition } from '../src/playlist/position.js';
import { createServices } from '../src/services.js';
import { startOpendataFake } from './fakes/opendata.js';
import { startPushServiceFake } from './fakes/push-service.js';
import { FAKE_RIDER } from './fakes/spotify.js';
import { fixtureById } from './fixtures.js';
import { startTestApp } from './support/app.js';
import { writeWav } from './support/audio-files.js';
import { CHROMIUM_ARGS, chromiumPath } from './support/chromium.js';
import { testDatabases } from './support/databases.js';
import { freePort } from './support/ports.js';

const tripLink = fixtureById('real-sbb-triplink-jitpack').text ?? '';
/** IC 1 Zürich HB 8:02 – Bern 8:58 on Tuesday 1 December 2026: one ride of 56 minutes. */
const shortRide = fixtureById('c-text-de-short').text ?? '';

/** The shares the service worker queued offline (IndexedDB `railtape` / `pending-shares`). */
function readQueue(page: Page): Promise<unknown[]> {
  return page.evaluate(
    () =>
      new Promise<unknown[]>((resolve, reject) => {
        const open = indexedDB.open('railtape', 1);
        open.onupgradeneeded = () => open.result.createObjectStore('pending-shares', { autoIncrement: true });
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const all = open.result.transaction('pending-shares').objectStore('pending-shares').getAll();
          all.onsuccess = () => {
            open.result.close();
            resolve(all.result);
          };
          all.onerror = () => reject(all.error);
        };
      }),
  );
}

/**
 * What Android's share sheet sends to the manifest's share_target: a multipart POST navigation with
 * the link in `text` and SBB's picture of the trip attached as `media`.
 */
function shareFromSheet(page: Page, text: string, title = 'SBB Mobile'): Promise<void> {
  return page.evaluate(
    ([text, title]) => {
      const form = document.createElement('form');
      form.method = 'POST';
      form.action = '/share';
      form.enctype = 'multipart/form-data';
      for (const [name, value] of Object.entries({ title, text })) {
        const input = document.createElement('input');
        input.type = 'hidden';
        input.name = name;
        input.value = value;
        form.append(input);
      }
      const media = document.createElement('input');
      media.type = 'file';
      media.name = 'media';
      const files = new DataTransfer();
      files.items.add(
        new File([new Uint8Array([0x89, 0x50, 0x4e, 0x47])], 'trip.png', { type: 'image/png' }),
      );
      media.files = files.files;
      form.append(media);
      document.body.append(form);
      form.submit();
    },
    [text, title] as const,
  );
}

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
    database = await testDatabases[0]!.open();
    const stores = createStores(database.db);
    const services = createServices(stores, {
      resolveLink: async () => {
        throw new Error('no short links in this test');
      },
      clock: () => new Date(),
    });
    app = await buildApp({
      config: loadConfig({ NODE_ENV: 'test' }),
      database,
      stores,
      services,
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
    const page = await browser.newPage({ locale: 'en-GB' });
    await page.goto(origin);
    await page.locator('#share-text').fill(tripLink);
    await page.locator('#share-submit').click();
    await page.waitForURL(/#\/trip\//);
    await expect.poll(() => page.locator('h1').textContent()).toBe('Samedan → Bern, Cäcilienstrasse');
    const legs = await page.locator('ol.legs li').count();
    expect(legs).toBe(5);
    const fit = await page.locator('p.fit').textContent();
    expect(fit).toMatch(/for a 4 h 48 min trip/);
    expect(await page.locator('ol.tracks li').count()).toBeGreaterThan(40);
    expect(await page.locator('[data-testid="demo-note"]').textContent()).toMatch(/^Demo catalog/);
    await page.screenshot({ path: join(webRoot, 'trip.png'), fullPage: true });
    await page.close();
  });

  it('signs in with Spotify and puts the trip’s playlist into the account', async () => {
    const port = await freePort();
    const t = await startTestApp(testDatabases[0]!, { spotify: true, port, webRoot, rateLimitMax: 10_000 });
    try {
      t.clock.now = new Date();
      await t.app.listen({ port, host: '127.0.0.1' });
      const page = await browser.newPage({ locale: 'en-GB' });
      // 127.0.0.1, not localhost: Spotify only redirects to loopback IP literals.
      await page.goto(`http://127.0.0.1:${port}/`);
      await page.locator('[data-testid="sign-in"] a.button').click();
      await page.waitForURL(`http://127.0.0.1:${port}/`);
      await page.locator('#share-text').fill(tripLink);
      await page.locator('#share-submit').click();
      await page.waitForURL(/#\/trip\//);
      const open = page.locator('a', { hasText: 'Open in Spotify' });
      await expect.poll(() => open.count()).toBe(1);
      const playlists = t.spotify!.playlistsOf(FAKE_RIDER);
      const made = playlists.find((p) => p.name.startsWith('Samedan → Bern'));
      expect(made?.public).toBe(false);
      expect(await open.getAttribute('href')).toContain(made?.id);
      expect(await page.locator('[data-testid="demo-note"]').count()).toBe(0);
      await page.screenshot({ path: join(webRoot, 'trip-spotify.png'), fullPage: true });
      await page.close();
    } finally {
      await t.close();
    }
  });

  it('plays a playlist from the music library in the app, from where the trip is, song after song', async () => {
    const musicDir = join(webRoot, 'music');
    mkdirSync(musicDir);
    // 30 songs of 2:00–5:59 (3 kHz, the lowest rate Chromium decodes): two hours for a 56-minute ride.
    for (let i = 0; i < 30; i++) {
      writeWav(join(musicDir, `${String(i).padStart(2, '0')}.wav`), {
        durationMs: 120_000 + ((i * 7_919_333) % 240_000),
        title: `Song ${i}`,
        artist: `Artist ${i % 7}`,
        sampleRate: 3000,
      });
    }
    const port = await freePort();
    const t = await startTestApp(testDatabases[0]!, { musicDir, port, webRoot, rateLimitMax: 10_000 });
    try {
      t.clock.now = new Date('2026-11-30T12:00:00Z');
      await t.app.listen({ port, host: '127.0.0.1' });
      const scan = await t.app.inject({
        method: 'POST',
        url: '/api/library/scan',
        headers: { 'sec-fetch-site': 'same-origin' },
      });
      expect(scan.json()).toMatchObject({ added: 30, failed: 0 });

      const context = await browser.newContext({ locale: 'en-GB' });
      const page = await context.newPage();
      await page.goto(`http://127.0.0.1:${port}/`);
      // The source choice lists what this server offers; the library is chosen for new mixtapes.
      const choices = page.locator('[data-testid="music-source"] input');
      await expect.poll(() => choices.count()).toBe(2);
      await page.locator('[data-testid="music-source"] input[value="local"]').check();
      await expect
        .poll(() => page.locator('[data-testid="music-source"] .status').textContent())
        .toBe('Saved: new mixtapes come from the music library on this server.');

      await page.locator('#share-text').fill(shortRide);
      await page.locator('#share-submit').click();
      await page.waitForURL(/#\/trip\//);
      const tripId = page.url().split('/').pop() ?? '';
      await expect
        .poll(() => page.locator('[data-testid="playlist-source"]').textContent())
        .toBe('Songs from the music library on this server');
      expect(await page.locator('[data-testid="demo-note"]').count()).toBe(0);

      const { trip, playlist } = await page.evaluate(
        async (id) => (await fetch(`/api/trips/${id}`)).json(),
        tripId,
      );
      expect(playlist.provider).toBe('local');
      // The traveller presses play 17 min 30 s after departure.
      const elapsedSeconds = 17 * 60 + 30;
      const expected = playbackPosition(playlist.tracks, elapsedSeconds);
      if (expected.state !== 'under_way') throw new Error('the ride should be under way');
      const track = playlist.tracks[expected.index];
      await page.clock.setFixedTime(new Date(Date.parse(trip.departure) + elapsedSeconds * 1000));
      await page.locator('[data-testid="play-here"]').click();

      const audio = page.locator('[data-testid="player-audio"]');
      await expect.poll(() => audio.evaluate((a: HTMLAudioElement) => a.src)).toContain(track.id);
      await expect.poll(() => audio.evaluate((a: HTMLAudioElement) => !a.paused)).toBe(true);
      const at = await audio.evaluate((a: HTMLAudioElement) => a.currentTime);
      expect(Math.abs(at - expected.positionMs / 1000)).toBeLessThan(2);
      expect(await page.evaluate(() => navigator.mediaSession.metadata?.title)).toBe(track.title);
      expect(await page.locator('ol.tracks li.playing').getAttribute('data-track')).toBe(
        String(expected.index),
      );
      expect(await page.locator('[data-testid="player-status"]').textContent()).toBe(
        `Track ${expected.index + 1} of ${playlist.tracks.length}: ${track.title}`,
      );

      // Near the song's end the player moves on to the next by itself.
      const next = playlist.tracks[expected.index + 1];
      await audio.evaluate((a: HTMLAudioElement) => {
        a.currentTime = a.duration - 0.3;
      });
      await expect
        .poll(() => audio.evaluate((a: HTMLAudioElement) => a.src), { timeout: 10_000 })
        .toContain(next.id);
      await expect.poll(() => page.evaluate(() => navigator.mediaSession.metadata?.title)).toBe(next.title);
      expect(await page.locator('ol.tracks li.playing').getAttribute('data-track')).toBe(
        String(expected.index + 1),
      );
      expect(await audio.evaluate((a: HTMLAudioElement) => a.currentTime)).toBeLessThan(2);
      await page.screenshot({ path: join(webRoot, 'trip-local.png'), fullPage: true });
      await context.close();
    } finally {
      await t.close();
    }
  });

  it('offers departure reminders on a server with Web Push and saves the lead time', async () => {
    const push = await startPushServiceFake();
    const port = await freePort();
    const t = await startTestApp(testDatabases[0]!, {
      port,
      webRoot,
      rateLimitMax: 10_000,
      push: { origin: push.origin, ...webpush.generateVAPIDKeys() },
    });
    try {
      await t.app.listen({ port, host: '127.0.0.1' });
      const page = await browser.newPage({ locale: 'en-GB' });
      await page.goto(`http://127.0.0.1:${port}/`);
      const lead = page.locator('[data-testid="reminder-lead"]');
      await lead.waitFor();
      expect(await lead.inputValue()).toBe('20');
      expect(await page.locator('[data-testid="reminders-toggle"]').count()).toBe(1);
      await lead.selectOption('30');
      await expect
        .poll(() => page.locator('[data-testid="reminder-lead-status"]').textContent())
        .toMatch(/30/);
      const prefs = await t.app.inject({ method: 'GET', url: '/api/preferences' });
      expect(prefs.json().reminderMinutesBefore).toBe(30);

      // How the traveller listens: the player's crossfade and music on the platform.
      const crossfade = page.locator('[data-testid="crossfade"]');
      expect(await crossfade.inputValue()).toBe('0');
      await crossfade.selectOption('6');
      await expect
        .poll(() => page.locator('[data-testid="listening-status"]').textContent())
        .toBe('Saved: songs overlap by 6 s.');
      await page.locator('[data-testid="lead-in"]').selectOption('5');
      await expect
        .poll(() => page.locator('[data-testid="listening-status"]').textContent())
        .toMatch(/starts 5 min before departure/);
      const listening = (await t.app.inject({ method: 'GET', url: '/api/preferences' })).json();
      expect([listening.crossfadeSeconds, listening.leadInMinutes]).toEqual([6, 5]);
      await page.close();
    } finally {
      await t.close();
      await push.close();
    }
  });

  it('shows a late train’s expected times and warns of the connection it breaks', async () => {
    const opendata = await startOpendataFake();
    const port = await freePort();
    const t = await startTestApp(testDatabases[0]!, {
      port,
      webRoot,
      rateLimitMax: 10_000,
      now: new Date('2026-12-01T06:30:00Z'),
      opendataUrl: opendata.url,
    });
    try {
      await t.app.listen({ port, host: '127.0.0.1' });
      const share = await t.app.inject({
        method: 'POST',
        url: '/api/shares',
        headers: { 'sec-fetch-site': 'same-origin' },
        payload: { text: 'https://maps.apple.com/?saddr=Z%C3%BCrich%20HB&daddr=Interlaken%20Ost&dirflg=r' },
      });
      const trip = share.json().trip;
      // Ten minutes late into Bern, twenty minutes into the ride.
      opendata.setDelay(trip.legs[0].trainNumber, 10);
      t.clock.now = new Date(Date.parse(trip.departure) + 20 * 60_000);
      await trackTripsUnderWay({
        trips: t.stores.trips,
        playlists: t.services.playlists,
        realtime: t.services.timetable!.planner.expectedTimes,
        clock: () => t.clock.now,
      });
      const page = await browser.newPage({ locale: 'en-GB' });
      await page.goto(`http://127.0.0.1:${port}/#/trip/${trip.id}`);
      const late = page.locator('ol.legs li').first().locator('[data-testid="expected-arr"]');
      await late.waitFor();
      const planned = new Date(Date.parse(trip.legs[0].arrival) + 10 * 60_000);
      const hhmm = new Intl.DateTimeFormat('en-GB', {
        timeZone: 'Europe/Zurich',
        hour: '2-digit',
        minute: '2-digit',
        hourCycle: 'h23',
      }).format(planned);
      expect(await late.textContent()).toBe(` arrives ${hhmm}`);
      expect(await page.locator('[data-testid="broken-transfer"]').textContent()).toMatch(
        /^Your connection at Bern may not work/,
      );
      await page.close();
    } finally {
      await t.close();
      await opendata.close();
    }
  });

  it('keeps a share it cannot read visible with its reason', async () => {
    const page = await browser.newPage({ locale: 'de-CH' });
    await page.goto(origin);
    await page.locator('#share-text').fill('Treffpunkt 13:02 beim Meeting Point, bis später!');
    await page.locator('#share-submit').click();
    await expect.poll(() => page.locator('#shares .share.failed').count()).toBe(1);
    expect(await page.locator('#shares .share.failed p').textContent()).toMatch(/kein Reise-Link/);
    expect(await page.locator('#shares .share.failed .badge').textContent()).toBe('fehlgeschlagen');
    await page.close();
  });

  it('speaks German to a traveller whose browser prefers German', async () => {
    const page = await browser.newPage({ locale: 'de-CH' });
    await page.goto(origin);
    await expect.poll(() => page.locator('#share-submit').textContent()).toBe('Mixtape erstellen');
    expect(await page.locator('html').getAttribute('lang')).toBe('de');
    expect(await page.locator('#tagline').textContent()).toBe(
      'Ein Mixtape, genau so lang wie deine Zugfahrt',
    );
    expect(await page.locator('main h2').allTextContents()).toEqual(
      expect.arrayContaining(['Reise teilen', 'Deine Reisen']),
    );
    await page.getByLabel('Reise-Link oder Verbindung').fill(tripLink);
    await page.locator('#share-submit').click();
    await page.waitForURL(/#\/trip\//);
    await expect.poll(() => page.locator('h1').textContent()).toBe('Samedan → Bern, Cäcilienstrasse');
    expect(await page.locator('section.card > p').first().textContent()).toMatch(
      /^Sa\., 10\. Okt\. 2026 · 10:58–15:46/,
    );
    expect(await page.locator('ol.legs li.walk').first().textContent()).toMatch(/Fussweg nach Bern, Bahnhof/);
    expect(await page.locator('.playlist h2').textContent()).toBe('Dein Mixtape');
    expect(await page.locator('p.fit').textContent()).toMatch(/Titel · .* für eine Reise von 4 h 48 min/);
    expect(await page.locator('li.boundary').first().textContent()).toMatch(
      /Aussteigen in \S.*: Song endet [+−]/,
    );
    expect(await page.locator('[data-testid="download-m3u8"]').textContent()).toBe('M3U8 herunterladen');
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

  it('keeps a trip shared while offline and sends it once the device is back online', async () => {
    const context = await browser.newContext({ locale: 'en-GB' });
    const page = await context.newPage();
    await page.goto(origin);
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });
    // clients.claim() hands this page to the worker just after activation.
    await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);

    // Online, the worker passes the share through: the server's 303 opens the trip.
    await shareFromSheet(page, tripLink);
    await page.waitForURL(/#\/trip\//, { timeout: 10_000 });
    await expect.poll(() => page.locator('h1').textContent()).toBe('Samedan → Bern, Cäcilienstrasse');

    // Only a picture, no link: back in the app with the reason and the paste form, not a JSON page.
    await shareFromSheet(page, '', '');
    await page.locator('[data-testid="share-refused"]').waitFor({ timeout: 10_000 });
    expect(await page.locator('[data-testid="share-refused"] p').textContent()).toMatch(
      /^Only a picture arrived/,
    );
    expect(new URL(page.url()).search).toBe('');

    // Playwright's setOffline also cuts the service worker's own fetches in Chromium, so the worker's
    // network leg fails as it would on a phone without signal.
    await context.setOffline(true);
    await shareFromSheet(page, tripLink);
    await page.locator('[data-testid="share-queued"]').waitFor({ timeout: 10_000 });
    expect(await page.locator('[data-testid="share-queued"] h1').textContent()).toBe('You are offline');
    expect(await readQueue(page)).toEqual([{ title: 'SBB Mobile', text: tripLink, url: null }]);
    await expect.poll(() => page.locator('#pending-notice').textContent()).toBe('1 share waiting to be sent');

    // Back online but the server is failing: the share must stay queued.
    let refused = 0;
    await context.route('**/api/shares', (route) => {
      if (route.request().method() !== 'POST') return route.continue();
      refused += 1;
      return route.fulfill({
        status: 503,
        contentType: 'application/json',
        body: JSON.stringify({ error: { code: 'unavailable', message: 'Try later.' } }),
      });
    });
    await context.setOffline(false);
    await expect.poll(() => refused).toBe(1);
    expect(await readQueue(page)).toHaveLength(1);
    expect(await page.locator('[data-testid="share-queued"]').count()).toBe(1);
    await context.unroute('**/api/shares');

    // The next time the device comes online the share is sent and its trip opens.
    await context.setOffline(true);
    await context.setOffline(false);
    await page.waitForURL(/#\/trip\//, { timeout: 10_000 });
    await expect.poll(() => page.locator('h1').textContent()).toBe('Samedan → Bern, Cäcilienstrasse');
    expect(await readQueue(page)).toEqual([]);
    expect(await page.locator('#pending-notice').isHidden()).toBe(true);
    await context.close();
  });
});
