import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import type { PreferenceChanges } from '../../db/users.js';
import { AppError } from '../../domain/errors.js';
import { musicSourcesView, preferencesBody, preferencesView as preferencesSchema } from '../schemas.js';
import { preferencesView } from '../views.js';

type PreferencesBody = z.output<typeof preferencesBody>;

/**
 * The body's shape onto the table's columns: the Spotify choices arrive nested (`spotify.playlistIds`)
 * but are stored flat (`spotifyPlaylistIds`); passed as they came they would be dropped unsaved.
 */
export function preferenceChanges(body: PreferencesBody): PreferenceChanges {
  const { spotify, ...flat } = body;
  const changes: PreferenceChanges = { ...flat };
  if (spotify?.topTracks !== undefined) changes.spotifyTopTracks = spotify.topTracks;
  if (spotify?.savedTracks !== undefined) changes.spotifySavedTracks = spotify.savedTracks;
  if (spotify?.playlistIds !== undefined) changes.spotifyPlaylistIds = spotify.playlistIds;
  if (spotify?.genres !== undefined) changes.spotifyGenres = spotify.genres;
  return changes;
}

/** `/api/preferences`: how the traveller wants playlists fitted and reminders timed. */
export const preferenceRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/preferences', { schema: { response: { 200: preferencesSchema } } }, async (request) =>
    preferencesView(await app.stores.users.preferences(request.userId)),
  );

  app.put(
    '/preferences',
    { schema: { body: preferencesBody.default({}), response: { 200: preferencesSchema } } },
    async (request) => {
      const source = request.body.musicSource;
      // A source the server lacks would only ever fall back to the demo catalog: say so now.
      if (source && !app.services.musicSources.includes(source)) {
        throw new AppError('music_source_not_offered', `This server does not offer ${source}.`);
      }
      const saved = await app.stores.users.updatePreferences(request.userId, preferenceChanges(request.body));
      // A new lead time moves every reminder still to come.
      if (request.body.reminderMinutesBefore !== undefined)
        await app.services.reminders.forUser(request.userId);
      return preferencesView(saved);
    },
  );

  app.get('/music/sources', { schema: { response: { 200: musicSourcesView } } }, async (request) => {
    const { musicSource } = await app.stores.users.preferences(request.userId);
    return { chosen: musicSource, available: [...app.services.musicSources] };
  });
};
