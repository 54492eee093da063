import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatZurichIso, parseInstant } from '../src/domain/time.js';
import type { Leg, Trip } from '../src/domain/trip.js';
import { SHARE_TARGET_BODY_BYTES, SHARE_TARGET_FILE_BYTES } from '../src/http/routes/share-target.js';
import { MAX_SHARE_FIELD } from '../src/http/schemas.js';
import { encodeTripId, parseShare } from '../src/links/index.js';
import { fixtureById } from './fixtures.js';
import { startTestApp, type TestApp } from './support/app.js';
import { testDatabases } from './support/databases.js';

/**
 * What one share may be, from outside: how long its trip, how well-formed its text, how large its
 * multipart body. Run on PGlite and Postgres, which must answer alike.
 */

const TRIP_LINK = fixtureById('real-sbb-triplink-jitpack').text ?? '';
const HOUR = 3_600_000;
const YEAR = 365 * 24 * HOUR;

/** The real JIT-Pack legs with the last arrival moved to `ms` after the first departure. */
function craftedLink(ms: number): string {
  const real = parseShare({ title: null, text: TRIP_LINK, url: null }, { now: Date.now() });
  if (real.status !== 'parsed') throw new Error('the JIT-Pack link no longer parses');
  const legs = real.trip.legs;
  const last = legs.at(-1) as Leg;
  const arrival = formatZurichIso(parseInstant(legs[0]!.departure) + ms);
  return `https://www.sbb.ch/de?tripId=${encodeTripId([...legs.slice(0, -1), { ...last, arrival }])}`;
}

interface Part {
  name: string;
  value: string | Buffer;
  filename?: string;
  contentType?: string;
}

