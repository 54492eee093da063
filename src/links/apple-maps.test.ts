import { describe, expect, it } from 'vitest';
import { parseShare } from './index.js';

const now = Date.parse('2026-11-30T12:00:00Z');
const parse = (text: string) => parseShare({ title: null, text, url: null }, { now });

describe('Apple Maps directions', () => {
  it('turns a transit route shared from iOS Maps into a search that leaves now', () => {
    expect(parse('https://maps.apple.com/?saddr=Z%C3%BCrich%20HB&daddr=Bern&dirflg=r')).toEqual({
      status: 'needs_resolution',
      code: 'timetable_query',
      query: {
        source: 'apple-maps',
        origin: { name: 'Zürich HB', uic: '8503000' },
        destination: { name: 'Bern', uic: '8507000' },
        time: null,
        timeKind: 'leave-now',
      },
    });
  });

  it('reads the newer /directions form and a place Maps wrote with its address', () => {
    const outcome = parse(
      'Directions: https://maps.apple.com/directions?source=Lausanne&destination=Gen%C3%A8ve-A%C3%A9roport&mode=transit',
    );
    expect(outcome).toMatchObject({
      code: 'timetable_query',
      query: { origin: { name: 'Lausanne' }, destination: { name: 'Genève-Aéroport' } },
    });
  });

  it('refuses a driving route and asks for a start instead of planning from "Current Location"', () => {
    expect(parse('https://maps.apple.com/?saddr=Bern&daddr=Thun&dirflg=d')).toMatchObject({
      status: 'failed',
      code: 'driving_route',
    });
    expect(
      parse('https://maps.apple.com/directions?source=Bern&destination=Thun&mode=walking'),
    ).toMatchObject({
      code: 'walking_route',
    });
    expect(parse('https://maps.apple.com/directions?destination=Thun&mode=cycling')).toMatchObject({
      code: 'cycling_route',
    });
    for (const link of [
      'https://maps.apple.com/?saddr=Current%20Location&daddr=Bern&dirflg=r',
      'https://maps.apple.com/?daddr=Bern&dirflg=r',
      'https://maps.apple.com/directions?destination=Bern&mode=transit',
    ]) {
      expect(parse(link), link).toMatchObject({
        status: 'needs_resolution',
        code: 'timetable_query',
        query: { origin: { name: null, uic: null, device: true }, destination: { name: 'Bern' } },
      });
    }
  });

  it('refuses a place as a place, not a route', () => {
    for (const link of [
      'https://maps.apple.com/?q=Bern%20Bahnhof&ll=46.9488,7.4391',
      'https://maps.apple.com/place?address=Bahnhofplatz%2C%203011%20Bern',
      'https://maps.apple/p/Xb3kQ9pLm2',
    ]) {
      expect(parse(link), link).toMatchObject({ status: 'failed', code: 'place_not_route' });
    }
  });
});
