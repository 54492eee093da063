import type { CatalogTrack } from '../domain/playlist.js';
import { mulberry32 } from '../fit/random.js';

/**
 * The bundled demo catalog: a clearly labelled sample of invented tracks with realistic lengths, used
 * only when no other music source is configured, so the whole flow works on a fresh machine.
 * Generated from a fixed seed, so every instance and every test sees the same 320 tracks.
 */

const DEMO_TRACK_COUNT = 320;

const ARTISTS = [
  'The Gotthard Line',
  'Léman Echoes',
  'Signal Box',
  'Nora Vetter',
  'Alpine Static',
  'Rhätische Kids',
  'Platform 7',
  'Luca Bernasconi',
  'Quai Nord',
  'Mira Aebischer',
  'Tunnel Vision',
  'The Viaducts',
  'Sofia Tami',
  'Kleine Scheidegg',
  'Rack Railway',
  'Jonas Graf',
  'Glacier Express',
  'Chloé Rochat',
  'Zahnrad',
  'Stellwerk',
  'The Funiculars',
  'Elena Pedrazzini',
  'Nachtzug',
  'Perron',
  'Ticino Sun',
  'Yannick Favre',
  'Bahnhofbuffet',
  'Seebahn',
  'Anouk Meier',
  'The Conductors',
  'Binario Nove',
  'Fahrplan',
  'Matteo Rossi',
  'Weiche',
  'Lina Brunner',
  'Gleis Zwei',
  'The Pantographs',
  'Voie Libre',
  'Reto Caflisch',
  'Schienenbus',
];
const WORDS_A = [
  'Golden',
  'Quiet',
  'Late',
  'Northern',
  'Silver',
  'Slow',
  'Electric',
  'Blue',
  'Distant',
  'Morning',
  'Paper',
  'Velvet',
  'Winter',
  'Open',
  'Crooked',
  'Bright',
  'Hidden',
  'Last',
  'Little',
  'Wild',
];
const WORDS_B = [
  'Valley',
  'Platform',
  'Tunnel',
  'Lake',
  'Window',
  'Signal',
  'Harbour',
  'Bridge',
  'Meadow',
  'Engine',
  'Postcard',
  'Timetable',
  'Summit',
  'Crossing',
  'Station',
  'River',
  'Light',
  'Horizon',
  'Carriage',
  'Echo',
];

function buildCatalog(): CatalogTrack[] {
  const random = mulberry32(0x5bb);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const tracks: CatalogTrack[] = [];
  for (let i = 0; i < DEMO_TRACK_COUNT; i++) {
    // Log-normal around 3:40, clamped to 1:20-8:00, like a real library; every tenth is a short interlude.
    const normal = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
    const seconds =
      i % 10 === 9 ? 40 + random() * 60 : Math.min(480, Math.max(80, Math.exp(5.4 + 0.3 * normal)));
    const featuring = random() < 0.1 ? [pick(ARTISTS)] : [];
    const artist = pick(ARTISTS);
    tracks.push({
      id: `demo:${String(i + 1).padStart(3, '0')}`,
      title: `${pick(WORDS_A)} ${pick(WORDS_B)}`,
      artists: [artist, ...featuring.filter((a) => a !== artist)],
      durationMs: Math.round(seconds * 1000),
      explicit: random() < 0.08,
      score: Math.round(random() * 100) / 100,
    });
  }
  return tracks;
}

let cached: CatalogTrack[] | undefined;

export function demoCatalog(): readonly CatalogTrack[] {
  cached ??= buildCatalog();
  return cached;
}
