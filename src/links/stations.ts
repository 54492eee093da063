/**
 * A small offline station table: enough to name the stops of ID-only search links
 * (`stops=_I8501120~_I8501008`, trip-links.md §2) and to attach UIC ids to names typed by people or
 * labelled by Google ("Zurich HB", "Genf", "Genève Aéroport"). It is not a timetable: unknown names
 * stay as written and a timetable query resolves them.
 */

import { greatCircleMetres } from '../domain/geo.js';

export interface Station {
  name: string;
  uic: string;
  lat?: number;
  lon?: number;
}

interface StationEntry extends Station {
  aliases?: readonly string[];
}

/**
 * Verified: the UIC table of trip-links.md §5, the decoded fixture links (coordinates from the HKI
 * `X`/`Y` fields of the real JIT-Pack and traintime links) and the real sample links
 * (Torino, Berlin, Paradeplatz, Papiermühle). Stop ids the fixtures mark as invented are left out.
 */
const VERIFIED: readonly StationEntry[] = [
  {
    name: 'Zürich HB',
    uic: '8503000',
    lat: 47.378177,
    lon: 8.540211,
    // SBB's own search resolves the bare city name to the main station.
    aliases: ['Zürich Hauptbahnhof', 'Zürich Hbf', 'Zurich Main Station', 'Zürich', 'Zurich', 'Zurigo'],
  },
  {
    name: 'Bern',
    uic: '8507000',
    lat: 46.948834,
    lon: 7.439131,
    aliases: ['Berne', 'Berna', 'Bern Hauptbahnhof', 'Bern HB'],
  },
  { name: 'Lausanne', uic: '8501120', lat: 46.516795, lon: 6.629095, aliases: ['Losanna'] },
  {
    name: 'Genève',
    uic: '8501008',
    aliases: ['Genf', 'Geneva', 'Ginevra', 'Genève Cornavin', 'Geneva Cornavin', 'Genf Cornavin'],
  },
  {
    name: 'Genève-Aéroport',
    uic: '8501026',
    aliases: [
      'Geneva Airport',
      'Genf Flughafen',
      'Ginevra Aeroporto',
      'Aéroport de Genève',
      'Genève Aéroport',
    ],
  },
  { name: 'Luzern', uic: '8505000', aliases: ['Lucerne', 'Lucerna'] },
  { name: 'Lugano', uic: '8505300' },
  { name: 'Basel SBB', uic: '8500010', aliases: ['Basel', 'Bâle', 'Basilea', 'Bâle CFF', 'Basilea FFS'] },
  { name: 'Olten', uic: '8500218' },
  { name: 'Zug', uic: '8502204', aliases: ['Zoug', 'Zugo'] },
  { name: 'Aarau', uic: '8502113' },
  {
    name: 'St. Gallen',
    uic: '8506302',
    aliases: ['Sankt Gallen', 'Saint-Gall', 'San Gallo'],
  },
  { name: 'Chur', uic: '8509000', aliases: ['Coire', 'Coira', 'Cuira'] },
  { name: 'Interlaken Ost', uic: '8507492' },
  { name: 'Lauterbrunnen', uic: '8507384' },
  { name: 'Kleine Scheidegg', uic: '8507374' },
  { name: 'Sion', uic: '8501506', lat: 46.227549, lon: 7.359199, aliases: ['Sitten'] },
  { name: 'Landquart', uic: '8509002', lat: 46.967442, lon: 9.554041 },
  { name: 'Samedan', uic: '8509251', lat: 46.533757, lon: 9.873185 },
  { name: 'Bern, Bahnhof', uic: '8576646', lat: 46.948106, lon: 7.44021 },
  { name: 'Bern, Cäcilienstrasse', uic: '8590011', lat: 46.941625, lon: 7.42562 },
  { name: 'Lausanne, gare', uic: '8592050', lat: 46.517604, lon: 6.629652 },
  { name: 'Zürich, Paradeplatz', uic: '8591299' },
  { name: 'Papiermühle', uic: '8507096' },
  // sbb.ch's id for Berlin Hbf, not the DB EVA 8011160 (trip-links.md §5).
  { name: 'Berlin Hbf', uic: '8065969', aliases: ['Berlin Hauptbahnhof'] },
  { name: 'Torino Porta Nuova', uic: '8300219', aliases: ['Turin Porta Nuova'] },
  // From the boat fixture, which was built from a real transport.opendata.ch answer.
  { name: 'Luzern Bahnhofquai', uic: '8508492' },
  { name: 'Vitznau', uic: '8508464' },
];

/**
 * UNVERIFIED: major stations recalled from general knowledge of the Swiss timetable (the DiDok
 * `85xxxxx` numbering), not checked against a source. Good enough to name a stop; a timetable query
 * still decides. Correct or remove an entry the moment an API answer contradicts it.
 */
