/**
 * `npm run dev:fakes`: the whole app against the local contract fakes (Spotify, the SBB and Google
 * short-link hosts), with a seeded Spotify user who is signed in at the fake's consent page: a demo
 * without any credentials. Open http://127.0.0.1:PORT (not `localhost`: Spotify's redirect rules).
 */
import { startGoogleLinksFake } from '../test/fakes/google-links.js';
import { startGoogleRoutesFake } from '../test/fakes/google-routes.js';
import { startOjpFake } from '../test/fakes/ojp.js';
import { startOpendataFake } from '../test/fakes/opendata.js';
import { startSbbLinksFake } from '../test/fakes/sbb-links.js';
import { FAKE_RIDER, startSpotifyFake } from '../test/fakes/spotify.js';

const port = Number(process.env.PORT ?? 3000);
const redirectUri = `http://127.0.0.1:${port}/auth/spotify/callback`;
const client = {
  clientId: 'devfakes0000000000000000000000aa',
  clientSecret: 'devfakes-secret-not-a-real-secret',
  redirectUris: ['http://127.0.0.1/auth/spotify/callback'],
};

const spotify = await startSpotifyFake({ clients: [client], signedInAs: FAKE_RIDER });
const sbb = await startSbbLinksFake();
const google = await startGoogleLinksFake();
const opendata = await startOpendataFake();
// OJP plans and tracks Swiss trips (real-time, quays, cancellations); Google Routes plans Google and
// Apple shares outside Switzerland (Milano Centrale, Paris Gare de Lyon, München Hbf).
const ojp = await startOjpFake();
const googleRoutes = await startGoogleRoutesFake();

Object.assign(process.env, {
  NODE_ENV: 'development',
  PORT: String(port),
  DATA_DIR: process.env.DATA_DIR ?? './.data/dev-fakes',
  SPOTIFY_CLIENT_ID: client.clientId,
  SPOTIFY_CLIENT_SECRET: client.clientSecret,
  SPOTIFY_REDIRECT_URI: redirectUri,
  SPOTIFY_ACCOUNTS_URL: spotify.accountsUrl,
  SPOTIFY_API_URL: spotify.apiUrl,
  SBB_SHORT_LINK_URL: sbb.url,
  GOOGLE_SHORT_LINK_URL: google.url,
  TRANSPORT_API_URL: opendata.url,
  OJP_URL: ojp.url,
  OJP_TOKEN: ojp.token,
  GOOGLE_ROUTES_URL: googleRoutes.url,
  GOOGLE_ROUTES_API_KEY: googleRoutes.apiKey,
  // Fixed development-only secrets: the fakes hold nothing worth protecting.
  SESSION_SECRET: 'dev-fakes-session-secret-0123456789abcdef',
  TOKEN_ENCRYPTION_KEY: 'd3'.repeat(32),
});

process.stdout.write(
  `Fakes: Spotify ${spotify.url} (signed in as ${FAKE_RIDER}), SBB links ${sbb.url}, Google links ${google.url}, timetable ${opendata.url}\n` +
    `OJP_URL=${ojp.url} OJP_TOKEN=${ojp.token} GOOGLE_ROUTES_URL=${googleRoutes.url} GOOGLE_ROUTES_API_KEY=${googleRoutes.apiKey}\n` +
    `Open http://127.0.0.1:${port} and sign in with Spotify.\n`,
);

const { main } = await import('../src/cli.js');
await main(['serve']);
