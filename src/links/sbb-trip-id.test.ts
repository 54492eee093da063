import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { fixtureById } from '../../test/fixtures.js';
import { decodeErrorCode } from '../../test/support/decode-errors.js';
import type { Leg } from '../domain/trip.js';
import { writeHkiLegs } from './hki.js';
import { ProtoWriter } from './protobuf.js';
import { decodeTripId, decodeTripSearch, encodeTripId, parseTripId } from './sbb-trip-id.js';

const tripIdOf = (id: string): string => {
  const f = fixtureById(id);
  const link = f.resolvesTo ?? f.url ?? f.text ?? '';
  const m = /(?:tripId|recon)=([A-Za-z0-9_.-]+)/.exec(link);
  if (m?.[1] === undefined) throw new Error(`no tripId in ${id}`);
  return m[1];
};

const b64 = (bytes: Uint8Array) => deflateSync(bytes).toString('base64url');
const contextWith = (build: (w: ProtoWriter) => void) => {
  const w = new ProtoWriter();
  build(w);
  return `3HA.${b64(w.finish())}.${b64(Buffer.from('{}'))}`;
};

const codeOf = decodeErrorCode;

describe('decodeTripId on real links', () => {
  it('decodes the JIT-Pack link (5 legs, 2026-10-10)', () => {
    const trip = parseTripId(tripIdOf('real-sbb-triplink-jitpack'));
    expect(trip.legs.map((l) => `${l.from.name} → ${l.to.name}`)).toEqual([
      'Samedan → Landquart',
      'Landquart → Zürich HB',
      'Zürich HB → Bern',
      'Bern → Bern, Bahnhof',
      'Bern, Bahnhof → Bern, Cäcilienstrasse',
    ]);
    expect(trip.source).toBe('sbb-trip-link');
    expect(trip.legs.every((l) => l.from.platform === null && l.to.platform === null)).toBe(true);
  });

  it('decodes the traintime link starting at a GPS point', () => {
    const trip = parseTripId(tripIdOf('real-blob-sbb-triplink-traintime'), 'sbb-app-link');
    expect(trip.source).toBe('sbb-app-link');
    expect(trip.origin).toBe('46.230888, 7.354565');
    expect(trip.legs[0]?.from.uic).toBeNull();
    expect(trip.legs[1]).toMatchObject({ line: 'IR 90', trainNumber: '1820', mode: 'rail' });
    expect(trip.durationSeconds).toBe(87 * 60);
  });
});

describe('decodeTripSearch', () => {
  it('reads the original search, whose time is not the departure', () => {
    expect(decodeTripSearch(tripIdOf('real-sbb-triplink-jitpack'))).toEqual({
      origin: '8509251',
      destination: '8590011',
      day: '2026-10-10',
      time: '10:45',
    });
    expect(decodeTripSearch(tripIdOf('real-blob-sbb-triplink-traintime'))?.origin).toBe(
      '[7.3545659,46.2308888]',
    );
  });

  it('is null when the segment is missing or unreadable', () => {
    const [version, context] = tripIdOf('real-sbb-triplink-jitpack').split('.');
    expect(decodeTripSearch(`${version}.${context}`)).toBeNull();
    expect(decodeTripSearch(`${version}.${context}.eNqrVirLTCxW`)).toBeNull();
    expect(decodeTripSearch(`${version}.${context}.${b64(Buffer.from('not json'))}`)).toBeNull();
  });
});

describe('decodeTripId failures', () => {
  const real = tripIdOf('real-sbb-triplink-jitpack');
  const [, context, search] = real.split('.');

  it('rejects other version tags as unsupported_version', () => {
    expect(codeOf(() => decodeTripId(`4HB.${context}.${search}`))).toBe('unsupported_version');
    expect(codeOf(() => decodeTripId(`3HB.${context}`))).toBe('unsupported_version');
  });

  it.each([
    ['no version tag', 'eNqrVirLTCxW'],
    ['characters outside base64url', '3HA.eNq+/rV.x'],
    ['an empty context', '3HA..x'],
    ['base64 that is not zlib', `3HA.${Buffer.from('hello world').toString('base64url')}.x`],
    ['a truncated zlib stream', `3HA.${context?.slice(0, 600)}.${search}`],
    ['zlib of something that is not protobuf', `3HA.${b64(Buffer.from([0x0b, 0x0c, 0xff]))}.x`],
    ['a message without the reconstruction', contextWith((w) => w.varint(3, 1))],
    ['a reconstruction without HKI', contextWith((w) => w.message(1, (m) => m.string(2, '¶KC¶#VE#2#')))],
    [
      'a reconstruction that is not UTF-8',
      contextWith((w) => w.message(1, (m) => m.raw(2, Uint8Array.from([0xc3, 0x28])))),
    ],
  ])('reports %s as bad_link', (_why, tripId) => {
    expect(codeOf(() => decodeTripId(tripId))).toBe('bad_link');
  });

  it('does not inflate a zlib bomb beyond its cap', () => {
    const bomb = `3HA.${b64(new Uint8Array(2 * 1024 * 1024))}.x`;
    expect(bomb.length).toBeLessThan(10_000);
    expect(codeOf(() => decodeTripId(bomb))).toBe('bad_link');
  });

  it('fails the whole trip when one leg is unreadable', () => {
    const hki = `¶HKI¶T$A=1@O=Bern@L=8507000@a=128@$A=1@O=Thun@L=8507100@a=128@$202612051302$202612051320$IC 6$$1$§Q$x$y$1$2$$¶`;
    expect(codeOf(() => decodeTripId(contextWith((w) => w.message(1, (m) => m.string(2, hki)))))).toBe(
      'bad_leg',
    );
  });

  it('decodes the legs even when the search segment is missing or damaged', () => {
    expect(decodeTripId(`3HA.${context}`).legs).toHaveLength(5);
    expect(decodeTripId(`3HA.${context}.!!`).legs).toHaveLength(5);
  });
});

describe('encodeTripId', () => {
  const legs: Leg[] = [
    {
      mode: 'rail',
      line: 'IR 13',
      trainNumber: '1999',
      from: { name: 'Zürich HB', uic: '8503000', platform: null, lat: 47.378177, lon: 8.540211 },
      to: { name: 'Chur', uic: '8509000', platform: null, lat: 46.8531, lon: 9.529 },
      departure: '2026-10-25T02:20:00+01:00',
      arrival: '2026-10-25T02:50:00+01:00',
    },
  ];

  it('keeps the offset of a time in the repeated October hour through the stop list', () => {
    expect(decodeTripId(encodeTripId(legs)).legs).toEqual(legs);
  });

  it('needs the stop list for that: the HKI alone reads the earlier instant', () => {
    const hkiOnly = contextWith((w) => w.message(1, (m) => m.string(2, `¶HKI¶${writeHkiLegs(legs)}¶`)));
    expect(decodeTripId(hkiOnly).legs[0]?.departure).toBe('2026-10-25T02:20:00+02:00');
  });

  it('writes a search segment like SBB does', () => {
    expect(decodeTripSearch(encodeTripId(legs, { time: '02:00' }))).toEqual({
      origin: '8503000',
      destination: '8509000',
      day: '2026-10-25',
      time: '02:00',
    });
  });

  it('needs at least one leg', () => {
    expect(() => encodeTripId([])).toThrow(RangeError);
  });
});
