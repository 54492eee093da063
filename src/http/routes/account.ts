import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { LOCAL_USER_ID, type UserData } from '../../db/users.js';
import { AppError } from '../../domain/errors.js';
import type { Locale } from '../../domain/messages.js';
import { endSession } from '../auth.js';
import {
  type AccountExport,
  accountDeletedView,
  accountExport,
  accountView,
  signedOutView,
} from '../schemas.js';
import { playlistView, preferencesView, tripView } from '../views.js';

/** What deleting the account did, and that the playlists in Spotify stay the user's own. */
function deletedMessage(locale: Locale, playlists: number): string {
  const done = {
    en: 'Your Railtape account and all its data are deleted.',
    de: 'Dein Railtape-Konto und alle seine Daten sind gelöscht.',
    fr: 'Votre compte Railtape et toutes ses données sont supprimés.',
    it: 'Il tuo account Railtape e tutti i suoi dati sono stati eliminati.',
  }[locale];
  if (playlists === 0) return done;
  const kept = {
    en: `Railtape does not delete the ${playlists} playlist(s) it made in your Spotify: they are yours and stay there; delete them in Spotify if you no longer want them.`,
    de: `Die ${playlists} Playlist(s), die Railtape in deinem Spotify angelegt hat, löscht Railtape nicht: Sie gehören dir und bleiben dort; lösche sie in Spotify, wenn du sie nicht mehr willst.`,
    fr: `Railtape ne supprime pas les ${playlists} playlist(s) créées dans votre Spotify : elles vous appartiennent et y restent ; supprimez-les dans Spotify si vous n'en voulez plus.`,
    it: `Railtape non elimina le ${playlists} playlist create nel tuo Spotify: sono tue e restano lì; eliminale in Spotify se non le vuoi più.`,
  }[locale];
  return `${done} ${kept}`;
}

/** `/api/me` and signing out. */
export const accountRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/me', { schema: { response: { 200: accountView } } }, async (request) => {
    const user = await app.stores.users.find(request.userId);
    if (!user) throw new AppError('sign_in_required', 'Sign in to see your trips.');
    const spotify = app.services.spotify;
    const connection = spotify ? await spotify.connection(user.id) : undefined;
    return {
      user: { id: user.id, displayName: user.displayName },
      signIn: app.signInMode,
      spotify:
        connection === undefined
          ? null
          : connection.status === 'connected'
            ? {
                status: 'connected' as const,
                accountId: connection.accountId,
                consentEndsAt: connection.consentEndsAt.toISOString(),
              }
            : connection.status === 'reconnect_required'
              ? { status: 'reconnect_required' as const, reason: connection.reason }
              : { status: 'not_connected' as const },
    };
  });

  /**
   * Deletes the account and everything of it (the schema's `on delete cascade` keys), ends its sessions
   * (cache entries included) and clears the cookie. The playlists Railtape wrote into the user's Spotify
   * are the user's own and stay there: the answer lists them.
   *
   * The single local user of a server without sign-in may delete theirs too: it is recreated empty at
   * once (`ensureLocalUser`), as it would be at the next start, because the sign-in hook keeps the local
   * user's id for the life of the process and would otherwise sign requests in as a user that is gone.
   */
  app.delete('/me', { schema: { response: { 200: accountDeletedView } } }, async (request, reply) => {
    const result = await app.stores.users.deleteAccount(request.userId);
    if (!result) throw new AppError('sign_in_required', 'Sign in to see your trips.');
    await app.sessions.forget(result.sessionIds);
    await endSession(request, reply, false);
    if (app.signInMode === 'local' && request.userId === LOCAL_USER_ID)
      await app.stores.users.ensureLocalUser();
    const urls = result.spotifyPlaylistUrls;
    return {
      deleted: result.deleted,
      keptInMusicService: [{ provider: 'spotify' as const, playlists: urls }],
      message: deletedMessage(request.locale, urls.length),
    };
  });

  /** Everything Railtape keeps about the user, as one JSON file to download; never a token. */
  app.get('/me/export', { schema: { response: { 200: accountExport } } }, async (request, reply) => {
    const data = await app.stores.users.dataOf(request.userId);
    if (!data) throw new AppError('sign_in_required', 'Sign in to see your trips.');
    const now = app.clock();
    reply
      .header(
        'content-disposition',
        `attachment; filename="railtape-export-${now.toISOString().slice(0, 10)}.json"`,
      )
      .header('cache-control', 'no-store');
    return exportOf(data, now, request.locale);
  });

  app.post('/auth/sign-out', { schema: { response: { 200: signedOutView } } }, async (request, reply) => ({
    sessionsEnded: await endSession(request, reply, false),
  }));

  app.post(
    '/auth/sign-out-everywhere',
    { schema: { response: { 200: signedOutView } } },
    async (request, reply) => ({
      sessionsEnded: await endSession(request, reply, true),
    }),
  );
};

const iso = (d: Date | null) => (d ? d.toISOString() : null);

function exportOf(data: UserData, now: Date, locale: Locale): AccountExport {
  const { user } = data;
  return {
    format: 'railtape-export',
    version: 1,
    exportedAt: now.toISOString(),
    user: {
      id: user.id,
      displayName: user.displayName,
      locale: user.locale,
      spotifyId: user.spotifyId,
      createdAt: user.createdAt.toISOString(),
    },
    preferences: data.preferences ? preferencesView(data.preferences) : null,
    shares: data.shares.map((s) => ({
      id: s.id,
      receivedAt: s.receivedAt.toISOString(),
      updatedAt: s.updatedAt.toISOString(),
      payload: { title: s.title, text: s.text, url: s.url },
      status: s.status,
      error: s.errorCode ? { code: s.errorCode, message: s.errorMessage } : null,
      resolution: s.resolution ?? null,
      attempts: s.attempts,
      parserVersion: s.parserVersion,
    })),
    trips: data.trips.map((t) => ({ ...tripView(t), createdAt: t.createdAt.toISOString() })),
    playlists: data.playlists.map((p) => ({
      ...playlistView(p, locale),
      externalId: p.externalId,
      createdAt: p.createdAt.toISOString(),
      updatedAt: p.updatedAt.toISOString(),
      syncedAt: iso(p.syncedAt),
    })),
    musicConnections: data.musicConnections.map((c) => ({
      provider: c.provider,
      accountId: c.accountId,
      scopes: c.scopes,
      consentedAt: c.consentedAt.toISOString(),
      status: c.status,
      statusReason: c.statusReason,
      updatedAt: c.updatedAt.toISOString(),
    })),
    reminders: data.reminders.map((r) => ({
      id: r.id,
      tripId: r.tripId,
      kind: r.kind,
      dueAt: r.dueAt.toISOString(),
      status: r.status,
      sentAt: iso(r.sentAt),
      createdAt: r.createdAt.toISOString(),
    })),
  };
}
