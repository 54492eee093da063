import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import webpush from 'web-push';
import { type FakeSubscription, type PushServiceFake, startPushServiceFake } from './fakes/push-service.js';
import { startTestApp, type TestApp } from './support/app.js';
import { writeWav } from './support/audio-files.js';
import { axeViolations, formatViolations } from './support/axe.js';
import { CHROMIUM_ARGS, chromiumPath } from './support/chromium.js';
import { testDatabases } from './support/databases.js';
import { freePort } from './support/ports.js';
import { builtPwa } from './support/pwa.js';

/**
 * The Settings screen (`#/settings`) in Chromium against the real server on the embedded database,
 * with Spotify sign-in through its contract fake, Web Push through the push-service fake and a small
 * music library: sign-in, reconnect, settings that survive a reload, languages, notifications, sign-out.
 */

const ID_A = '37i9dQZF1DXcBWIGoYBM5M';
const ID_B = '0vvXsWCC9xrXsKd4FyS8kM';

/** What the server says, with the page's own session cookie. */
function fetchJson<T>(page: Page, path: string): Promise<{ status: number; body: T }> {
  return page.evaluate(async (p) => {
    const res = await fetch(p, { headers: { accept: 'application/json' } });
    return { status: res.status, body: await res.json() };
  }, path);
}

/**
 * Headless Chromium has no push service to subscribe with, so `PushManager` hands out the fake's
 * subscription (a real P-256 key and auth secret: the server's encrypted pushes decrypt at the fake).
 * Everything else (permission, the service worker, the routes) is real.
 */
async function stubPushManager(context: BrowserContext, subscription: FakeSubscription): Promise<void> {
  await context.addInitScript((sub: FakeSubscription) => {
    const KEY = 'test.push-subscription';
    const make = (serverKey: number[]) => ({
      endpoint: sub.endpoint,
      expirationTime: null,
      options: { userVisibleOnly: true, applicationServerKey: new Uint8Array(serverKey).buffer },
      toJSON: () => sub,
      unsubscribe: async () => {
        localStorage.removeItem(KEY);
        return true;
      },
    });
    PushManager.prototype.getSubscription = async () => {
      const saved = localStorage.getItem(KEY);
      return saved ? (make(JSON.parse(saved)) as unknown as PushSubscription) : null;
    };
    PushManager.prototype.subscribe = async (options?: PushSubscriptionOptionsInit) => {
      const key = options?.applicationServerKey;
      const bytes = Array.from(new Uint8Array(key instanceof ArrayBuffer ? key : (key as Uint8Array).buffer));
      localStorage.setItem(KEY, JSON.stringify(bytes));
      return make(bytes) as unknown as PushSubscription;
    };
  }, subscription);
}

const title = chromiumPath
  ? 'the Settings screen in Chromium'
  : 'the Settings screen in Chromium (skipped: chromium not installed)';

