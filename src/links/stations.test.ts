import { describe, expect, it } from 'vitest';
import { knownStations, stationByName, stationByUic, stationKey } from './stations.js';

describe('stationByUic', () => {
  it.each([
    ['8503000', 'Zürich HB'],
    ['8507000', 'Bern'],
    ['8501120', 'Lausanne'],
    ['8501008', 'Genève'],
    ['8501026', 'Genève-Aéroport'],
    ['8505000', 'Luzern'],
    ['8505300', 'Lugano'],
    ['8500010', 'Basel SBB'],
    ['8500218', 'Olten'],
    ['8502204', 'Zug'],
    ['8502113', 'Aarau'],
    ['8506302', 'St. Gallen'],
    ['8509000', 'Chur'],
    ['8507492', 'Interlaken Ost'],
    ['8507384', 'Lauterbrunnen'],
    ['8507374', 'Kleine Scheidegg'],
    ['8501506', 'Sion'],
    ['8509002', 'Landquart'],
    ['8509251', 'Samedan'],
    ['8576646', 'Bern, Bahnhof'],
    ['8591299', 'Zürich, Paradeplatz'],
    ['8065969', 'Berlin Hbf'],
    ['8300219', 'Torino Porta Nuova'],
  ])('knows the trip-links.md / fixture id %s as %s', (uic, name) => {
    expect(stationByUic(uic)?.name).toBe(name);
  });

  it('reads zero-padded ids of older answers', () => {
    expect(stationByUic('008501120')?.name).toBe('Lausanne');
  });

  it('does not take the DB EVA id for Berlin Hbf', () => {
    expect(stationByUic('8011160')).toBeUndefined();
  });

  it('carries coordinates decoded from the real links', () => {
    expect(stationByUic('8503000')).toEqual({
      name: 'Zürich HB',
      uic: '8503000',
      lat: 47.378177,
      lon: 8.540211,
    });
  });

  it('returns copies, so a caller cannot change the table', () => {
    const station = stationByUic('8507000');
    if (station === undefined) throw new Error('Bern missing');
    station.name = 'Changed';
    expect(stationByUic('8507000')?.name).toBe('Bern');
  });
});

describe('stationByName', () => {
  it.each([
    ['Zurich HB', 'Zürich HB'],
    ['ZÜRICH  HB', 'Zürich HB'],
    ['Zuerich HB', 'Zürich HB'],
    ['Genf', 'Genève'],
    ['Geneva', 'Genève'],
    ['Ginevra', 'Genève'],
    ['Genève Aéroport', 'Genève-Aéroport'],
    ['Geneve-Aeroport', 'Genève-Aéroport'],
    ['Geneva Airport', 'Genève-Aéroport'],
    ['Lucerne', 'Luzern'],
    ['St Gallen', 'St. Gallen'],
    ['Saint-Gall', 'St. Gallen'],
    ['Biel', 'Biel/Bienne'],
    ['bern, bahnhof', 'Bern, Bahnhof'],
    ['Zurich Airport', 'Zürich Flughafen'],
  ])('matches %s to %s', (typed, name) => {
    expect(stationByName(typed)?.name).toBe(name);
  });

  it('keeps the bus stop outside a station apart from the station (SBB FAQ: Luzern vs Luzern, Bahnhof)', () => {
    expect(stationByName('Bern, Bahnhof')?.uic).toBe('8576646');
    expect(stationByName('Bern')?.uic).toBe('8507000');
  });

  it('knows nothing about places that are not in the table', () => {
    expect(stationByName('Brookhaven, GA')).toBeUndefined();
    expect(stationByName('')).toBeUndefined();
    expect(stationByName(' , ')).toBeUndefined();
  });

  it('names every station by its own name and finds it by its UIC', () => {
    const stations = knownStations();
    expect(stations.length).toBeGreaterThan(60);
    for (const station of stations) {
      expect(stationByName(station.name)?.uic).toBe(station.uic);
      expect(stationByUic(station.uic)?.name).toBe(station.name);
      expect(station.uic).toMatch(/^\d{7}$/);
    }
  });
});

describe('stationKey', () => {
  it('drops diacritics, case and punctuation', () => {
    expect(stationKey('Genève-Aéroport')).toBe('geneve aeroport');
    expect(stationKey('St. Gallen')).toBe('st gallen');
    expect(stationKey('  Zürich,  ETH/Universitätsspital ')).toBe('zurich eth universitatsspital');
  });
});
