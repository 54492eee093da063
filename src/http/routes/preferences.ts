import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { getPreferences, type Preferences, updatePreferences } from '../../db/users.js';
import { validate } from '../errors.js';

const preferencesBody = z
  .object({
    maxTracksPerArtistPerHour: z.number().int().min(1).max(30),
    allowExplicit: z.boolean(),
    musicSource: z.enum(['demo', 'spotify', 'local']),
    reminderMinutesBefore: z.number().int().min(0).max(240),
  })
  .partial()
  .strict();

const view = (p: Preferences) => ({
  maxTracksPerArtistPerHour: p.maxTracksPerArtistPerHour,
  allowExplicit: p.allowExplicit,
  musicSource: p.musicSource,
  reminderMinutesBefore: p.reminderMinutesBefore,
});

export async function preferenceRoutes(app: FastifyInstance): Promise<void> {
  app.get('/api/preferences', async (request) => view(await getPreferences(app.db, request.userId)));
  app.put('/api/preferences', async (request) => {
    const changes = validate(preferencesBody, request.body ?? {});
    return view(await updatePreferences(app.db, request.userId, changes));
  });
}