describe.skipIf(!chromiumPath)(title, () => {
  let webRoot: string;
  let scratch: string;
  let t: TestApp;
  let push: PushServiceFake;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let origin: string;
  let subscription: FakeSubscription;

  beforeAll(async () => {
    webRoot = builtPwa();
    scratch = mkdtempSync(join(tmpdir(), 'railtape-settings-web-'));
    const musicDir = join(scratch, 'music');
    mkdirSync(musicDir);
    for (let i = 0; i < 3; i++) {
      writeWav(join(musicDir, `${i}.wav`), {
        durationMs: 2_000,
        title: `Song ${i}`,
        artist: 'Artist',
        sampleRate: 3000,
      });
    }
    push = await startPushServiceFake();
    subscription = push.subscribe();
    const port = await freePort();
    t = await startTestApp(testDatabases[0]!, {
      spotify: true,
      port,
      webRoot,
      musicDir,
      rateLimitMax: 10_000,
      now: new Date(),
      push: { origin: push.origin, ...webpush.generateVAPIDKeys() },
    });
    await t.app.listen({ port, host: '127.0.0.1' });
    // 127.0.0.1, not localhost: Spotify only redirects to loopback IP literals.
    origin = `http://127.0.0.1:${port}`;
    browser = await chromium.launch({ executablePath: chromiumPath, args: CHROMIUM_ARGS });
    context = await browser.newContext({ locale: 'en-GB' });
    await stubPushManager(context, subscription);
    page = await context.newPage();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await push?.close();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  it('offers the sign-in when signed out, and shows the account after signing in with Spotify', async () => {
    await page.goto(`${origin}/#/settings`);
    const signIn = page.locator('[data-testid="account"] [data-testid="sign-in"]');
    await signIn.waitFor();
    expect(await signIn.textContent()).toBe('Sign in with Spotify');
    // Signed out there is nothing to set but the language.
    expect(await page.locator('[data-testid="music"]').count()).toBe(0);
    expect(await page.locator('[data-testid="language"]').count()).toBe(1);
    expect(formatViolations('settings, signed out', await axeViolations(page))).toBe('');

    await signIn.click();
    await page.waitForURL(`${origin}/#/settings`);
    await expect
      .poll(() => page.locator('[data-testid="account-name"]').textContent())
      .toBe('Signed in as Anna Künzli');
    expect(await page.locator('[data-testid="spotify-connected"]').textContent()).toMatch(
      /^Spotify connected \(anna\.kuenzli\) until /,
    );
    expect(await page.locator('[data-testid="sign-out"]').count()).toBe(1);
    expect(formatViolations('settings, signed in', await axeViolations(page))).toBe('');

    // The data export is a file to keep, not a page.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('[data-testid="export"]').click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^railtape-export-\d{4}-\d{2}-\d{2}\.json$/);
  });

  it('asks to connect Spotify again when the connection ended, with why, and reconnects', async () => {
    const me = await fetchJson<{ user: { id: string } }>(page, '/api/me');
    await t.stores.musicAccounts.markReconnectRequired(
      me.body.user.id,
      'spotify',
      'consent_expired',
      new Date(),
    );
    await page.reload();
    const reconnect = page.locator('[data-testid="account"] [data-testid="reconnect"]');
    await reconnect.waitFor();
    expect(await reconnect.textContent()).toMatch(/connect again.*six months after you gave it/);
    await reconnect.locator('a.button', { hasText: 'Connect Spotify again' }).click();
    await page.waitForURL(`${origin}/#/settings`);
    await page.locator('[data-testid="spotify-connected"]').waitFor();
    expect(await reconnect.count()).toBe(0);
  });

  it('saves music and listening settings that are still there after a reload, as the server says', async () => {
    const music = page.locator('[data-testid="music"]');
    await music.waitFor();
    // What this server offers: the demo catalog, Spotify and its music library.
    const sources = music.locator('[data-testid="music-source"] input');
    expect(await sources.evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value))).toEqual([
      'demo',
      'spotify',
      'local',
    ]);
    await music.locator('input[value="local"]').check();
    await expect
      .poll(() => page.locator('[data-testid="music-source-status"]').textContent())
      .toBe('Saved: new mixtapes come from the music library on this server.');

    // A link that is no playlist is named and nothing is sent.
    const playlists = page.locator('[data-testid="playlists"]');
    await playlists.fill(`https://open.spotify.com/album/${ID_A}`);
    await page.locator('[data-testid="playlists-save"]').click();
    const spotifyStatus = page.locator('[data-testid="spotify-music-status"]');
    await expect
      .poll(() => spotifyStatus.textContent())
      .toBe(`Not a Spotify playlist link: https://open.spotify.com/album/${ID_A}`);
    expect(await spotifyStatus.getAttribute('data-state')).toBe('error');
    await playlists.fill(`https://open.spotify.com/playlist/${ID_A}?si=abc123\nspotify:playlist:${ID_B}`);
    await page.locator('[data-testid="playlists-save"]').click();
    await expect.poll(() => spotifyStatus.textContent()).toBe('Saved: 2 playlists.');
    expect(await playlists.inputValue()).toBe(`${ID_A}\n${ID_B}`);

    // Genres as chips: two added, one removed.
    for (const genre of ['Swiss folk', 'jazz']) {
      await page.locator('[data-testid="genre-input"]').fill(genre);
      await page.locator('[data-testid="genre-add"]').click();
      await page.locator(`[data-genre="${genre}"]`).waitFor();
    }
    await page.getByRole('button', { name: 'Remove jazz' }).click();
    await expect.poll(() => page.locator('[data-genre]').count()).toBe(1);

    await page.locator('[data-testid="saved-tracks"]').uncheck();
    await expect.poll(() => spotifyStatus.textContent()).toBe('Saved.');
    await page.locator('[data-testid="explicit"]').uncheck();
    const filters = page.locator('[data-testid="filters-status"]');
    await expect.poll(() => filters.textContent()).toBe('Saved: no explicit songs.');
    await page.locator('[data-testid="per-artist"]').selectOption('5');
    await expect.poll(() => filters.textContent()).toBe('Saved: at most 5 per artist per hour.');

    await page.locator('[data-testid="crossfade"]').selectOption('6');
    const listening = page.locator('[data-testid="listening-status"]');
    await expect.poll(() => listening.textContent()).toBe('Saved: songs overlap by 6 s.');
    await page.locator('[data-testid="lead-in"]').selectOption('5');
    await expect.poll(() => listening.textContent()).toMatch(/starts 5 min before departure/);

    // The server's own music library: three songs, scanned from here.
    const library = page.locator('[data-testid="library"]');
    expect(await library.locator('[data-testid="library-count"]').textContent()).toMatch(
      /^0 songs · not scanned yet/,
    );
    await library.locator('[data-testid="library-scan"]').click();
    await expect
      .poll(() => library.locator('[data-testid="library-status"]').textContent())
      .toBe('Scanned: 3 added, 0 changed, 0 removed.');
    expect(await library.locator('[data-testid="library-count"]').textContent()).toMatch(
      /^3 songs · last scanned /,
    );

    await page.reload();
    await music.waitFor();
    expect(await music.locator('input[value="local"]').isChecked()).toBe(true);
    expect(await playlists.inputValue()).toBe(`${ID_A}\n${ID_B}`);
    expect(
      await page.locator('[data-genre]').evaluateAll((els) => els.map((e) => e.getAttribute('data-genre'))),
    ).toEqual(['Swiss folk']);
    expect(await page.locator('[data-testid="saved-tracks"]').isChecked()).toBe(false);
    expect(await page.locator('[data-testid="top-tracks"]').isChecked()).toBe(true);
    expect(await page.locator('[data-testid="explicit"]').isChecked()).toBe(false);
    expect(await page.locator('[data-testid="per-artist"]').inputValue()).toBe('5');
    expect(await page.locator('[data-testid="crossfade"]').inputValue()).toBe('6');
    expect(await page.locator('[data-testid="lead-in"]').inputValue()).toBe('5');

    const saved = await fetchJson<Record<string, unknown>>(page, '/api/preferences');
    expect(saved.body).toMatchObject({
      musicSource: 'local',
      allowExplicit: false,
      maxTracksPerArtistPerHour: 5,
      crossfadeSeconds: 6,
      leadInMinutes: 5,
      spotify: { topTracks: true, savedTracks: false, playlistIds: [ID_A, ID_B], genres: ['Swiss folk'] },
    });
    expect(formatViolations('settings, light', await axeViolations(page))).toBe('');
    await page.emulateMedia({ colorScheme: 'dark', reducedMotion: 'reduce' });
    try {
      expect(formatViolations('settings, dark', await axeViolations(page))).toBe('');
    } finally {
      await page.emulateMedia({ colorScheme: 'light', reducedMotion: 'no-preference' });
    }
  });

  it('offers notifications on a server with Web Push, turns them on, saves the lead time and sends a test', async () => {
    await context.grantPermissions(['notifications'], { origin });
    await page.reload();
    const card = page.locator('[data-testid="reminders"]');
    await expect.poll(() => card.getAttribute('data-state')).toBe('off');
    expect(await card.textContent()).toMatch(
      /a reminder before each trip leaves.*an alert when real-time data/,
    );
    const lead = page.locator('[data-testid="reminder-lead"]');
    expect(await lead.inputValue()).toBe('20');
    await lead.selectOption('30');
    await expect
      .poll(() => page.locator('[data-testid="reminder-lead-status"]').textContent())
      .toBe('Saved: reminders come 30 min before departure.');
    expect(
      (await fetchJson<{ reminderMinutesBefore: number }>(page, '/api/preferences')).body
        .reminderMinutesBefore,
    ).toBe(30);

    await page.locator('[data-testid="reminders-toggle"]').click();
    await expect.poll(() => card.getAttribute('data-state'), { timeout: 15_000 }).toBe('on');
    expect(await page.locator('[data-testid="reminders-status"]').textContent()).toBe(
      'Notifications are on for this device.',
    );
    expect(await page.locator('[data-testid="reminders-toggle"]').textContent()).toBe(
      'Turn off notifications',
    );
    const me = await fetchJson<{ user: { id: string } }>(page, '/api/me');
    expect(await t.stores.pushSubscriptions.countForUser(me.body.user.id)).toBe(1);

    await page.locator('[data-testid="push-test"]').click();
    await expect
      .poll(() => page.locator('[data-testid="push-test-status"]').textContent())
      .toBe('Sent to 1 device.');
    expect(push.deliveries.map((d) => d.endpoint)).toEqual([subscription.endpoint]);

    // Still on after a reload; off again, and the server forgets this device.
    await page.reload();
    await expect.poll(() => card.getAttribute('data-state')).toBe('on');
    await page.locator('[data-testid="reminders-toggle"]').click();
    await expect.poll(() => card.getAttribute('data-state')).toBe('off');
    expect(await t.stores.pushSubscriptions.countForUser(me.body.user.id)).toBe(0);
  });

  it('tells why notifications cannot be turned on: no push here, an old browser, Safari in a tab', async () => {
    const card = (p: Page) => p.locator('[data-testid="reminders"]');
    const status = (p: Page) => p.locator('[data-testid="reminders-status"]').textContent();
    // A server without Web Push (`publicKey: null`). The context, not the page: the worker fetches too.
    await context.route('**/api/push/key', (route) =>
      route.fulfill({ status: 200, contentType: 'application/json', body: '{"publicKey":null}' }),
    );
    try {
      await page.reload();
      await expect.poll(() => card(page).getAttribute('data-state')).toBe('notOffered');
      expect(await status(page)).toBe('This Railtape server does not send notifications.');
      for (const id of ['reminders-toggle', 'reminder-lead', 'push-test']) {
        expect(await page.locator(`[data-testid="${id}"]`).count(), id).toBe(0);
      }
    } finally {
      await context.unroute('**/api/push/key');
    }

    const browsers = {
      unsupported: () => {
        delete (window as { PushManager?: unknown }).PushManager;
      },
      homeScreen: () => {
        Object.defineProperty(Navigator.prototype, 'userAgent', {
          get: () =>
            'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
        });
        Object.defineProperty(Navigator.prototype, 'standalone', { get: () => false });
      },
    };
    const expected = {
      unsupported: 'This browser cannot show notifications.',
      homeScreen: 'Notifications need Railtape on your Home Screen: tap Share, then “Add to Home Screen”.',
    };
    for (const [state, script] of Object.entries(browsers)) {
      const other = await context.newPage();
      try {
        await other.addInitScript(script);
        await other.goto(`${origin}/#/settings`);
        await expect.poll(() => card(other).getAttribute('data-state')).toBe(state);
        expect(await status(other)).toBe(expected[state as keyof typeof expected]);
        expect(await other.locator('[data-testid="reminders-toggle"]').count()).toBe(0);
        // The lead time is the account's: it can still be set for the devices that do get reminders.
        expect(await other.locator('[data-testid="reminder-lead"]').count()).toBe(1);
      } finally {
        await other.close();
      }
    }
  });

  it('shows an operator the way to the operator page, whose tables pass axe', async () => {
    expect(await page.locator('a.operator-link').count()).toBe(0);
    const me = await fetchJson<{ user: { id: string } }>(page, '/api/me');
    t.operator.adminAccounts = [me.body.user.id];
    try {
      await page.reload();
      await page.locator('[data-testid="settings"] a.operator-link').click();
      const section = page.locator('[data-testid="operator"]');
      await section.waitFor();
      expect(await section.locator('table').count()).toBe(8);
      expect(formatViolations('operator page', await axeViolations(page))).toBe('');
    } finally {
      t.operator.adminAccounts = [];
      await page.goto(`${origin}/#/settings`);
    }
  });

  it('switches the language at once and remembers it across a reload', async () => {
    const heading = page.locator('[data-testid="settings"] h1');
    const expected = { de: 'Einstellungen', fr: 'Réglages', it: 'Impostazioni', en: 'Settings' } as const;
    for (const [code, text] of Object.entries(expected)) {
      await page.locator(`[data-testid="language"] input[value="${code}"]`).check();
      await expect.poll(() => heading.textContent()).toBe(text);
      expect(await page.locator('html').getAttribute('lang')).toBe(code);
    }
    await page.locator('[data-testid="language"] input[value="de"]').check();
    await expect
      .poll(() => page.locator('[data-testid="language-status"]').textContent())
      .toBe('Railtape spricht jetzt Deutsch.');
    // Every card repainted, not just the heading.
    expect(await page.locator('#settings-listening').textContent()).toBe('Wie du hörst');
    await page.reload();
    await expect.poll(() => heading.textContent()).toBe('Einstellungen');
    expect(await page.locator('[data-testid="language"] input[value="de"]').isChecked()).toBe(true);
    expect(await page.locator('#settings-account').textContent()).toBe('Konto');
    await page.locator('[data-testid="language"] input[value="en"]').check();
    await expect.poll(() => heading.textContent()).toBe('Settings');
  });

  it('signs out, and then offers the sign-in again', async () => {
    await page.locator('[data-testid="sign-out"]').click();
    await expect
      .poll(() => page.locator('[data-testid="account-notice"]').textContent())
      .toBe('You are signed out.');
    await page.locator('[data-testid="sign-in"]').waitFor();
    expect((await fetchJson(page, '/api/me')).status).toBe(401);
  });

  it('signs out on every device, and deletes the account only after a confirmation', async () => {
    // Sessions of the same account: this page and a second device (and the reconnect's, still live).
    await page.locator('[data-testid="sign-in"]').click();
    await page.waitForURL(`${origin}/#/settings`);
    const other = await browser.newContext({ locale: 'en-GB' });
    try {
      const phone = await other.newPage();
      await phone.goto(`${origin}/#/settings`);
      await phone.locator('[data-testid="sign-in"]').click();
      await phone.locator('[data-testid="account-name"]').waitFor();
      await page.locator('[data-testid="sign-out-everywhere"]').click();
      await expect
        .poll(() => page.locator('[data-testid="account-notice"]').textContent())
        .toMatch(/^You are signed out \([2-9] sessions ended\)\.$/);
      expect((await fetchJson(phone, '/api/me')).status).toBe(401);
    } finally {
      await other.close();
    }

    await page.locator('[data-testid="sign-in"]').click();
    await page.waitForURL(`${origin}/#/settings`);
    await page.locator('[data-testid="delete-account"]').click();
    const confirm = page.locator('[data-testid="delete-confirm"]');
    expect(await confirm.textContent()).toMatch(/for good/);
    // Keeping it changes nothing.
    await confirm.getByRole('button', { name: 'Keep my account' }).click();
    expect(await confirm.count()).toBe(0);
    expect((await fetchJson(page, '/api/me')).status).toBe(200);

    await page.locator('[data-testid="delete-account"]').click();
    await page.locator('[data-testid="delete-confirm-yes"]').click();
    await expect
      .poll(() => page.locator('[data-testid="account-notice"]').textContent())
      .toMatch(/^Your Railtape account and all its data are deleted\./);
    await page.locator('[data-testid="sign-in"]').waitFor();
    expect((await fetchJson(page, '/api/me')).status).toBe(401);
  });
});