const BOUNDARY = '----railtape-limits';
function multipart(parts: Part[]): { payload: Buffer; headers: Record<string, string> } {
  const chunks: Buffer[] = [];
  for (const part of parts) {
    const disposition = `form-data; name="${part.name}"${part.filename ? `; filename="${part.filename}"` : ''}`;
    const type = part.contentType ? `\r\nContent-Type: ${part.contentType}` : '';
    chunks.push(Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: ${disposition}${type}\r\n\r\n`));
    chunks.push(typeof part.value === 'string' ? Buffer.from(part.value, 'utf8') : part.value);
    chunks.push(Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${BOUNDARY}--\r\n`));
  return {
    payload: Buffer.concat(chunks),
    headers: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}` },
  };
}

for (const target of testDatabases) {
  const title = target.skipReason
    ? `share limits on ${target.name} (${target.skipReason})`
    : `share limits on ${target.name}`;

  describe.skipIf(target.skipReason !== undefined)(title, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp(target);
    });
    afterAll(async () => {
      await t?.close();
    });

    const shareCount = async () =>
      (await t.app.inject({ method: 'GET', url: '/api/shares' })).json().shares.length as number;

    const sharedThrough = async (parts: Part[]) => {
      const res = await t.app.inject({ method: 'POST', url: '/share', ...multipart(parts) });
      expect(res.statusCode, res.body).toBe(303);
      const id = /share=([\w-]+)/.exec(res.headers.location as string)?.[1];
      return (await t.app.inject({ method: 'GET', url: `/api/shares/${id}` })).json();
    };

    describe('how long a shared trip may be', () => {
      it('fails a crafted link of a 10-year and a 70-year trip as trip_too_long, without stalling', async () => {
        for (const ms of [10 * YEAR, 70 * YEAR]) {
          const started = performance.now();
          const res = await t.app.inject({
            method: 'POST',
            url: '/api/shares',
            headers: { 'accept-language': 'de' },
            payload: { text: craftedLink(ms) },
          });
          const elapsed = performance.now() - started;
          expect(res.statusCode, res.body).toBe(201);
          const body = res.json();
          expect(body.share.status).toBe('failed');
          expect(body.share.error.code).toBe('trip_too_long');
          expect(body.share.error.message).toMatch(/48 Stunden/);
          expect(body.trip).toBeNull();
          expect(elapsed).toBeLessThan(1_000);
        }
      });

      it('still takes the same legs stretched to 47 hours', async () => {
        const body = (
          await t.app.inject({
            method: 'POST',
            url: '/api/shares',
            payload: { text: craftedLink(47 * HOUR) },
          })
        ).json();
        expect(body.share.status).toBe('parsed');
        expect(body.trip.durationSeconds).toBe(47 * 3600);
        expect(body.playlist.targetSeconds).toBe(47 * 3600);
      });
    });

    describe('text that is not well-formed UTF-16', () => {
      it('refuses a lone surrogate in any field of the API with invalid_request naming the field', async () => {
        const before = await shareCount();
        for (const field of ['title', 'text', 'url'] as const) {
          for (const broken of ['Zürich \uD800 HB', 'Genève \uDC00', '\uDBFF']) {
            const res = await t.app.inject({
              method: 'POST',
              url: '/api/shares',
              headers: { 'content-type': 'application/json' },
              // JSON.stringify writes a lone surrogate as the escape `\ud800`, as a client would.
              payload: JSON.stringify({ text: 'Reise', [field]: broken }),
            });
            expect(res.statusCode, `${field}: ${res.body}`).toBe(400);
            const { error } = res.json();
            expect(error.code).toBe('invalid_request');
            expect(error.fields).toEqual([expect.stringMatching(new RegExp(`^${field}: .*well-formed`))]);
          }
        }
        expect(await shareCount()).toBe(before);
      });

      it('stores well-formed non-ASCII text and surrogate pairs verbatim', async () => {
        const text = 'Zürich HB 🚆 → Genève, Cäcilienstrasse 𝄞 end';
        const res = await t.app.inject({ method: 'POST', url: '/api/shares', payload: { text } });
        expect(res.statusCode).toBe(201);
        const id = res.json().share.id;
        const again = (await t.app.inject({ method: 'GET', url: `/api/shares/${id}` })).json();
        expect(again.share.payload.text).toBe(text);
      });

      it('repairs lone surrogates a share sheet’s charset made into U+FFFD, in full', async () => {
        // UTF-16LE bytes of `Zürich \uD800 HB`: busboy decodes them as they are, lone half included.
        const utf16 = Buffer.from('Zürich \uD800 HB, bis bald', 'utf16le');
        const share = await sharedThrough([
          { name: 'title', value: utf16, contentType: 'text/plain; charset=utf-16le' },
          { name: 'text', value: 'nur Text' },
        ]);
        expect(share.share.payload.title).toBe('Zürich \uFFFD HB, bis bald');
      });

      it('never writes a lone surrogate from derived values: trips and share outcomes', async () => {
        const real = parseShare({ title: null, text: TRIP_LINK, url: null }, { now: Date.now() });
        if (real.status !== 'parsed') throw new Error('the JIT-Pack link no longer parses');
        const user = await t.stores.users.ensureLocalUser();
        const trip: Trip = {
          ...real.trip,
          origin: 'Zürich \uD800 HB',
          legs: real.trip.legs.map((l, i) =>
            i === 0 ? { ...l, from: { ...l.from, name: 'Zürich \uD800 HB' } } : l,
          ),
        };
        const row = await t.stores.trips.insert({ userId: user.id, shareId: null, trip });
        const stored = await t.stores.trips.get(user.id, row.id);
        expect(stored?.origin).toBe('Zürich \uFFFD HB');
        expect(stored?.trip.origin).toBe('Zürich \uFFFD HB');
        expect(stored?.trip.legs[0]?.from.name).toBe('Zürich \uFFFD HB');
        expect(stored?.trip.destination).toBe(real.trip.destination);

        // A track title from the music service's JSON (`"\ud800"` is valid JSON) goes into jsonb too.
        const { row: playlist } = await t.stores.playlists.insertOnce({
          tripId: row.id,
          userId: user.id,
          provider: 'spotify',
          tracks: [
            {
              id: 't1',
              title: 'Intro \uD800',
              artists: ['Bänd \uDC00'],
              durationMs: 1000,
              startSeconds: 0,
              legIndex: 0,
            },
          ],
          fit: { errorSeconds: 0, segments: [], boundaries: [], notes: [] },
          targetSeconds: 1,
          actualSeconds: 1,
          seed: 1,
        });
        expect(playlist.tracks[0]).toMatchObject({ title: 'Intro \uFFFD', artists: ['Bänd \uFFFD'] });

        const share = await t.stores.shares.insert({
          userId: user.id,
          payload: { title: null, text: 'x', url: null },
          contentHash: 'surrogate-test',
          receivedAt: new Date(),
        });
        await t.stores.shares.update(
          share.id,
          {
            status: 'failed',
            errorCode: 'bad_leg',
            errorMessage: 'Leg 1 at Zürich \uDC00 could not be read.',
            resolution: { kind: 'short_link', link: 'https://a.sbbmobile.ch/s/\uD800x' },
          },
          new Date(),
        );
        const updated = await t.stores.shares.get(user.id, share.id);
        expect(updated?.errorMessage).toBe('Leg 1 at Zürich \uFFFD could not be read.');
        expect(updated?.resolution).toEqual({ kind: 'short_link', link: 'https://a.sbbmobile.ch/s/\uFFFDx' });
      });
    });

    describe('multipart share target limits', () => {
      it('keeps a long shared text whole: the link after 20,000 characters of multi-byte text', async () => {
        const padding = '€'.repeat(MAX_SHARE_FIELD - TRIP_LINK.length - 1); // 3 bytes each in UTF-8
        const text = `${padding} ${TRIP_LINK}`;
        expect(text.length).toBe(MAX_SHARE_FIELD);
        expect(Buffer.byteLength(text)).toBeGreaterThan(50_000);
        const share = await sharedThrough([{ name: 'text', value: text }]);
        expect(share.share.payload.text).toBe(text);
        expect(share.share.status).toBe('parsed');
        expect(share.trip.origin).toBe('Samedan');

        const emoji = `${'🚆'.repeat(Math.floor((MAX_SHARE_FIELD - TRIP_LINK.length - 1) / 2))} ${TRIP_LINK}`;
        expect((await sharedThrough([{ name: 'text', value: emoji }])).share.payload.text).toBe(emoji);
      });

      it('refuses a field over the byte limit with payload_too_large instead of storing it cut', async () => {
        const before = await shareCount();
        const res = await t.app.inject({
          method: 'POST',
          url: '/share',
          ...multipart([{ name: 'text', value: `${'€'.repeat(30_000)} ${TRIP_LINK}` }]),
        });
        expect(res.statusCode).toBe(413);
        expect(res.json().error.code).toBe('payload_too_large');
        // Within the byte limit but over the character limit: the same answer as the JSON API.
        const long = await t.app.inject({
          method: 'POST',
          url: '/share',
          ...multipart([{ name: 'text', value: 'x'.repeat(MAX_SHARE_FIELD + 1) }]),
        });
        expect(long.statusCode).toBe(400);
        expect(long.json().error.code).toBe('invalid_request');
        expect(await shareCount()).toBe(before);
      });

      it('keeps the link whatever pictures come with it, and refuses only a body over the total', async () => {
        const picture = (bytes: number): Part => ({
          name: 'media',
          value: Buffer.alloc(bytes, 0x89),
          filename: 'trip.png',
          contentType: 'image/png',
        });
        const text: Part = { name: 'text', value: TRIP_LINK };
        expect((await sharedThrough([text, picture(2 * 1024 * 1024)])).share.status).toBe('parsed');
        // A 12 MB screenshot, two pictures, a picture before the text, one over the drain limit (cut, ignored).
        expect((await sharedThrough([text, picture(12 * 1024 * 1024)])).share.status).toBe('parsed');
        expect((await sharedThrough([text, picture(1024), picture(1024)])).share.status).toBe('parsed');
        expect((await sharedThrough([picture(1024), text])).share.payload.text).toBe(TRIP_LINK);
        expect((await sharedThrough([text, picture(SHARE_TARGET_FILE_BYTES + 1)])).share.status).toBe(
          'parsed',
        );

        const before = await shareCount();
        const res = await t.app.inject({
          method: 'POST',
          url: '/share',
          ...multipart([text, picture(SHARE_TARGET_BODY_BYTES + 1)]),
        });
        expect(res.statusCode).toBe(413);
        expect(res.json().error).toMatchObject({ code: 'payload_too_large', requestId: expect.any(String) });
        expect(await shareCount()).toBe(before);
      });

      it('sends the share sheet back to the app with the reason, never onto a JSON page', async () => {
        const before = await shareCount();
        const picture: Part = {
          name: 'media',
          value: Buffer.alloc(1024, 0x89),
          filename: 'a.png',
          contentType: 'image/png',
        };
        const navigate = { accept: 'text/html,application/xhtml+xml', 'sec-fetch-mode': 'navigate' };
        const onlyPicture = multipart([picture]);
        const res = await t.app.inject({
          method: 'POST',
          url: '/share',
          payload: onlyPicture.payload,
          headers: { ...onlyPicture.headers, ...navigate },
        });
        expect(res.statusCode).toBe(303);
        expect(res.headers.location).toBe('/?share_error=empty_share');
        const tooBig = multipart([{ name: 'text', value: `${'€'.repeat(30_000)} ${TRIP_LINK}` }]);
        const big = await t.app.inject({
          method: 'POST',
          url: '/share',
          payload: tooBig.payload,
          headers: { ...tooBig.headers, ...navigate },
        });
        expect(big.headers.location).toBe('/?share_error=payload_too_large');
        // A script (no navigation) still gets the coded JSON error.
        const script = await t.app.inject({ method: 'POST', url: '/share', ...onlyPicture });
        expect(script.statusCode).toBe(400);
        expect(script.json().error.code).toBe('empty_share');
        expect(await shareCount()).toBe(before);
      });
    });
  });
}
