import { describe, expect, it } from 'vitest';
import { reminderPayload as payloadSchema } from '../http/schemas.js';
import { planReminder, reminderPayload, reminderTopic } from './reminder.js';

const departure = new Date('2026-12-01T07:02:00Z'); // 08:02 in Zurich

describe('when a departure reminder is due', () => {
  it('is the lead time before departure', () => {
    expect(planReminder(departure, 20, new Date('2026-12-01T05:00:00Z'))).toEqual({
      action: 'schedule',
      dueAt: new Date('2026-12-01T06:42:00Z'),
      departsAt: departure,
    });
  });

  it('is now, when less than the lead time is left, and never once the train has left', () => {
    const plan = planReminder(departure, 20, new Date('2026-12-01T06:55:00Z'));
    expect(plan.action === 'schedule' && plan.dueAt < new Date('2026-12-01T06:55:00Z')).toBe(true);
    expect(planReminder(departure, 20, departure)).toEqual({ action: 'cancel' });
    expect(planReminder(departure, 0, new Date('2026-12-01T07:03:00Z'))).toEqual({ action: 'cancel' });
  });
});

describe('what a reminder says', () => {
  const trip = {
    origin: 'Zürich HB',
    destination: 'Bern',
    departure: '2026-12-01T08:02:00+01:00',
    legs: [
      {
        mode: 'walk' as const,
        from: { name: 'Zürich, Central', platform: null },
        to: { name: 'Zürich HB', platform: null },
        departure: '2026-12-01T07:55:00+01:00',
        arrival: '2026-12-01T08:00:00+01:00',
        line: null,
        stops: [],
      },
      {
        mode: 'rail' as const,
        from: { name: 'Zürich HB', platform: '31' },
        to: { name: 'Bern', platform: '7' },
        departure: '2026-12-01T08:02:00+01:00',
        arrival: '2026-12-01T08:58:00+01:00',
        line: 'IC 1',
        stops: [],
      },
    ],
  };

  it('names the train, the platform of the first ride, the mixtape and a Play that fits the source', () => {
    const payload = reminderPayload({
      tripId: '7f000000-0000-4000-8000-000000000001',
      trip: trip as never,
      departure,
      playlist: { totalSeconds: 3_361, provider: 'spotify', inSpotify: true },
      locale: 'de',
    });
    expect(payloadSchema.parse(payload)).toEqual(payload);
    expect(payload).toMatchObject({
      title: 'Dein Zug fährt um 08:02',
      body: 'Zürich HB → Bern · Gleis 31 · dein Mixtape (56 min) ist bereit',
      url: '/#/trip/7f000000-0000-4000-8000-000000000001',
      platform: '31',
      play: 'spotify',
      playLabel: 'Abspielen',
    });
  });

  it('offers no Play without a playlist that can be played, and keeps the message small', () => {
    const payload = reminderPayload({
      tripId: 't',
      trip: trip as never,
      departure,
      playlist: { totalSeconds: 7_200, provider: 'demo', inSpotify: false },
      locale: 'en',
    });
    expect(payload.play).toBeNull();
    expect(payload.body).toBe('Zürich HB → Bern · platform 31 · your 2 h 00 mixtape is ready');
    expect(Buffer.byteLength(JSON.stringify(payload))).toBeLessThan(3_000);
  });

  it('warns of a connection that will break, in the traveller’s language, without a Play action', () => {
    const payload = reminderPayload({
      tripId: 't',
      trip: trip as never,
      departure,
      playlist: { totalSeconds: 3_361, provider: 'spotify', inSpotify: true },
      locale: 'fr',
      brokenAt: 'Bern',
    });
    expect(payloadSchema.parse(payload)).toEqual(payload);
    expect(payload).toMatchObject({
      type: 'connection',
      title: 'Votre correspondance à Bern risque de manquer',
      play: null,
    });
  });

  it('uses one topic per trip, short enough for every push service', () => {
    const topic = reminderTopic('7f000000-0000-4000-8000-000000000001');
    expect(topic).toMatch(/^[A-Za-z0-9_-]{1,32}$/);
    expect(topic).not.toBe(reminderTopic('7f000000-0000-4000-8000-000000000002'));
  });
});
