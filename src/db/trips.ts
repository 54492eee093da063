import { and, desc, eq } from 'drizzle-orm';
import type { Trip } from '../domain/trip.js';
import type { Database } from './client.js';
import { trips } from './schema.js';
import { withoutNul } from './storable.js';

export type TripRow = typeof trips.$inferSelect;

export async function insertTrip(
  db: Database,
  input: { userId: string; shareId: string | null; trip: Trip },
): Promise<TripRow> {
  const trip = withoutNul(input.trip);
  const [row] = await db
    .insert(trips)
    .values({
      userId: input.userId,
      shareId: input.shareId,
      trip,
      source: trip.source,
      exactness: trip.exactness,
      origin: trip.origin,
      destination: trip.destination,
      departure: new Date(trip.departure),
      arrival: new Date(trip.arrival),
      durationSeconds: trip.durationSeconds,
    })
    .returning();
  if (!row) throw new Error('insert into trips returned nothing');
  return row;
}

export async function getTrip(db: Database, userId: string, id: string): Promise<TripRow | undefined> {
  const [row] = await db
    .select()
    .from(trips)
    .where(and(eq(trips.id, id), eq(trips.userId, userId)));
  return row;
}

export async function findTripByShare(db: Database, shareId: string): Promise<TripRow | undefined> {
  const [row] = await db.select().from(trips).where(eq(trips.shareId, shareId));
  return row;
}

export async function listTrips(db: Database, userId: string, limit = 50): Promise<TripRow[]> {
  return db.select().from(trips).where(eq(trips.userId, userId)).orderBy(desc(trips.departure)).limit(limit);
}
