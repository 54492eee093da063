/**
 * The shell, the Trips screen, the share flow, the service worker and offline, in Chromium against
 * the real server (embedded database, demo catalog). One browser for the file; contexts where a test
 * needs its own service worker, network state or language.
 */
import type { FastifyInstance } from 'fastify';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import type { DatabaseHandle } from '../src/db/client.js';
import { createStores } from '../src/db/stores.js';
import { buildApp } from '../src/http/app.js';
import { runSelfTest } from '../src/links/canaries.js';
import { createServices } from '../src/services.js';
import { fixtureById } from './fixtures.js';
import { startTestApp } from './support/app.js';
import { axeViolations, formatViolations } from './support/axe.js';
import { CHROMIUM_ARGS, chromiumPath } from './support/chromium.js';
import { testDatabases } from './support/databases.js';
import { freePort } from './support/ports.js';
import { builtPwa } from './support/pwa.js';

const tripLink = fixtureById('real-sbb-triplink-jitpack').text ?? '';
const TRIP_TITLE = 'Samedan → Bern, Cäcilienstrasse';
/** IC 1 Zürich HB 8:02 – Bern 8:58 on Tuesday 1 December 2026, written three ways. */
const RIDE_THREE_WAYS = [
  { text: 'IC 1 Zürich HB 8:02 (Gl. 31) – Bern 8:58 (Gl. 7), Di 1.12.2026' },
  { text: 'Zürich HB 08:02 → Bern 08:58, IC 1, 01.12.2026' },
  { title: 'SBB Mobile', text: 'IC 1 Zürich HB 8:02 (Gl. 31) – Bern 8:58 (Gl. 7), Di 1.12.2026' },
];
/** Before that ride: it is upcoming, the October trip is past. */
const NOW = new Date('2026-11-30T12:00:00Z');
const TEN_MB = 10 * 1024 * 1024;

/** The shares the service worker queued offline (IndexedDB `railtape` / `pending-shares`, store.ts). */
function readQueue(page: Page): Promise<{ title: string | null; text: string | null; url: string | null }[]> {
  return page.evaluate(
    () =>
      new Promise<{ title: string | null; text: string | null; url: string | null }[]>((resolve, reject) => {
        const open = indexedDB.open('railtape', 1);
        open.onupgradeneeded = () => open.result.createObjectStore('pending-shares', { autoIncrement: true });
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const all = open.result.transaction('pending-shares').objectStore('pending-shares').getAll();
          all.onsuccess = () => {
            open.result.close();
            resolve(all.result.map(({ title, text, url }) => ({ title, text, url })));
          };
          all.onerror = () => reject(all.error);
        };
      }),
  );
}

/**
 * What Android's share sheet sends to the manifest's share_target: a multipart POST navigation with
 * the link in `text` and a picture of the trip attached as `media` (`pictureBytes` of it).
 */
function shareFromSheet(page: Page, text: string, title = 'SBB Mobile', pictureBytes = 4): Promise<void> {
  return page.evaluate(
    ([text, title, pictureBytes]) => {
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
      const picture = new Uint8Array(pictureBytes);
      picture.set([0x89, 0x50, 0x4e, 0x47]);
      const files = new DataTransfer();
      files.items.add(new File([picture], 'trip.png', { type: 'image/png' }));
      media.files = files.files;
      form.append(media);
      document.body.append(form);
      form.submit();
    },
    [text, title, pictureBytes] as const,
  );
}

/** No WCAG 2.2 A/AA violations on the page as it is now (the readable list when there are). */
async function expectAccessible(page: Page, label: string): Promise<void> {
  expect(formatViolations(label, await axeViolations(page))).toBe('');
}

/** A context whose page is controlled by the service worker. */
async function withWorker(context: BrowserContext, url: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(url);
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  // clients.claim() hands this page to the worker just after activation.
  await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
  return page;
}

const title = chromiumPath
  ? 'the PWA shell, Trips and sharing in Chromium'
  : 'the PWA shell, Trips and sharing in Chromium (skipped: chromium not installed)';

