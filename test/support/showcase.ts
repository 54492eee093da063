/**
 * The traveller the quality tools look at (test/browser-quality.test.ts, bench/lighthouse.ts,
 * scripts/screenshots.ts): signed in through the Spotify fake, with a long multi-leg trip (Samedan →
 * Bern, 5 legs with a walk and a tram, 4 h 48 min: the "77-track trip" of issue 16), an upcoming
 * shorter one, a short link that cannot be resolved (a share needing attention) and a text without a
 * trip (a refused share), so every main screen has something real to show.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startGoogleLinksFake } from '../fakes/google-links.js';
import { startOpendataFake } from '../fakes/opendata.js';
import { startSbbLinksFake } from '../fakes/sbb-links.js';
import { FAKE_RIDER, type SpotifyFake, startSpotifyFake } from '../fakes/spotify.js';
import { fixtureById } from '../fixtures.js';
import { freePort } from './ports.js';
import { runRailtape, signInOverHttp, waitUntilReady } from './processes.js';

export const SHOWCASE_SHARES = {
  /** Samedan 10:58 → Bern, Cäcilienstrasse 15:46 on 10 October 2026: RE 3, IC 3, IC 1, a walk, T 6. */
  long: fixtureById('real-sbb-triplink-jitpack').text ?? '',
  /** Zürich HB → Flims Dorf, Post on 5 December 2026 (IC 3 + bus), through the SBB short-link fake. */
  upcoming: fixtureById('c-sbb-short-de-bus').text ?? '',
  /** An SBB short link the host does not know: the share needs the traveller's attention. */
  attention: fixtureById('real-sbb-short-unresolved').text ?? '',
  /** A chat message without a trip: refused, with the reason. */
  refused: fixtureById('c-negative-no-trip').text ?? '',
};

/** Issue 16's "77-track trip": the long trip's playlist is kept within two songs of it. */
export const SHOWCASE_TRACKS = 77;

/** Mid-way through the long trip (13:00 in Zürich, on the IC 1 towards Bern): the live view's "now". */
export const SHOWCASE_LIVE_AT = new Date('2026-10-10T11:00:00Z');
/** Before the long trip (09:00 in Zürich): both trips are still ahead. */
export const SHOWCASE_BEFORE = new Date('2026-10-10T07:00:00Z');

export interface ShowcaseIds {
  tripId: string;
  upcomingTripId: string | undefined;
  attentionShareId: string;
  refusedShareId: string;
  /** The long trip's playlist length and legs, as the API reports them. */
  trackCount: number;
  legCount: number;
  /** Share statuses as the API answered, for the tools' messages. */
  statuses: Record<keyof typeof SHOWCASE_SHARES, string>;
}

export interface ShowcaseScreen {
  name: 'home' | 'trip' | 'live' | 'settings' | 'share-refusal' | 'share-image-only';
  /** Path and hash to open, relative to the origin. */
  path: string;
  /** The page clock the screen is looked at with. */
  at: Date;
}

/** What each screen shows once its data is in, so tools look at the real screen, not a spinner. */
export const SCREEN_READY: Record<ShowcaseScreen['name'], string> = {
  home: 'main >> text=Samedan',
  trip: 'main [data-track]',
  live: 'main h1',
  settings: 'main select, main input',
  'share-refusal': 'main h1',
  'share-image-only': 'main h1',
};

export function showcaseScreens(ids: ShowcaseIds): ShowcaseScreen[] {
  return [
    { name: 'home', path: '/#/', at: SHOWCASE_BEFORE },
    { name: 'trip', path: `/#/trip/${ids.tripId}`, at: SHOWCASE_BEFORE },
    { name: 'live', path: `/#/trip/${ids.tripId}/live`, at: SHOWCASE_LIVE_AT },
    { name: 'settings', path: '/#/settings', at: SHOWCASE_BEFORE },
    { name: 'share-refusal', path: `/#/share/${ids.refusedShareId}`, at: SHOWCASE_BEFORE },
    // Where the share target lands after a share with only a picture (the service worker's answer).
    // Last: the landing stays until the next full navigation, and the app leaves a clean `/#/` URL.
    { name: 'share-image-only', path: '/?share_error=empty_share', at: SHOWCASE_BEFORE },
  ];
}

interface ShareAnswer {
  share: { id: string; status: string };
  trip: { id: string; legs: unknown[] } | null;
  playlist: { tracks: unknown[] } | null;
}

/** Same-origin API headers for a signed-in traveller. */
export function apiHeaders(origin: string, session: string): Record<string, string> {
  return {
    cookie: `railtape_session=${session}`,
    origin,
    'sec-fetch-site': 'same-origin',
    'content-type': 'application/json',
  };
}

