import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseFile } from 'music-metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureById } from './fixtures.js';
import { startTestApp, type TestApp } from './support/app.js';
import { writeWav } from './support/audio-files.js';
import { testDatabases } from './support/databases.js';

/**
 * The local library end to end: real audio files of known lengths, scanned, a shared SBB trip fitted
 * from them, and an M3U8 whose files exist and whose real lengths add up to the trip.
 */
const TRIP_TEXT = fixtureById('real-sbb-triplink-jitpack').text ?? '';
const SAME_ORIGIN = { 'sec-fetch-site': 'same-origin' };
const target = testDatabases[0];

describe.skipIf(!target || target.skipReason !== undefined)('local music library', () => {
  let t: TestApp;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'railtape-library-'));
    // 140 songs of 2:00–5:59 in a fixed pattern (no randomness): about nine hours to choose from.
    for (let i = 0; i < 140; i++) {
      const durationMs = 120_000 + ((i * 7_919_333) % 240_000) + (i % 1000);
      writeWav(join(dir, `${String(i).padStart(3, '0')}.wav`), {
        durationMs,
        title: `Song ${i}`,
        artist: `Artist ${i % 23}`,
        album: `Album ${i % 11}`,
        genre: 'Test',
        sampleRate: 1000,
      });
    }
    t = await startTestApp(target as NonNullable<typeof target>, { musicDir: dir });
  }, 60_000);

  afterAll(async () => {
    await t?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('scans, fits a shared trip from the files, and exports an M3U8 of files that add up to the trip', async () => {
    const scan = await t.app.inject({ method: 'POST', url: '/api/library/scan', headers: SAME_ORIGIN });
    expect(scan.statusCode).toBe(200);
    expect(scan.json()).toMatchObject({ added: 140, failed: 0 });

    const offered = await t.app.inject({ method: 'GET', url: '/api/music/sources' });
    expect(offered.json()).toEqual({ chosen: 'demo', available: ['demo', 'local'] });
    const missing = await t.app.inject({
      method: 'PUT',
      url: '/api/preferences',
      headers: SAME_ORIGIN,
      payload: { musicSource: 'subsonic' },
    });
    expect(missing.statusCode).toBe(422);
    expect(missing.json().error.code).toBe('music_source_not_offered');

    const prefs = await t.app.inject({
      method: 'PUT',
      url: '/api/preferences',
      headers: SAME_ORIGIN,
      payload: { musicSource: 'local' },
    });
    expect(prefs.statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: '/api/music/sources' })).json().chosen).toBe('local');

    const share = await t.app.inject({
      method: 'POST',
      url: '/api/shares',
      headers: SAME_ORIGIN,
      payload: { text: TRIP_TEXT },
    });
    expect(share.statusCode).toBe(201);
    const { trip, playlist } = share.json() as {
      trip: { id: string; durationSeconds: number };
      playlist: { provider: string };
    };
    expect(playlist.provider).toBe('local');

    const m3u = await t.app.inject({ method: 'GET', url: `/api/trips/${trip.id}/playlist.m3u8` });
    expect(m3u.statusCode).toBe(200);
    const lines = m3u.body.split('\n').filter(Boolean);
    expect(lines[0]).toBe('#EXTM3U');
    expect(lines.some((l) => l.startsWith('# Transfer at '))).toBe(true);
    const entries = lines.filter((l) => !l.startsWith('#'));
    expect(entries.length).toBeGreaterThan(30);
    let totalSeconds = 0;
    for (const entry of entries) {
      expect(entry).not.toMatch(/^demo:|^\//);
      const file = join(dir, entry);
      expect(statSync(file).isFile()).toBe(true);
      totalSeconds += (await parseFile(file, { duration: true })).format.duration ?? 0;
    }
    expect(Math.abs(totalSeconds - trip.durationSeconds)).toBeLessThanOrEqual(1);
  }, 60_000);

  it('a file replaced on disk is picked up by a re-scan', async () => {
    writeWav(join(dir, '000.wav'), {
      durationMs: 61_000,
      title: 'Replaced',
      artist: 'Someone',
      sampleRate: 1000,
    });
    const scan = await t.app.inject({ method: 'POST', url: '/api/library/scan', headers: SAME_ORIGIN });
    expect(scan.json()).toMatchObject({ added: 0, changed: 1, removed: 0, unchanged: 139 });
    const tracks = await t.stores.library.catalog();
    expect(tracks.find((x) => x.title === 'Replaced')?.durationMs).toBe(61_000);
  });

  it('plays a track with HTTP Range requests', async () => {
    const [first] = await t.stores.library.catalog();
    const track = await t.stores.library.get(first?.id ?? '');
    const whole = statSync(join(dir, track?.path ?? '')).size;
    const part = await t.app.inject({
      method: 'GET',
      url: `/api/library/tracks/${track?.id}/audio`,
      headers: { range: 'bytes=0-99' },
    });
    expect(part.statusCode).toBe(206);
    expect(part.headers['content-range']).toBe(`bytes 0-99/${whole}`);
    expect(part.rawPayload.length).toBe(100);
    expect(part.rawPayload.subarray(0, 4).toString('ascii')).toBe('RIFF');
    const beyond = await t.app.inject({
      method: 'GET',
      url: `/api/library/tracks/${track?.id}/audio`,
      headers: { range: `bytes=${whole + 10}-` },
    });
    expect(beyond.statusCode).toBe(416);
  });
});

describe('railtape library scan', () => {
  it('indexes MUSIC_DIR on the embedded database and prints a summary', async () => {
    const { main } = await import('../src/cli.js');
    const music = mkdtempSync(join(tmpdir(), 'railtape-cli-library-'));
    const data = mkdtempSync(join(tmpdir(), 'railtape-cli-data-'));
    for (let i = 0; i < 3; i++) writeWav(join(music, `${i}.wav`), { durationMs: 1_000 + i, title: `T${i}` });
    const saved = {
      MUSIC_DIR: process.env.MUSIC_DIR,
      DATA_DIR: process.env.DATA_DIR,
      DATABASE_URL: process.env.DATABASE_URL,
    };
    const out: string[] = [];
    const write = process.stdout.write.bind(process.stdout);
    Object.assign(process.env, { MUSIC_DIR: music, DATA_DIR: data });
    delete process.env.DATABASE_URL;
    process.stdout.write = ((chunk: string) => {
      out.push(String(chunk));
      return true;
    }) as typeof process.stdout.write;
    try {
      expect(await main(['migrate'])).toBe(0);
      expect(await main(['library', 'scan'])).toBe(0);
    } finally {
      process.stdout.write = write;
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
      rmSync(music, { recursive: true, force: true });
      rmSync(data, { recursive: true, force: true });
    }
    const summary = JSON.parse(out.at(-1) ?? '{}');
    expect(summary).toMatchObject({ added: 3, failed: 0, removed: 0 });
  }, 60_000);
});
