import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { COMMANDS, main } from '../src/cli.js';
import { demoCatalog } from '../src/music/demo-catalog.js';
import { fixtureById } from './fixtures.js';

/** Runs the CLI in-process (the same `main` as `bin/railtape.js`) and captures what it prints. */
async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const stdout = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    out += String(chunk);
    return true;
  });
  const stderr = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    err += String(chunk);
    return true;
  });
  try {
    const code = await main(argv);
    return { code, out, err };
  } finally {
    stdout.mockRestore();
    stderr.mockRestore();
  }
}

const tmp = mkdtempSync(join(tmpdir(), 'railtape-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('railtape parse', () => {
  it('prints the canonical trip of an SBB trip link and exits 0', async () => {
    const { code, out } = await run(
      'parse',
      '--offline',
      '--text',
      fixtureById('real-sbb-triplink-jitpack').text ?? '',
    );
    expect(code).toBe(0);
    const trip = JSON.parse(out);
    expect(trip).toMatchObject({
      source: 'sbb-trip-link',
      exactness: 'exact',
      origin: 'Samedan',
      destination: 'Bern, Cäcilienstrasse',
      departure: '2026-10-10T10:58:00+02:00',
      arrival: '2026-10-10T15:46:00+02:00',
      durationSeconds: 17_280,
    });
    expect(trip.legs).toHaveLength(5);
    expect(trip.legs[0]).toMatchObject({
      mode: 'rail',
      line: 'RE 3',
      trainNumber: '1334',
      from: { name: 'Samedan', uic: '8509251' },
    });
    expect(trip.legs[3].mode).toBe('walk');
  });

  it('exits 3 with a coded error for a share without a trip', async () => {
    const { code, out } = await run(
      'parse',
      '--offline',
      '--text',
      'Treffpunkt 13:02 beim Meeting Point, bis später!',
    );
    expect(code).toBe(3);
    expect(JSON.parse(out).error.code).toBe('no_link_found');
  });

  it('exits 4 with needs_resolution for a short link under --offline', async () => {
    const { code, out } = await run('parse', '--offline', '--text', 'https://a.sbbmobile.ch/s/73oNRti7');
    expect(code).toBe(4);
    expect(JSON.parse(out).error).toMatchObject({
      code: 'needs_resolution',
      link: 'https://a.sbbmobile.ch/s/73oNRti7',
    });
  });

  it('exits 4 with the search for a search link that needs a timetable', async () => {
    const { code, out } = await run(
      'parse',
      '--offline',
      '--url',
      fixtureById('real-sbb-stops-link-lauterbrunnen').url ?? '',
    );
    expect(code).toBe(4);
    expect(JSON.parse(out).error.query).toMatchObject({
      origin: { name: 'Lauterbrunnen' },
      time: '2026-07-12T20:05',
    });
  });

  it('reads a JSON share on stdin', () => {
    const share = JSON.stringify({ title: null, text: fixtureById('c-text-fr').text, url: null });
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts', 'parse', '--offline'], {
      input: share,
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ origin: 'Lausanne', destination: 'Genève-Aéroport' });
  });
});