const RECALLED: readonly StationEntry[] = [
  {
    name: 'Zürich Flughafen',
    uic: '8503016',
    aliases: [
      'Zurich Airport',
      'Zürich Airport',
      'Flughafen Zürich',
      'Zurigo Aeroporto',
      'Aéroport de Zurich',
    ],
  },
  { name: 'Zürich Oerlikon', uic: '8503006' },
  { name: 'Zürich Stadelhofen', uic: '8503003' },
  { name: 'Zürich Hardbrücke', uic: '8503020' },
  { name: 'Zürich Altstetten', uic: '8503001' },
  { name: 'Winterthur', uic: '8506000', aliases: ['Winterthour'] },
  { name: 'Schaffhausen', uic: '8503424', aliases: ['Schaffhouse', 'Sciaffusa'] },
  { name: 'Baden', uic: '8503504' },
  { name: 'Brugg AG', uic: '8500309', aliases: ['Brugg'] },
  { name: 'Lenzburg', uic: '8502119' },
  { name: 'Sursee', uic: '8502007' },
  { name: 'Arth-Goldau', uic: '8505004' },
  { name: 'Basel Bad Bf', uic: '8500090', aliases: ['Basel Badischer Bahnhof', 'Basel Bad'] },
  { name: 'Liestal', uic: '8500023' },
  { name: 'Solothurn', uic: '8500207', aliases: ['Soleure', 'Soletta'] },
  { name: 'Burgdorf', uic: '8508005', aliases: ['Berthoud'] },
  { name: 'Biel/Bienne', uic: '8504300', aliases: ['Biel', 'Bienne'] },
  { name: 'Fribourg/Freiburg', uic: '8504100', aliases: ['Fribourg', 'Freiburg', 'Friburgo'] },
  { name: 'Neuchâtel', uic: '8504221', aliases: ['Neuenburg'] },
  { name: 'Yverdon-les-Bains', uic: '8504200', aliases: ['Yverdon'] },
  { name: 'Renens VD', uic: '8501118', aliases: ['Renens'] },
  { name: 'Morges', uic: '8501037' },
  { name: 'Nyon', uic: '8501030' },
  { name: 'Vevey', uic: '8501200' },
  { name: 'Montreux', uic: '8501300' },
  { name: 'Aigle', uic: '8501400' },
  { name: 'Martigny', uic: '8501500', aliases: ['Martinach'] },
  { name: 'Visp', uic: '8501605', aliases: ['Viège'] },
  { name: 'Brig', uic: '8501609', aliases: ['Brigue', 'Briga'] },
  { name: 'Zermatt', uic: '8501689' },
  { name: 'Thun', uic: '8507100', aliases: ['Thoune'] },
  { name: 'Spiez', uic: '8507483' },
  { name: 'Interlaken West', uic: '8507493' },
  { name: 'Bellinzona', uic: '8505213', aliases: ['Bellinzone'] },
  { name: 'Locarno', uic: '8505400' },
  { name: 'Chiasso', uic: '8505307' },
  { name: 'Sargans', uic: '8509411' },
  { name: 'St. Moritz', uic: '8509253', aliases: ['Sankt Moritz', 'San Murezzan'] },
  { name: 'Davos Platz', uic: '8509073' },
  { name: 'Rapperswil SG', uic: '8503110', aliases: ['Rapperswil'] },
  { name: 'Milano Centrale', uic: '8301700', aliases: ['Milan Centrale', 'Milano C.le', 'Mailand Centrale'] },
  { name: 'Paris Gare de Lyon', uic: '8768600' },
];

const ALL: readonly StationEntry[] = [...VERIFIED, ...RECALLED];

/**
 * The matching key: no diacritics, no case, punctuation as spaces, so `Zurich HB`, `ZÜRICH HB` and
 * `Zürich  HB` meet, and `Genève-Aéroport` meets Google's `Genève Aéroport`.
 */
export function stationKey(name: string): string {
  return name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/ß/g, 'ss')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** German texts typed without umlauts write `Zuerich`; the key above drops the umlaut instead. */
const foldUmlautSpelling = (key: string): string =>
  key.replace(/ae/g, 'a').replace(/oe/g, 'o').replace(/ue/g, 'u');

const byKey = new Map<string, Station>();
const byFoldedKey = new Map<string, Station>();
const byUic = new Map<string, Station>();

for (const entry of ALL) {
  const station: Station = { name: entry.name, uic: entry.uic };
  if (entry.lat !== undefined) station.lat = entry.lat;
  if (entry.lon !== undefined) station.lon = entry.lon;
  byUic.set(entry.uic, station);
  for (const label of [entry.name, ...(entry.aliases ?? [])]) {
    const key = stationKey(label);
    if (!byKey.has(key)) byKey.set(key, station);
    const folded = foldUmlautSpelling(key);
    if (!byFoldedKey.has(folded)) byFoldedKey.set(folded, station);
  }
}

/** UIC ids appear zero-padded in older answers (`008501120`, timetable-apis.md §1). */
export function stationByUic(uic: string): Station | undefined {
  const digits = uic.trim().replace(/^0+(?=\d{7}$)/, '');
  const station = byUic.get(digits);
  return station === undefined ? undefined : { ...station };
}

export function stationByName(name: string): Station | undefined {
  const key = stationKey(name);
  if (key === '') return undefined;
  const station = byKey.get(key) ?? byFoldedKey.get(foldUmlautSpelling(key));
  return station === undefined ? undefined : { ...station };
}

/** Every known station (for tests and tools). */
export function knownStations(): Station[] {
  return [...byUic.values()].map((s) => ({ ...s }));
}

/**
 * The known station nearest to a position, if one is within `maxMetres` (great-circle distance). Only
 * stations whose coordinates were read from real data have them, so far from those this finds none:
 * the traveller then names the stop. A station picked this way is a guess (`guessed: ['origin']`).
 */
export function nearestStation(lat: number, lon: number, maxMetres: number): Station | undefined {
  let best: { station: Station; metres: number } | undefined;
  for (const station of byUic.values()) {
    if (station.lat === undefined || station.lon === undefined) continue;
    const metres = greatCircleMetres(lat, lon, station.lat, station.lon);
    if (metres <= maxMetres && (best === undefined || metres < best.metres)) best = { station, metres };
  }
  return best === undefined ? undefined : { ...best.station };
}