describe.skipIf(!chromiumPath)(title, () => {
  let webRoot: string;
  let database: DatabaseHandle;
  let app: FastifyInstance;
  let browser: Browser;
  let origin: string;
  /** What reached the server's share target: content type and length of each POST /share. */
  const shareTargetBodies: { type: string; length: number }[] = [];
  /**
   * What the server side of the network does. Playwright's setOffline reaches the service worker
   * through its own DevTools session, a moment after the page's, so a worker's fetch can slip through;
   * cutting here too makes "offline" hold for every sender. `failing` refuses only shares, with a 503.
   */
  let network: 'up' | 'down' | 'failing' = 'up';
  let sharesRefused = 0;
  /** Both sides of the network at once: the browser's (page and worker) and the test server's. */
  async function setNetwork(context: BrowserContext, state: typeof network): Promise<void> {
    network = state;
    await context.setOffline(state === 'down');
  }

  beforeAll(async () => {
    // Build the PWA here so `npm test` works on a fresh clone without `npm run build`.
    webRoot = builtPwa();
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
      rateLimitMax: 10_000,
      rateLimitPerUserMax: 10_000,
    });
    app.addHook('onRequest', async (request, reply) => {
      if (request.method === 'POST' && request.url === '/share')
        shareTargetBodies.push({
          type: String(request.headers['content-type'] ?? ''),
          length: Number(request.headers['content-length'] ?? -1),
        });
      if (network === 'down') {
        // No signal: the sender's fetch fails with a network error.
        reply.hijack();
        request.raw.socket.destroy();
      } else if (
        network === 'failing' &&
        request.method === 'POST' &&
        (request.url === '/share' || request.url === '/api/shares')
      ) {
        sharesRefused += 1;
        // What Railtape answers when its database is away.
        await reply
          .code(503)
          .send({ error: { code: 'database_unavailable', message: 'Try again in a moment.' } });
      }
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    origin = `http://localhost:${typeof address === 'object' && address ? address.port : 0}`;
    browser = await chromium.launch({ executablePath: chromiumPath, args: CHROMIUM_ARGS });
  }, 120_000);

  afterEach(() => {
    network = 'up';
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await database?.close();
  });

  it('turns a pasted SBB link into its trip, then lists it as a past trip', async () => {
    const page = await browser.newPage({ locale: 'en-GB' });
    await page.clock.setFixedTime(NOW);
    await page.goto(origin);
    expect(await page.locator('nav a').allTextContents()).toEqual(['Trips', 'Settings']);
    await page.getByLabel('Trip link or connection').fill(tripLink);
    await page.locator('#share-submit').click();
    await page.waitForURL(/#\/trip\/[0-9a-f-]{36}$/);
    const id = page.url().split('/').pop() ?? '';
    const { trip, playlist } = await page.evaluate(
      async (id) => (await fetch(`/api/trips/${id}`)).json(),
      id,
    );
    expect(`${trip.origin} → ${trip.destination}`).toBe(TRIP_TITLE);
    expect(playlist.tracks.length).toBeGreaterThan(40);

    await page.goto(`${origin}/#/`);
    const card = page.locator(`[data-testid="past"] a[data-trip="${id}"]`);
    await card.waitFor();
    expect(await card.locator('h3').textContent()).toBe(TRIP_TITLE);
    // Saturday 10 October 2026, 10:58–15:46, 4 h 48 min, with its changes.
    expect(await card.locator('.trips-when').textContent()).toBe('Sat 10 Oct10:58–15:464 h 48 min');
    expect(await card.locator('.trips-badges').textContent()).toMatch(/\d changes/);
    await card.click();
    await page.waitForURL(`${origin}/#/trip/${id}`);
    await page.close();
  });

  it('keeps a share it cannot read visible with its reason, and retries and dismisses it', async () => {
    const context = await browser.newContext({ locale: 'de-CH' });
    const page = await context.newPage();
    await page.goto(origin);
    await page.locator('#share-text').fill('Treffpunkt 13:02 beim Meeting Point, bis später!');
    await page.locator('#share-submit').click();
    const card = page.locator('[data-testid="attention"] [data-share][data-status="failed"]');
    await expect.poll(() => card.count()).toBe(1);
    expect(await card.locator('[data-testid="share-reason"]').textContent()).toMatch(/kein Reise-Link/);
    expect(await card.locator('[data-testid="share-state"]').textContent()).toBe('fehlgeschlagen');
    expect(await page.locator('[data-testid="share-status"]').textContent()).toMatch(/kein Reise-Link/);
    await expectAccessible(page, 'trips with a share that needs attention');

    // Retry: busy while the server works (held back here so the state can be seen), then the outcome.
    let release!: () => void;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    await context.route('**/api/shares/*/retry', async (route) => {
      await held;
      await route.continue();
    });
    const retry = card.locator('[data-action="retry"]');
    await retry.click();
    await expect.poll(() => retry.getAttribute('aria-busy')).toBe('true');
    expect(await retry.textContent()).toBe('Neuer Versuch …');
    expect(await retry.isDisabled()).toBe(true);
    release();
    await expect
      .poll(() => card.locator('[data-testid="share-card-status"]').textContent())
      .toMatch(/^Noch keine Reise: .*kein Reise-Link/);
    expect(await retry.getAttribute('aria-busy')).toBe('false');
    await context.unroute('**/api/shares/*/retry');

    // Dismiss: gone from the list, said so, and still gone after a reload.
    const id = await card.getAttribute('data-share');
    await card.locator('[data-action="dismiss"]').click();
    await expect.poll(() => page.locator(`[data-share="${id}"]`).count()).toBe(0);
    expect(await page.locator('[data-testid="trips-notice"]').textContent()).toBe('Ausgeblendet.');
    await page.reload();
    await page.locator('#share-text').waitFor();
    await expect.poll(() => page.evaluate(async () => (await fetch('/api/shares')).ok)).toBe(true);
    expect(await page.locator(`[data-share="${id}"]`).count()).toBe(0);
    await context.close();
  });

  it('asks a signed-out traveller to sign in with Spotify, back to the same screen, and says why a sign-in failed', async () => {
    const port = await freePort();
    const t = await startTestApp(testDatabases[0]!, { spotify: true, port, webRoot, rateLimitMax: 10_000 });
    try {
      await t.app.listen({ port, host: '127.0.0.1' });
      const page = await browser.newPage({ locale: 'en-GB' });
      await page.goto(`http://127.0.0.1:${port}/?signin=denied#/`);
      const signIn = page.locator('[data-testid="sign-in"]');
      await signIn.waitFor();
      expect(await signIn.locator('h1').textContent()).toBe('Sign in');
      expect(await signIn.locator('a.button').getAttribute('href')).toBe(
        `/auth/spotify/login?returnTo=${encodeURIComponent('/#/')}`,
      );
      expect(await page.locator('[data-testid="sign-in-outcome"]').textContent()).toBe(
        'You did not allow Railtape on Spotify, so you are not signed in.',
      );
      expect(new URL(page.url()).search).toBe('');
      await expectAccessible(page, 'sign-in');
      await page.close();
    } finally {
      await t.close();
    }
  });

  it('speaks German to a traveller whose browser prefers German', async () => {
    const page = await browser.newPage({ locale: 'de-CH' });
    await page.goto(origin);
    await expect.poll(() => page.locator('#share-submit').textContent()).toBe('Mixtape erstellen');
    expect(await page.locator('html').getAttribute('lang')).toBe('de');
    expect(await page.locator('nav a').allTextContents()).toEqual(['Reisen', 'Einstellungen']);
    expect(await page.locator('main h2').allTextContents()).toEqual(expect.arrayContaining(['Reise teilen']));
    await page.getByLabel('Reise-Link oder Verbindung').fill(tripLink);
    await page.locator('#share-submit').click();
    await page.waitForURL(/#\/trip\//);
    await page.goto(`${origin}/#/`);
    const card = page.locator('a[data-trip]', { hasText: TRIP_TITLE }).first();
    await card.waitFor();
    expect(await card.locator('.trips-when').textContent()).toMatch(
      /^Sa\., 10\. Okt\.10:58–15:464 h 48 min$/,
    );
    expect(await card.locator('.trips-badges').textContent()).toMatch(/\d Umstiege/);
    await page.close();
  });

  it('shows one card for a ride shared three ways, upcoming, with how often it was shared', async () => {
    const page = await browser.newPage({ locale: 'en-GB' });
    await page.clock.setFixedTime(NOW);
    await page.goto(origin);
    const ids = new Set<string>();
    for (const payload of RIDE_THREE_WAYS) {
      const result = await page.evaluate(
        async (body) =>
          (
            await fetch('/api/shares', {
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify(body),
            })
          ).json(),
        payload,
      );
      ids.add(result.trip.id);
    }
    expect(ids.size).toBe(3);
    await page.reload();
    const cards = page.locator('[data-testid="upcoming"] a[data-trip]', { hasText: 'Zürich HB → Bern' });
    await cards.first().waitFor();
    expect(await cards.count()).toBe(1);
    expect(await cards.getAttribute('data-shared')).toBe('3');
    expect(await cards.locator('[data-testid="shared-times"]').textContent()).toBe('shared 3 times');
    // The newest share's trip.
    expect(await cards.getAttribute('data-trip')).toBe([...ids][2]);
    expect(await cards.locator('.trips-badges').textContent()).toMatch(/^direct/);
    await page.close();
  });

  it('offers installation where the browser does, tells iPhone users to paste, and remembers a dismissal', async () => {
    const page = await browser.newPage({ locale: 'en-GB' });
    await page.goto(origin);
    await page.locator('#share-text').waitFor();
    expect(await page.locator('[data-testid="install-hint"]').count()).toBe(0);
    // What Chromium fires when the app is installable (it needs an engagement score headless lacks).
    await page.evaluate(() => {
      const offer = Object.assign(new Event('beforeinstallprompt', { cancelable: true }), {
        prompt: async () => {
          (window as { prompted?: boolean }).prompted = true;
        },
        userChoice: Promise.resolve({ outcome: 'accepted' }),
      });
      window.dispatchEvent(offer);
    });
    const hint = page.locator('[data-testid="install-hint"]');
    await hint.waitFor();
    await expectAccessible(page, 'install hint');
    await hint.locator('button', { hasText: 'Install' }).click();
    await expect.poll(() => page.evaluate(() => (window as { prompted?: boolean }).prompted)).toBe(true);
    await expect.poll(() => hint.count()).toBe(0);
    await page.close();

    const iphone = await browser.newContext({
      locale: 'en-GB',
      userAgent:
        'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1',
      viewport: { width: 390, height: 844 },
    });
    const phone = await iphone.newPage();
    await phone.goto(origin);
    const ios = phone.locator('[data-testid="ios-hint"]');
    await ios.waitFor();
    expect(await ios.locator('p').textContent()).toMatch(/Copy link, then paste it here/);
    await ios.locator('button', { hasText: 'Dismiss' }).click();
    await expect.poll(() => ios.count()).toBe(0);
    await phone.reload();
    await phone.locator('#share-text').waitFor();
    expect(await ios.count()).toBe(0);
    await iphone.close();
  });

  it('serves an installable manifest with a share target and registers the service worker', async () => {
    const page = await browser.newPage();
    await page.goto(origin);
    const manifest = await page.evaluate(async () => (await fetch('/manifest.webmanifest')).json());
    expect(manifest.share_target).toMatchObject({
      action: '/share',
      method: 'POST',
      enctype: 'multipart/form-data',
      params: { title: 'title', text: 'text', url: 'url' },
    });
    const scope = await page.evaluate(async () => (await navigator.serviceWorker.ready).scope);
    expect(scope).toBe(`${origin}/`);
    const script = await page.evaluate(async () => (await navigator.serviceWorker.ready).active?.scriptURL);
    expect(script).toBe(`${origin}/sw.js`);
    await page.close();
  });

  it('takes a share as Android sends it, with a 10 MB picture, and keeps the link: the worker drops the picture', async () => {
    const context = await browser.newContext({ locale: 'en-GB' });
    const page = await withWorker(context, origin);
    shareTargetBodies.length = 0;
    await shareFromSheet(page, `My trip ${tripLink}`, 'SBB Mobile', TEN_MB);
    await page.waitForURL(/#\/trip\/[0-9a-f-]{36}$/, { timeout: 20_000 });
    const id = page.url().split('/').pop() ?? '';
    const { trip } = await page.evaluate(async (id) => (await fetch(`/api/trips/${id}`)).json(), id);
    expect(`${trip.origin} → ${trip.destination}`).toBe(TRIP_TITLE);
    // Only the text fields reached the server.
    expect(shareTargetBodies).toHaveLength(1);
    expect(shareTargetBodies[0]!.type).toMatch(/^application\/x-www-form-urlencoded/);
    expect(shareTargetBodies[0]!.length).toBeLessThan(20_000);
    expect(new URL(page.url()).search).toBe('');
    await context.close();
  });

  it('lands an image-only share and a driving route on a friendly screen that says what to share', async () => {
    const context = await browser.newContext({ locale: 'en-GB' });
    const page = await withWorker(context, origin);
    await shareFromSheet(page, '', '', 200_000);
    const refusal = page.locator('[data-testid="share-refused"]');
    await refusal.waitFor({ timeout: 10_000 });
    expect(await refusal.locator('h1').textContent()).toBe('This share did not reach Railtape');
    expect(await refusal.locator('[data-testid="refusal-reason"]').textContent()).toMatch(
      /^Only a picture arrived/,
    );
    expect(await refusal.locator('h2').first().textContent()).toBe('What to share instead');
    expect(await refusal.locator('ol li').count()).toBe(4);
    // The paste form is right there.
    expect(await refusal.locator('#share-text').count()).toBe(1);
    expect(new URL(page.url()).search).toBe('');
    expect(await page.locator('body').textContent()).not.toMatch(/"error"|\{"/);
    await expectAccessible(page, 'image-only share');

    // Without the worker (a browser without one, the first share after install): the server lands
    // the share sheet on the same screen.
    const bare = await browser.newContext({ locale: 'en-GB', serviceWorkers: 'block', colorScheme: 'dark' });
    const plain = await bare.newPage();
    await plain.goto(origin);
    await shareFromSheet(plain, '', '', 200_000);
    await plain.locator('[data-testid="refusal-reason"]', { hasText: /^Only a picture arrived/ }).waitFor();

    // A driving route is stored, refused in words, and lands on the same kind of screen.
    await shareFromSheet(plain, 'https://maps.apple.com/?saddr=Z%C3%BCrich%20HB&daddr=Bern&dirflg=d', 'Maps');
    await plain.waitForURL(/#\/share\/[0-9a-f-]{36}$/);
    const refused = plain.locator('[data-testid="share-refused"]');
    await refused.waitFor();
    expect(await refused.locator('h1').textContent()).toBe('This share is not a trip');
    expect(await refused.locator('[data-testid="refusal-reason"]').textContent()).toMatch(/driving/);
    await expectAccessible(plain, 'driving route, dark');
    await bare.close();
    await context.close();
  });

  it('tells "you are offline" apart from "Railtape is unreachable"', async () => {
    const context = await browser.newContext({ locale: 'en-GB' });
    const page = await withWorker(context, origin);
    const banner = page.locator('[data-testid="connection"]');
    expect(await banner.count()).toBe(0);
    await context.setOffline(true);
    await expect.poll(() => banner.textContent()).toMatch(/^You are offline\./);
    expect(await page.locator('[data-connection]').getAttribute('data-connection')).toBe('offline');
    await context.setOffline(false);
    await expect.poll(() => banner.count()).toBe(0);
    await context.close();

    // Online, but the server does not answer (no worker here, so the requests really fail).
    const bare = await browser.newContext({ locale: 'en-GB', serviceWorkers: 'block' });
    const plain = await bare.newPage();
    await plain.goto(origin);
    await plain.locator('#share-text').waitFor();
    await bare.route(/\/(api\/.*|healthz)$/, (route) => route.abort('connectionrefused'));
    await plain.evaluate(() => {
      location.hash = '#/settings';
    });
    await plain.evaluate(() => {
      location.hash = '#/';
    });
    const down = plain.locator('[data-testid="connection"]');
    await expect.poll(() => down.textContent()).toMatch(/^Railtape is unreachable right now/);
    expect(await plain.locator('[data-connection]').getAttribute('data-connection')).toBe('unreachable');
    expect(await plain.evaluate(() => navigator.onLine)).toBe(true);
    // Back: "Try again" finds the server and the banner goes.
    await bare.unroute(/\/(api\/.*|healthz)$/);
    await down.locator('button').click();
    await expect.poll(() => down.count()).toBe(0);
    await bare.close();
  });

  it('reads the trip list and the last trips offline after one online visit, marked as an offline copy', async () => {
    const context = await browser.newContext({ locale: 'en-GB' });
    const page = await withWorker(context, origin);
    // This visit's requests go through the worker, which keeps them (and fetches the last trips).
    await page.reload();
    await page.locator('a[data-trip]').first().waitFor();
    const listed = await page.locator('a[data-trip]').count();
    const ids = await page.evaluate(async () =>
      (await (await fetch('/api/trips')).json()).trips.map((t: { id: string }) => t.id),
    );
    await expect
      .poll(
        () =>
          page.evaluate(
            async (ids: string[]) => {
              const cache = await caches.open('railtape-data-v1');
              const kept = await Promise.all(ids.map((id) => cache.match(`/api/trips/${id}`)));
              return kept.every(Boolean);
            },
            ids.slice(0, 20),
          ),
        { timeout: 15_000 },
      )
      .toBe(true);

    await setNetwork(context, 'down');
    await page.reload();
    await page.locator('a[data-trip]').first().waitFor();
    expect(await page.locator('a[data-trip]').count()).toBe(listed);
    await expect
      .poll(() => page.locator('[data-testid="connection"]').textContent())
      .toMatch(/^You are offline\. Showing the offline copy from \d\d:\d\d\.$/);
    // A trip never opened is there too, with its playlist.
    const offline = await page.evaluate(
      async (id) => {
        const res = await fetch(`/api/trips/${id}`);
        const body = await res.json();
        return {
          cachedAt: res.headers.get('x-railtape-cached-at'),
          tracks: body.playlist?.tracks.length ?? 0,
        };
      },
      ids[ids.length - 1],
    );
    expect(offline.cachedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(offline.tracks).toBeGreaterThan(0);
    await setNetwork(context, 'up');
    await context.close();
  });

  // Six network phases and two trips fitted by the server: a loaded CI neighbour can slow each of them.
  it('keeps a trip shared or pasted while offline, shows it waiting, and sends it once back online', async () => {
    const context = await browser.newContext({ locale: 'en-GB' });
    const page = await withWorker(context, origin);

    // Online, the worker passes the share through: the server's 303 opens the trip.
    await shareFromSheet(page, tripLink);
    await page.waitForURL(/#\/trip\//, { timeout: 10_000 });

    await setNetwork(context, 'down');
    await shareFromSheet(page, tripLink);
    const queuedScreen = page.locator('[data-testid="share-queued"]');
    await queuedScreen.waitFor({ timeout: 10_000 });
    expect(await queuedScreen.locator('h1').textContent()).toBe('You are offline');
    expect(await readQueue(page)).toEqual([{ title: 'SBB Mobile', text: tripLink, url: null }]);
    await expect
      .poll(() => page.locator('[data-testid="queued-count"]').textContent())
      .toBe('1 share waiting to be sent');
    // The queued item itself is visible: "waiting to be sent: <link>".
    expect(await page.locator('[data-queued] code').textContent()).toBe(tripLink);

    // Back online but the server is failing: the share must stay queued.
    sharesRefused = 0;
    await setNetwork(context, 'failing');
    await expect.poll(() => sharesRefused).toBeGreaterThanOrEqual(1);
    expect(await readQueue(page)).toHaveLength(1);
    expect(await queuedScreen.count()).toBe(1);
    // Offline again before the failing server goes: Background Sync may still be waiting for the
    // page's send (they take turns under one lock), and must meet the 503 or no network, never a
    // server that takes the share while this test expects it queued.
    await setNetwork(context, 'down');

    // A paste joins the queue and shows at once on the Trips screen.
    await page.evaluate(() => {
      location.hash = '#/';
    });
    await page.locator('#share-text').fill(RIDE_THREE_WAYS[0]!.text);
    await page.locator('#share-submit').click();
    await expect
      .poll(() => page.locator('[data-testid="share-status"]').textContent())
      .toMatch(/^You are offline: the trip is saved on this device/);
    await expect.poll(() => page.locator('[data-queued]').count()).toBe(2);
    expect(await page.locator('[data-queued] code').allTextContents()).toEqual([
      tripLink,
      RIDE_THREE_WAYS[0]!.text,
    ]);
    expect(await page.locator('[data-testid="queued-count"]').textContent()).toBe(
      '2 shares waiting to be sent',
    );

    // Back online: both are sent and the last one's trip opens.
    await setNetwork(context, 'up');
    await page.waitForURL(/#\/trip\//, { timeout: 10_000 });
    const id = page.url().split('/').pop() ?? '';
    const { trip } = await page.evaluate(async (id) => (await fetch(`/api/trips/${id}`)).json(), id);
    expect(`${trip.origin} → ${trip.destination}`).toBe('Zürich HB → Bern');
    await expect.poll(() => readQueue(page)).toEqual([]);
    expect(await page.locator('[data-testid="queued-count"]').count()).toBe(0);
    await context.close();
  }, 60_000);

  it('lets Background Sync send a queued share from the worker, and the open page follows it', async () => {
    const context = await browser.newContext({ locale: 'en-GB' });
    const page = await withWorker(context, origin);
    await page.locator('#share-text').waitFor();
    const text = 'IC 8 Bern 9:02 (Gl. 6) – Brig 10:06 (Gl. 3), So 20.12.2026';
    // Kept as the worker keeps an offline share; the page is not told (it sends only on open/online).
    await page.evaluate(
      (text) =>
        new Promise<void>((resolve, reject) => {
          const open = indexedDB.open('railtape', 1);
          open.onsuccess = () => {
            const tx = open.result.transaction('pending-shares', 'readwrite');
            tx.objectStore('pending-shares').add({
              title: null,
              text,
              url: null,
              queuedAt: new Date().toISOString(),
            });
            tx.oncomplete = () => {
              open.result.close();
              resolve();
            };
            tx.onerror = () => reject(tx.error);
          };
          open.onerror = () => reject(open.error);
        }),
      text,
    );
    const synced = await page.evaluate(async () => {
      const registration = (await navigator.serviceWorker.ready) as ServiceWorkerRegistration & {
        sync?: { register(tag: string): Promise<void> };
      };
      if (!registration.sync) return false;
      await registration.sync.register('railtape-shares');
      return true;
    });
    expect(synced).toBe(true);
    await page.waitForURL(/#\/trip\//, { timeout: 15_000 });
    const id = page.url().split('/').pop() ?? '';
    const { trip } = await page.evaluate(async (id) => (await fetch(`/api/trips/${id}`)).json(), id);
    expect(`${trip.origin} → ${trip.destination}`).toBe('Bern → Brig');
    expect(await readQueue(page)).toEqual([]);
    await expect
      .poll(() => page.locator('[data-testid="queue-sent"]').textContent())
      .toBe('Your saved share was sent.');
    await context.close();
  });

  it('keeps at most the last 20 trips for offline use', async () => {
    const context = await browser.newContext({ locale: 'en-GB' });
    const page = await withWorker(context, origin);
    // 22 more rides, one a day in January 2027.
    await page.evaluate(async () => {
      for (let d = 1; d <= 22; d++) {
        const text = `IC 5 Lausanne 7:15 – Biel/Bienne 8:20, ${String(d).padStart(2, '0')}.01.2027`;
        const res = await fetch('/api/shares', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ text }),
        });
        if (!res.ok) throw new Error(`share ${d}: ${res.status}`);
      }
    });
    const keptTrips = () =>
      page.evaluate(async () => {
        const cache = await caches.open('railtape-data-v1');
        return (await cache.keys())
          .map((r) => new URL(r.url).pathname)
          .filter((p) => /^\/api\/trips\/[\w-]{36}$/.test(p));
      });
    const ids: string[] = await page.evaluate(async () =>
      (await (await fetch('/api/trips')).json()).trips.map((t: { id: string }) => t.id),
    );
    expect(ids.length).toBeGreaterThanOrEqual(22);
    // The list is newest departure first: those 20 are kept, nothing more.
    await expect
      .poll(async () => (await keptTrips()).sort(), { timeout: 20_000 })
      .toEqual(
        ids
          .slice(0, 20)
          .map((id) => `/api/trips/${id}`)
          .sort(),
      );
    // Opening an older trip keeps it and lets the oldest kept one go.
    const older = ids[ids.length - 1]!;
    await page.evaluate(async (id) => {
      await fetch(`/api/trips/${id}`);
    }, older);
    await expect.poll(async () => (await keptTrips()).includes(`/api/trips/${older}`)).toBe(true);
    expect(await keptTrips()).toHaveLength(20);
    await context.close();
  });
});