/** Shares the showcase's four shares as the traveller (over real HTTP) and returns what they became. */
export async function seedShowcase(origin: string, session: string): Promise<ShowcaseIds> {
  const headers = apiHeaders(origin, session);
  const share = async (text: string): Promise<ShareAnswer> => {
    const res = await fetch(`${origin}/api/shares`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ text }),
    });
    const body = (await res.json()) as ShareAnswer;
    if (!body.share) throw new Error(`POST /api/shares answered ${res.status}: ${JSON.stringify(body)}`);
    return body;
  };
  // The playlist's length depends on the trip's seed (its random id): 69 to 79 songs. The issue's
  // figure is a 77-track trip, so a trip outside 75–79 is deleted and shared again (a new id).
  let long = await share(SHOWCASE_SHARES.long);
  for (let attempt = 1; attempt < 12; attempt++) {
    const count = long.playlist?.tracks.length ?? 0;
    if (!long.trip || Math.abs(count - SHOWCASE_TRACKS) <= 2) break;
    const { 'content-type': _json, ...noBody } = headers;
    const deleted = await fetch(`${origin}/api/trips/${long.trip.id}`, { method: 'DELETE', headers: noBody });
    if (!deleted.ok)
      throw new Error(`DELETE /api/trips/:id answered ${deleted.status}: ${await deleted.text()}`);
    long = await share(SHOWCASE_SHARES.long);
  }
  if (!long.trip) throw new Error(`the long share made no trip (${long.share.status})`);
  const upcoming = await share(SHOWCASE_SHARES.upcoming);
  const attention = await share(SHOWCASE_SHARES.attention);
  const refused = await share(SHOWCASE_SHARES.refused);
  // The playlist may be written a moment later (Spotify): read the trip as the page will.
  const read = (await (
    await fetch(`${origin}/api/trips/${long.trip.id}`, { headers: { cookie: headers.cookie ?? '' } })
  ).json()) as { playlist: { tracks: unknown[] } | null };
  return {
    tripId: long.trip.id,
    upcomingTripId: upcoming.trip?.id,
    attentionShareId: attention.share.id,
    refusedShareId: refused.share.id,
    trackCount: read.playlist?.tracks.length ?? long.playlist?.tracks.length ?? 0,
    legCount: long.trip.legs.length,
    statuses: {
      long: long.share.status,
      upcoming: upcoming.share.status,
      attention: attention.share.status,
      refused: refused.share.status,
    },
  };
}

export interface ShowcaseServer {
  origin: string;
  session: string;
  ids: ShowcaseIds;
  spotify: SpotifyFake;
  /** What the server printed, for failures. */
  output(): string;
  close(): Promise<void>;
}

/**
 * `railtape serve` as its own process on a fresh embedded database in a temporary folder, against
 * the contract fakes (Spotify, SBB and Google short links, the timetable), with the showcase seeded.
 * `built`: `node bin/railtape.js serve` (needs `npm run build`); otherwise the sources through tsx.
 * Either way the PWA is the one in dist/web.
 */
export async function startShowcaseServer(options: { built: boolean }): Promise<ShowcaseServer> {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const client = {
    clientId: 'showcase000000000000000000000000',
    clientSecret: 'showcase-secret-not-a-real-secret',
    redirectUris: ['http://127.0.0.1/auth/spotify/callback'],
  };
  const spotify = await startSpotifyFake({ clients: [client], signedInAs: FAKE_RIDER });
  const sbb = await startSbbLinksFake();
  const google = await startGoogleLinksFake();
  const opendata = await startOpendataFake();
  const dataDir = mkdtempSync(join(tmpdir(), 'railtape-showcase-'));
  const env: Record<string, string> = {
    NODE_ENV: 'development',
    HOST: '127.0.0.1',
    PORT: String(port),
    LOG_LEVEL: 'warn',
    LOG_FORMAT: 'json',
    DATA_DIR: dataDir,
    RATE_LIMIT_PER_MINUTE: '100000',
    RATE_LIMIT_PER_USER_PER_MINUTE: '100000',
    SPOTIFY_CLIENT_ID: client.clientId,
    SPOTIFY_CLIENT_SECRET: client.clientSecret,
    SPOTIFY_REDIRECT_URI: `${origin}/auth/spotify/callback`,
    SPOTIFY_ACCOUNTS_URL: spotify.accountsUrl,
    SPOTIFY_API_URL: spotify.apiUrl,
    SBB_SHORT_LINK_URL: sbb.url,
    GOOGLE_SHORT_LINK_URL: google.url,
    TRANSPORT_API_URL: opendata.url,
    // Fixed, throwaway secrets: the fakes hold nothing worth protecting.
    SESSION_SECRET: 'showcase-session-secret-0123456789abcdef',
    TOKEN_ENCRYPTION_KEY: 'c5'.repeat(32),
  };
  const server = runRailtape(['serve'], env, { built: options.built });
  const { child, output } = server;
  const close = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await server.exited;
    await Promise.all([spotify.close(), sbb.close(), google.close(), opendata.close()]);
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    await waitUntilReady(`${origin}/readyz`, 90_000, server);
    const session = await signInOverHttp(origin, spotify, FAKE_RIDER);
    if (!session) throw new Error(`sign-in through the Spotify fake failed on ${origin}:\n${output()}`);
    const ids = await seedShowcase(origin, session);
    return { origin, session, ids, spotify, output, close };
  } catch (err) {
    await close();
    throw err;
  }
}
