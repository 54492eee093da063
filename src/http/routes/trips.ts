import type { FastifyInstance } from 'fastify';
import { latestPlaylistForTrip } from '../../db/playlists.js';
import { getTrip, listTrips } from '../../db/trips.js';
import { AppError } from '../../domain/errors.js';
import { playlistM3u8 } from '../../playlist/m3u8.js';
import { uuidParam, validate } from '../errors.js';
import { playlistView, tripView } from '../views.js';

export async function tripRoutes(app: FastifyInstance): Promise<void> {
  app.get('/api/trips', async (request) => {
    const rows = await listTrips(app.db, request.userId);
    return { trips: rows.map(tripView) };
  });

  app.get('/api/trips/:id', async (request) => {
    const { id } = validate(uuidParam, request.params);
    const trip = await getTrip(app.db, request.userId, id);
    if (!trip) throw new AppError('trip_not_found', 404, 'No such trip.');
    const playlist = await latestPlaylistForTrip(app.db, trip.id);
    return { trip: tripView(trip), playlist: playlist ? playlistView(playlist) : null };
  });

  app.get('/api/trips/:id/playlist.m3u8', async (request, reply) => {
    const { id } = validate(uuidParam, request.params);
    const trip = await getTrip(app.db, request.userId, id);
    const playlist = trip ? await latestPlaylistForTrip(app.db, trip.id) : undefined;
    if (!trip || !playlist) throw new AppError('trip_not_found', 404, 'No such trip or playlist.');
    reply
      .type('audio/x-mpegurl; charset=utf-8')
      .header('content-disposition', `attachment; filename="railtape-${trip.id.slice(0, 8)}.m3u8"`);
    return playlistM3u8(trip.trip, playlist.tracks);
  });
}