describe('railtape fit', () => {
  it('prints a playlist as long as the trip file', async () => {
    const trip = JSON.parse(
      (
        await run(
          'parse',
          '--offline',
          '--text',
          fixtureById('c-sbb-triplink-en-bern-kleinescheidegg').text ?? '',
        )
      ).out,
    );
    writeFileSync(join(tmp, 'trip.json'), JSON.stringify(trip));
    writeFileSync(join(tmp, 'catalog.json'), JSON.stringify(demoCatalog()));
    const { code, out } = await run(
      'fit',
      '--trip',
      join(tmp, 'trip.json'),
      '--catalog',
      join(tmp, 'catalog.json'),
      '--seed',
      '7',
    );
    expect(code).toBe(0);
    const playlist = JSON.parse(out);
    expect(playlist.targetSeconds).toBe(trip.durationSeconds);
    expect(Math.abs(playlist.errorSeconds)).toBeLessThanOrEqual(1);
    expect(playlist.segments.length).toBeGreaterThanOrEqual(2);
    for (const t of playlist.tracks)
      expect(t).toEqual(
        expect.objectContaining({
          id: expect.any(String),
          startSeconds: expect.any(Number),
          legIndex: expect.any(Number),
        }),
      );
    const again = await run(
      'fit',
      '--trip',
      join(tmp, 'trip.json'),
      '--catalog',
      join(tmp, 'catalog.json'),
      '--seed',
      '7',
    );
    expect(again.out).toBe(out);
  });

  it('exits 2 with a usage message for a catalog that is not a track list', async () => {
    writeFileSync(join(tmp, 'bad.json'), JSON.stringify([{ id: 1 }]));
    writeFileSync(
      join(tmp, 'trip2.json'),
      JSON.stringify({
        departure: 'x',
        arrival: 'y',
        legs: [{ mode: 'rail', departure: 'x', arrival: 'y' }],
      }),
    );
    const { code, err } = await run(
      'fit',
      '--trip',
      join(tmp, 'trip2.json'),
      '--catalog',
      join(tmp, 'bad.json'),
    );
    expect(code).toBe(2);
    expect(err).toMatch(/--catalog is not a track list/);
  });

  it("fits for the player's crossfade and a lead-in with --crossfade and --lead-in", async () => {
    const trip = JSON.parse(
      (
        await run(
          'parse',
          '--offline',
          '--text',
          fixtureById('c-sbb-triplink-en-bern-kleinescheidegg').text ?? '',
        )
      ).out,
    );
    writeFileSync(join(tmp, 'trip3.json'), JSON.stringify(trip));
    writeFileSync(join(tmp, 'catalog3.json'), JSON.stringify(demoCatalog()));
    const files = ['--trip', join(tmp, 'trip3.json'), '--catalog', join(tmp, 'catalog3.json')];
    const { code, out } = await run('fit', ...files, '--crossfade', '6', '--lead-in', '5');
    expect(code).toBe(0);
    const playlist = JSON.parse(out);
    expect(playlist.crossfadeSeconds).toBe(6);
    expect(playlist.leadInSeconds).toBe(300);
    expect(playlist.targetSeconds).toBe(trip.durationSeconds + 300);
    expect(playlist.tracks[1].startSeconds).toBeCloseTo(playlist.tracks[0].durationMs / 1000 - 6, 6);
    const bad = await run('fit', ...files, '--crossfade', '20');
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/--crossfade must be a number of seconds from 0 to 12/);
  });
});

describe('railtape selftest and usage', () => {
  it('passes the built-in canaries', async () => {
    const { code, out } = await run('selftest');
    expect(code).toBe(0);
    expect(out).toMatch(/selftest: passed/);
    expect(out).not.toMatch(/FAIL/);
  });

  it('exits 2 on an unknown command and lists the commands', async () => {
    const { code, err } = await run('fly');
    expect(code).toBe(2);
    for (const command of COMMANDS) expect(err).toContain(command.split(' ')[0]);
  });
});

describe('railtape worker and migrate on the embedded database', () => {
  let saved: NodeJS.ProcessEnv;
  beforeEach(() => {
    saved = { ...process.env };
    delete process.env.DATABASE_URL;
    process.env.DATA_DIR = join(tmp, 'data');
    process.env.LOG_LEVEL = 'silent';
  });
  afterEach(() => {
    process.env = saved;
  });

  it('migrates idempotently and runs one worker pass printing one summary line', async () => {
    expect((await run('migrate')).out).toBe('migrations applied (pglite)\n');
    expect((await run('migrate')).code).toBe(0);
    const parse = await run('worker', 'parse');
    expect(parse.code).toBe(0);
    expect(parse.out.trim().split('\n')).toHaveLength(1);
    expect(JSON.parse(parse.out)).toMatchObject({ worker: 'parse', claimed: 0 });
    const reminders = await run('worker', 'reminders');
    expect(reminders.out.trim().split('\n')).toHaveLength(1);
    expect(JSON.parse(reminders.out)).toMatchObject({
      worker: 'reminders',
      due: 0,
      sent: 0,
      retried: 0,
      dropped: 0,
      gone: 0,
      failed: 0,
      durationMs: expect.any(Number),
      push: 'not_configured',
    });
  });
});
