/**
 * The trip screen (timeline picture, track list, actions), the in-app player and the live view, in
 * Chromium against the real server (embedded database, the contract fakes). One browser for the file;
 * each scenario starts the test app it needs (demo catalog, Spotify, the music library, the timetable).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { trackTripsUnderWay } from '../src/jobs/trip-tracking.js';
import { playbackPosition } from '../src/playlist/position.js';
import type { Playlist, Trip } from '../web/src/api.js';
import { liveState, tripPicture } from '../web/src/trip-view.js';
import { startOpendataFake } from './fakes/opendata.js';
import { FAKE_RIDER } from './fakes/spotify.js';
import { fixtureById } from './fixtures.js';
import { startTestApp, type TestApp } from './support/app.js';
import { writePlayableLibrary } from './support/audio-files.js';
import { axeViolations, formatViolations } from './support/axe.js';
import { CHROMIUM_ARGS, chromiumPath } from './support/chromium.js';
import { testDatabases } from './support/databases.js';
import { freePort } from './support/ports.js';
import { builtPwa } from './support/pwa.js';

/** Samedan 10:58 → Bern, Cäcilienstrasse 15:46 on 10 October 2026: RE 3, IC 3, IC 1, a walk, T 6. */
const longTrip = fixtureById('real-sbb-triplink-jitpack').text ?? '';
/** IC 1 Zürich HB 8:02 – Bern 8:58 on Tuesday 1 December 2026: one ride of 56 minutes. */
const shortRide = fixtureById('c-text-de-short').text ?? '';
const SAME_ORIGIN = { 'sec-fetch-site': 'same-origin' };
const zurichClock = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Zurich',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});
const hhmm = (ms: number) => zurichClock.format(new Date(ms));

async function share(t: TestApp, text: string): Promise<{ trip: Trip; playlist: Playlist }> {
  const answer = await t.app.inject({
    method: 'POST',
    url: '/api/shares',
    headers: SAME_ORIGIN,
    payload: { text },
  });
  const body = answer.json();
  if (!body.trip || !body.playlist) throw new Error(`no trip: ${answer.body}`);
  return { trip: body.trip, playlist: body.playlist };
}

async function listen(options: Parameters<typeof startTestApp>[1]): Promise<{ t: TestApp; origin: string }> {
  const port = await freePort();
  const t = await startTestApp(testDatabases[0]!, { rateLimitMax: 10_000, ...options, port });
  await t.app.listen({ port, host: '127.0.0.1' });
  return { t, origin: `http://127.0.0.1:${port}` };
}

/** The track list's times in the order shown (epoch ms, as `data-time`) and as the traveller reads them. */
function listTimes(page: Page): Promise<{ at: number; text: string }[]> {
  return page
    .locator('.track-groups time[data-time]')
    .evaluateAll((els) =>
      els.map((e) => ({ at: Number(e.getAttribute('data-time')), text: e.textContent ?? '' })),
    );
}

const title = chromiumPath
  ? 'the trip screen, player and live view in Chromium'
  : 'the trip screen, player and live view in Chromium (skipped: chromium not installed)';

