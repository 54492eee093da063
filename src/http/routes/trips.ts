import { join } from 'node:path';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import { AppError } from '../../domain/errors.js';
import { playbackOf } from '../../domain/playlist.js';
import { parseInstant } from '../../domain/time.js';
import { playlistM3u8 } from '../../playlist/m3u8.js';
import { playbackPosition } from '../../playlist/position.js';
import {
  idParams,
  m3u8Query,
  notModified,
  playView,
  tripDeletedView,
  tripList,
  tripWithPlaylist,
} from '../schemas.js';
import { chooseEncoding, createTripAnswers, matchesEtag } from '../trip-answers.js';
import { playlistView, tripView } from '../views.js';

/** `/api/trips`: the canonical trips and their current playlists. */
export const tripRoutes: FastifyPluginAsyncZod = async (app) => {
  const answers = createTripAnswers();
  app.get('/trips', { schema: { response: { 200: tripList } } }, async (request) => {
    const rows = await app.stores.trips.list(request.userId);
    return { trips: rows.map(tripView) };
  });

  app.get(
    '/trips/:id',
    { schema: { params: idParams, response: { 200: tripWithPlaylist, 304: notModified } } },
    async (request, reply) => {
      const { userId, locale } = request;
      const version = await app.stores.trips.versionOf(userId, request.params.id);
      if (version === undefined) throw new AppError('trip_not_found', 'No such trip.');
      const key = `${userId}:${request.params.id}:${locale}`;
      let answer = answers.get(key, version);
      if (answer === undefined) {
        const found = await app.stores.trips.getWithPlaylist(userId, request.params.id);
        if (!found) throw new AppError('trip_not_found', 'No such trip.');
        const { trip, playlist } = found;
        // Checked against the response schema here, once per version, since the bytes bypass it.
        const json = JSON.stringify(
          tripWithPlaylist.parse({
            trip: tripView(trip),
            playlist: playlist ? playlistView(playlist, locale) : null,
          }),
        );
        answer = answers.set(key, version, json);
      }
      // The device may keep it (`private`, never a shared cache) but asks again each time (`no-cache`):
      // a live trip screen that polls gets a 304 until the trip or its playlist changes.
      reply
        .header('cache-control', 'private, no-cache')
        .header('etag', answer.etag)
        .header('vary', 'accept-encoding, accept-language');
      if (matchesEtag(request.headers['if-none-match'], answer.etag)) return reply.code(304).send(null);
      const encoding = chooseEncoding(request.headers['accept-encoding']);
      if (encoding !== 'identity') reply.header('content-encoding', encoding);
      // Already checked and serialized: bytes go out as they are (Fastify skips its serializer).
      return reply
        .type('application/json; charset=utf-8')
        .send(answers.encoded(answer, encoding) as unknown as z.output<typeof tripWithPlaylist>);
    },
  );

  app.delete(
    '/trips/:id',
    { schema: { params: idParams, response: { 200: tripDeletedView } } },
    async (request) => {
      if (!(await app.stores.trips.delete(request.userId, request.params.id))) {
        throw new AppError('trip_not_found', 'No such trip.');
      }
      return { deleted: true as const };
    },
  );

  app.post(
    '/trips/:id/refit',
    { schema: { params: idParams, response: { 200: tripWithPlaylist } } },
    async (request) => {
      const trip = await app.stores.trips.get(request.userId, request.params.id);
      if (!trip) throw new AppError('trip_not_found', 'No such trip.');
      const playlist = await app.services.playlists.refit(trip, app.clock());
      return { trip: tripView(trip), playlist: playlistView(playlist, request.locale) };
    },
  );

  /**
   * Starts the trip's playlist on the traveller's active Spotify device at the track and millisecond
   * where it stands now, so a late press still hears each song change at its transfer.
   */
  app.post(
    '/trips/:id/play',
    { schema: { params: idParams, response: { 200: playView } } },
    async (request) => {
      const spotify = app.services.spotify;
      if (!spotify) throw new AppError('spotify_not_configured', 'This server has no Spotify sign-in.');
      const trip = await app.stores.trips.get(request.userId, request.params.id);
      const playlist = trip ? await app.stores.playlists.latestForTrip(trip.id) : undefined;
      if (!trip || !playlist) throw new AppError('trip_not_found', 'No such trip or playlist.');
      if (playlist.provider !== 'spotify' || !playlist.externalId) {
        throw new AppError('playlist_not_in_spotify', 'This playlist is not in Spotify.');
      }
      const elapsedSeconds = (app.clock().getTime() - parseInstant(trip.trip.departure)) / 1000;
      // Music on the platform: the playlist is already under way before departure.
      const at = playbackPosition(playlist.tracks, elapsedSeconds, playbackOf(playlist.fit));
      if (at.state !== 'under_way') {
        throw new AppError('trip_not_under_way', 'The trip is not under way.', { state: at.state });
      }
      const externalId = playlist.externalId;
      await spotify.withClient(request.userId, (client) =>
        client.play({
          contextUri: `spotify:playlist:${externalId}`,
          position: at.index,
          positionMs: at.positionMs,
        }),
      );
      const track = [...playlist.tracks].sort((a, b) => a.startSeconds - b.startSeconds)[at.index]!;
      return {
        trackIndex: at.index,
        positionMs: at.positionMs,
        track: { id: track.id, title: track.title, artists: track.artists },
      };
    },
  );

  app.get(
    '/trips/:id/playlist.m3u8',
    { schema: { params: idParams, querystring: m3u8Query } },
    async (request, reply) => {
      const trip = await app.stores.trips.get(request.userId, request.params.id);
      const playlist = trip ? await app.stores.playlists.latestForTrip(trip.id) : undefined;
      if (!trip || !playlist) throw new AppError('trip_not_found', 'No such trip or playlist.');
      reply
        .type('audio/x-mpegurl; charset=utf-8')
        .header('content-disposition', `attachment; filename="railtape-${trip.id.slice(0, 8)}.m3u8"`);
      let tracks: Array<(typeof playlist.tracks)[number] & { path?: string }> = playlist.tracks;
      if (playlist.provider === 'local') {
        const files = new Map(
          (await app.stores.library.getMany(playlist.tracks.map((t) => t.id))).map((r) => [r.id, r.path]),
        );
        const absolute = request.query.paths === 'absolute' && app.musicDir !== undefined;
        tracks = playlist.tracks.map((t) => {
          const rel = files.get(t.id);
          if (rel === undefined) return t;
          return { ...t, path: absolute ? join(app.musicDir as string, rel) : rel };
        });
      }
      return playlistM3u8(trip.trip, tracks, playlist.provider);
    },
  );
};