describe.skipIf(!chromiumPath)(title, () => {
  let webRoot: string;
  let scratch: string;
  let browser: Browser;
  let main: { t: TestApp; origin: string };
  let long: { trip: Trip; playlist: Playlist };

  beforeAll(async () => {
    // Build the PWA here so `npm test` works on a fresh clone without `npm run build`.
    webRoot = builtPwa();
    scratch = mkdtempSync(join(tmpdir(), 'railtape-web-'));
    main = await listen({ webRoot });
    long = await share(main.t, longTrip);
    browser = await chromium.launch({ executablePath: chromiumPath, args: CHROMIUM_ARGS });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await main?.t.close();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  it('draws every leg and song, the waits and the walk as what they are, with times that never go backwards', async () => {
    const page = await browser.newPage({ locale: 'en-GB', viewport: { width: 1280, height: 900 } });
    await page.goto(`${main.origin}/#/trip/${long.trip.id}`);
    await page.locator('[data-leg]').first().waitFor();
    await page.locator('.track-groups[data-complete]').waitFor();
    expect(await page.locator('h1').textContent()).toBe('Samedan → Bern, Cäcilienstrasse');
    expect(await page.locator('[data-leg]').count()).toBe(long.trip.legs.length);
    expect(await page.locator('[data-track]').count()).toBe(long.playlist.tracks.length);
    expect(long.playlist.tracks.length).toBeGreaterThan(40);
    expect(await page.locator('[data-song]').count()).toBe(long.playlist.tracks.length);

    // The walk is a walk (never "T 6"), the 26 minutes in Zürich a wait of their own.
    const walk = page.locator('svg [data-kind="walk"]');
    expect(await walk.count()).toBe(1);
    expect(await walk.getAttribute('data-leg')).toBe('3');
    expect(await walk.locator('title').textContent()).toBe('Walk to Bern, Bahnhof · 6 min');
    expect(
      await page.locator('svg [data-kind="wait"] title', { hasText: 'Wait at Zürich HB · 26 min' }).count(),
    ).toBe(1);
    const walkGroup = page.locator('.track-group[data-segment="walk"] .segment-title');
    expect(await walkGroup.textContent()).toBe('Walk to Bern, Bahnhof');
    const zurich = page.locator('.track-group[data-segment="wait"]', { hasText: 'Wait at Zürich HB' });
    expect(await zurich.locator('.segment-detail').textContent()).toContain('26 min');
    expect(await zurich.locator('[data-song]').count()).toBeGreaterThan(0);
    expect(await page.locator('[data-testid="change"]', { hasText: 'Get off at Zürich HB' }).count()).toBe(1);

    // Times never go backwards, to the minute as read and to the millisecond underneath.
    const times = await listTimes(page);
    expect(times.length).toBe(long.playlist.tracks.length + 8 + 4);
    for (let i = 1; i < times.length; i++) {
      expect(times[i]!.at).toBeGreaterThanOrEqual(times[i - 1]!.at);
      expect(times[i]!.text >= times[i - 1]!.text).toBe(true);
    }
    // One duration format for songs, legs and waits.
    const lengths = await page.locator('.tracks .len').allTextContents();
    for (const length of lengths) expect(length).toMatch(/^(\d+ s|\d+ min|\d+ h \d\d min)$/);
    expect(await page.locator('[data-testid="fit"]').textContent()).toMatch(/for a 4 h 48 min trip/);
    expect(await page.locator('[data-testid="demo-note"]').textContent()).toMatch(/^Demo catalog/);
    // The actions come before the picture and the list.
    const order = await page.evaluate(() =>
      ['[data-testid="trip-actions"]', '.timeline', '.track-groups'].map(
        (s) => document.querySelector(s)?.getBoundingClientRect().top ?? -1,
      ),
    );
    expect(order).toEqual([...order].sort((a, b) => a - b));
    // October's trip is over: no live view on offer.
    expect(await page.locator('[data-testid="live-link"]').count()).toBe(0);
    const violations = await axeViolations(page);
    expect(violations, formatViolations('trip', violations)).toEqual([]);

    // On a 360 px phone the picture scrolls sideways; the page itself does not.
    await page.setViewportSize({ width: 360, height: 780 });
    await expect
      .poll(() => page.locator('.timeline').evaluate((e) => e.scrollWidth > e.clientWidth))
      .toBe(true);
    // (The shell's header is another screen's part; the trip's own content stays within the phone.)
    const wide = await page.evaluate(() =>
      [...document.querySelectorAll('main *')]
        .filter((e) => !e.closest('.timeline') && e.getBoundingClientRect().right > 360.5)
        .map((e) => e.outerHTML.slice(0, 80)),
    );
    expect(wide).toEqual([]);
    await page.close();
  });

  it('downloads the M3U8 and re-fits with visible feedback', async () => {
    const ride = await share(main.t, shortRide);
    const page = await browser.newPage({ locale: 'en-GB', acceptDownloads: true });
    await page.goto(`${main.origin}/#/trip/${ride.trip.id}`);
    await page.locator('[data-testid="download-m3u8"]').waitFor();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('[data-testid="download-m3u8"]').click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.m3u8$/);
    const m3u8 = readFileSync((await download.path()) ?? '', 'utf8');
    expect(m3u8.startsWith('#EXTM3U')).toBe(true);
    expect(m3u8).toContain(ride.playlist.tracks[0]!.title);

    await page.route('**/refit', async (route) => {
      // Long enough to see the busy state.
      await new Promise((resolve) => setTimeout(resolve, 300));
      await route.continue();
    });
    const refit = page.locator('[data-testid="refit"]');
    await refit.click();
    await expect
      .poll(() => page.locator('[data-testid="refit-status"]').textContent())
      .toBe('Fitting the mixtape again…');
    expect(await refit.isDisabled()).toBe(true);
    await expect
      .poll(() => page.locator('[data-testid="refit-status"]').textContent())
      .toMatch(/^Re-fitted: \d+ tracks, ending [+−]\d/);
    expect(await refit.isDisabled()).toBe(false);
    expect(await page.locator('[data-track]').count()).toBeGreaterThan(0);
    await page.close();
  });

  it('signs in with Spotify and puts the trip’s playlist into the account, then plays it from where the trip is', async () => {
    const { t, origin } = await listen({ webRoot, spotify: true });
    try {
      t.clock.now = new Date();
      const page = await browser.newPage({ locale: 'en-GB' });
      // Signed out, the trip screen asks to sign in.
      await page.goto(`${origin}/#/trip/00000000-0000-4000-8000-000000000000`);
      const signIn = page.locator('[data-testid="sign-in"] a.button');
      await signIn.waitFor();
      expect(decodeURIComponent((await signIn.getAttribute('href')) ?? '')).toContain('returnTo=/#/trip/');
      // 127.0.0.1, not localhost: Spotify only redirects to loopback IP literals.
      await page.goto(`${origin}/auth/spotify/login?returnTo=${encodeURIComponent('/')}`);
      await page.waitForURL(`${origin}/`);
      const made = await page.evaluate(async (text) => {
        const res = await fetch('/api/shares', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ text }),
        });
        return res.json();
      }, longTrip);
      const trip: Trip = made.trip;
      await page.goto(`${origin}/#/trip/${trip.id}`);
      const open = page.locator('[data-testid="open-spotify"]');
      await open.waitFor();
      expect(await open.textContent()).toBe('Open in Spotify');
      const playlists = t.spotify!.playlistsOf(FAKE_RIDER);
      const inSpotify = playlists.find((p) => p.name.startsWith('Samedan → Bern'));
      expect(inSpotify?.public).toBe(false);
      expect(await open.getAttribute('href')).toContain(inSpotify?.id);
      expect(await page.locator('[data-testid="sync-status"]').getAttribute('data-sync')).toBe('synced');
      expect(await page.locator('[data-testid="sync-status"]').textContent()).toBe(
        'The playlist is in your Spotify.',
      );
      expect(await page.locator('[data-testid="demo-note"]').count()).toBe(0);

      // 95 minutes into the trip the play route starts the track playing then.
      t.clock.now = new Date(Date.parse(trip.departure) + 95 * 60_000);
      const { playlist } = await page.evaluate(
        async (id) => (await fetch(`/api/trips/${id}`)).json(),
        trip.id,
      );
      const at = playbackPosition(playlist.tracks, 95 * 60);
      if (at.state !== 'under_way') throw new Error('the trip should be under way');
      const ordered = [...playlist.tracks].sort(
        (a: { startSeconds: number }, b: { startSeconds: number }) => a.startSeconds - b.startSeconds,
      );
      await page.locator('[data-testid="play"]').click();
      await expect
        .poll(() => page.locator('[data-testid="play-status"]').textContent())
        .toBe(`Playing track ${at.index + 1}, ${ordered[at.index].title}, in Spotify.`);
      await page.close();
    } finally {
      await t.close();
    }
  });

  it('plays a playlist from the music library in the app, from where the trip is, song after song', async () => {
    const musicDir = join(scratch, 'music');
    writePlayableLibrary(musicDir);
    const { t, origin } = await listen({ webRoot, musicDir, now: new Date('2026-11-30T12:00:00Z') });
    try {
      const scan = await t.app.inject({ method: 'POST', url: '/api/library/scan', headers: SAME_ORIGIN });
      expect(scan.json()).toMatchObject({ added: 30, failed: 0 });
      const chosen = await t.app.inject({
        method: 'PUT',
        url: '/api/preferences',
        headers: SAME_ORIGIN,
        payload: { musicSource: 'local' },
      });
      expect(chosen.json().musicSource).toBe('local');
      const { trip, playlist } = await share(t, shortRide);
      expect(playlist.provider).toBe('local');

      const context = await browser.newContext({ locale: 'en-GB' });
      const page = await context.newPage();
      await page.goto(`${origin}/#/trip/${trip.id}`);
      await expect
        .poll(() => page.locator('[data-testid="playlist-source"]').textContent())
        .toBe('Songs from the music library on this server');
      expect(await page.locator('[data-testid="demo-note"]').count()).toBe(0);

      // The traveller presses play 17 min 30 s after departure.
      const elapsedSeconds = 17 * 60 + 30;
      const expected = playbackPosition(playlist.tracks, elapsedSeconds);
      if (expected.state !== 'under_way') throw new Error('the ride should be under way');
      const track = playlist.tracks[expected.index]!;
      await page.clock.setFixedTime(new Date(Date.parse(trip.departure) + elapsedSeconds * 1000));
      await page.locator('[data-testid="play-here"]').click();

      const audio = page.locator('[data-testid="player-audio"]');
      await expect.poll(() => audio.evaluate((a: HTMLAudioElement) => a.src)).toContain(track.id);
      await expect.poll(() => audio.evaluate((a: HTMLAudioElement) => !a.paused)).toBe(true);
      const at = await audio.evaluate((a: HTMLAudioElement) => a.currentTime);
      expect(Math.abs(at - expected.positionMs / 1000)).toBeLessThan(2);
      expect(await page.evaluate(() => navigator.mediaSession.metadata?.title)).toBe(track.title);
      expect(await page.locator('.tracks li.playing').getAttribute('data-song')).toBe(String(expected.index));
      expect(await page.locator('svg [data-track].playing').getAttribute('data-track')).toBe(
        String(expected.index),
      );
      expect(await page.locator('[data-testid="player-status"]').textContent()).toBe(
        `Track ${expected.index + 1} of ${playlist.tracks.length}: ${track.title}`,
      );

      // Near the song's end the player moves on to the next by itself.
      const next = playlist.tracks[expected.index + 1]!;
      await audio.evaluate((a: HTMLAudioElement) => {
        a.currentTime = a.duration - 0.3;
      });
      await expect
        .poll(() => audio.evaluate((a: HTMLAudioElement) => a.src), { timeout: 10_000 })
        .toContain(next.id);
      await expect.poll(() => page.evaluate(() => navigator.mediaSession.metadata?.title)).toBe(next.title);
      expect(await page.locator('.tracks li.playing').getAttribute('data-song')).toBe(
        String(expected.index + 1),
      );
      expect(await audio.evaluate((a: HTMLAudioElement) => a.currentTime)).toBeLessThan(2);
      await context.close();
    } finally {
      await t.close();
    }
  });

  it('shows a late train’s expected times and warns of the connection it breaks', async () => {
    const opendata = await startOpendataFake();
    const { t, origin } = await listen({
      webRoot,
      now: new Date('2026-12-01T06:30:00Z'),
      opendataUrl: opendata.url,
    });
    try {
      const { trip } = await share(
        t,
        'https://maps.apple.com/?saddr=Z%C3%BCrich%20HB&daddr=Interlaken%20Ost&dirflg=r',
      );
      // Ten minutes late into Bern, twenty minutes into the ride.
      opendata.setDelay(trip.legs[0]!.trainNumber ?? '', 10);
      t.clock.now = new Date(Date.parse(trip.departure) + 20 * 60_000);
      await trackTripsUnderWay({
        trips: t.stores.trips,
        playlists: t.services.playlists,
        realtime: t.services.timetable!.planner.expectedTimes,
        clock: () => t.clock.now,
      });
      const page = await browser.newPage({ locale: 'en-GB' });
      await page.goto(`${origin}/#/trip/${trip.id}`);
      const late = page
        .locator('.track-group[data-segment="ride"]')
        .first()
        .locator('[data-testid="expected-arr"]');
      await late.waitFor();
      const expectedArrival = Date.parse(trip.legs[0]!.arrival) + 10 * 60_000;
      expect(await late.textContent()).toBe(`arrives ${hhmm(expectedArrival)} (10 min late)`);
      expect(await page.locator('[data-testid="broken-transfer"]').textContent()).toMatch(
        /^Your connection at Bern may not work/,
      );
      // The picture keeps the plan as a ghost bar and says how late.
      expect(await page.locator('svg [data-leg="0"] .tl-planned').count()).toBe(1);
      expect(await page.locator('svg [data-leg="0"] .tl-delay').textContent()).toBe('+10′');
      expect(await page.locator('svg .tl-seg.broken').count()).toBe(1);
      // Still monotonic with the delay.
      await page.locator('.track-groups[data-complete]').waitFor();
      const times = await listTimes(page);
      for (let i = 1; i < times.length; i++) expect(times[i]!.at).toBeGreaterThanOrEqual(times[i - 1]!.at);
      // On the train, the live view counts to the expected arrival and says how late it is.
      await page.clock.setFixedTime(t.clock.now);
      await page.goto(`${origin}/#/trip/${trip.id}/live`);
      const liveLate = page.locator('[data-testid="live-late"]');
      await liveLate.waitFor();
      expect(await liveLate.textContent()).toBe(`arrives ${hhmm(expectedArrival)} · 10 min late`);
      const inMinutes = Math.round((expectedArrival - t.clock.now.getTime()) / 60_000);
      expect(await page.locator('[data-testid="live-next"]').textContent()).toMatch(
        new RegExp(`^${trip.legs[0]!.to.name} in ${inMinutes} min`),
      );
      await page.close();
    } finally {
      await t.close();
      await opendata.close();
    }
  });

  it('follows the trip live with a mocked clock: the now marker, the song playing and the next change', async () => {
    const picture = tripPicture(long.trip, long.playlist);
    const zurich = picture.changesAt.find((c) => c.stop === 'Zürich HB')!;
    const start = zurich.at - 12 * 60_000;
    // A phone: the picture scrolls, and the live view opens it where "now" is.
    const page = await browser.newPage({ locale: 'en-GB', viewport: { width: 360, height: 780 } });
    await page.clock.install({ time: new Date(start) });
    await page.goto(`${main.origin}/#/trip/${long.trip.id}`);
    // Under way: the trip screen offers the live view.
    await page.locator('[data-testid="live-link"]').click();
    await page.waitForURL(/\/live$/);
    const next = page.locator('[data-testid="live-next"]');
    await next.waitFor();
    const first = liveState(picture, start);
    const song = (index: number | null) => `${(index ?? 0) + 1}. ${long.playlist.tracks[index ?? 0]!.title}`;
    expect(await next.textContent()).toMatch(/^Zürich HB in 12 min, /);
    expect(await page.locator('[data-testid="live-song"] strong').textContent()).toBe(song(first.track));
    expect(await page.locator('[data-testid="live-where"]').textContent()).toBe('IC 3 Landquart → Zürich HB');
    expect(await page.locator('svg [data-now]').count()).toBe(1);
    const markerAt = async () => Number(await page.locator('svg [data-now] line').first().getAttribute('x1'));
    const x0 = await markerAt();
    const visible = await page
      .locator('.timeline')
      .evaluate((e) => [e.scrollLeft, e.scrollLeft + e.clientWidth] as const);
    expect(visible[0]).toBeGreaterThan(0);
    expect(x0).toBeGreaterThan(visible[0]);
    expect(x0).toBeLessThan(visible[1]);

    // Eleven and a half minutes on, the song that ends in Zürich plays: it ends as you arrive.
    await page.clock.fastForward(11.5 * 60_000);
    await expect
      .poll(() => next.textContent())
      .toMatch(/^Zürich HB in \d\d s, this song ends as you arrive$/);
    const later = liveState(picture, start + 11.5 * 60_000);
    expect(await page.locator('[data-testid="live-song"] strong').textContent()).toBe(song(later.track));
    expect(await markerAt()).toBeGreaterThan(x0);

    // Hidden (the phone in a pocket), the view stops ticking; shown again, it catches up at once.
    const setVisibility = (state: 'hidden' | 'visible') =>
      page.evaluate((value) => {
        Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => value });
        document.dispatchEvent(new Event('visibilitychange'));
      }, state);
    await setVisibility('hidden');
    const frozen = await page.locator('[data-testid="live-clock"]').textContent();
    await page.clock.fastForward(2 * 60_000);
    expect(await page.locator('[data-testid="live-clock"]').textContent()).toBe(frozen);
    await setVisibility('visible');
    await expect.poll(() => page.locator('[data-testid="live-clock"]').textContent()).not.toBe(frozen);

    // Five minutes into the wait in Zürich: the next train, from where, when.
    await page.clock.fastForward(3.5 * 60_000);
    await expect.poll(() => next.textContent()).toMatch(/^IC 1 leaves Zürich HB in 21 min/);
    expect(await page.locator('[data-testid="live-where"]').textContent()).toBe('Wait at Zürich HB');
    const violations = await axeViolations(page);
    expect(violations, formatViolations('live', violations)).toEqual([]);
    await page.close();
  });
});
