/**
 * Real connection texts wrapped in what ticket e-mails and share texts put around them (issue #15):
 * greetings, order numbers and times, prices, payment lines, fare classes, seats, footers, legal text,
 * in German, French, Italian and English. The trip must stay exactly the one the bare text gives.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseShare } from '../index.js';
import { isNoiseLine } from './noise.js';

/** Tuesday 24 November 2026, noon in Zurich. */
const NOW = Date.parse('2026-11-24T12:00:00+01:00');

const CONNECTIONS = [
  'Bern → Zürich, ETH/Universitätsspital\nMo, 30.11.2026\n08:02 ab Bern, Gl. 7 · IC 1\n08:58 an Zürich HB, Gl. 32\nFussweg 5 Min.\n09:05 ab Zürich, Bahnhofplatz/HB · T 10\n09:11 an Zürich, ETH/Universitätsspital\nReisedauer 1 Std. 9 Min., 1 Umstieg',
  'Lausanne → Genève-Aéroport\nma, 01.12.2026\ndép. 07:45 Lausanne, voie 5 · IR 90\narr. 08:33 Genève-Aéroport, voie 3\nDurée 48 min, direct',
  'Lugano → Zürich HB\nme, 02.12.2026\npart. 07:02 Lugano, bin. 3 · IC 2\narr. 09:00 Zürich HB, bin. 9\nDurata 1 h 58 min',
  'Zürich HB → Luzern\nSun, 28.11.2026\ndep 23:35 Pl. 13 IR 70\narr 00:19 Pl. 6',
  'IC 1 Zürich HB 8:02 (Gl. 31) – Bern 8:58 (Gl. 7), Di 1.12.',
  '• von Basel SBB, Abfahrt 09:47 Uhr Gl. 2 mit ICE 271\n• nach Karlsruhe Hbf, Ankunft 11:22 Uhr Gl. 4',
  'Olten (06:31, Plat. 7) -> Aarau (06:40, Plat. 2) | 9min, 01.12.2026',
  'Verbindung\nZürich HB – Bern\nDi, 01.12.2026\nZürich HB\nab 08:02\nGleis 31\nIC 1 Richtung Bern\nBern\nan 08:58\nGleis 7\nReisezeit 56 Min.',
];

const NOISE: Readonly<Record<'de' | 'fr' | 'it' | 'en', readonly string[]>> = {
  de: [
    'Guten Tag Frau Muster',
    'Vielen Dank für Ihren Einkauf.',
    'Bestellnummer: 48213-771',
    'Bestellt am 28.11.2026 um 14:23',
    'Preis CHF 33.00',
    'Total CHF 66.00',
    'Bezahlt mit TWINT.',
    'Zahlungsart: Mastercard •••• 4421',
    '2. Klasse, Halbtax',
    'Wagen 7, Platz 45',
    'Sitzplatz 61 (Fenster)',
    'Freundliche Grüsse',
    'Ihre SBB',
    'Dieses Billett ist nur mit einem gültigen Ausweis gültig.',
    '© SBB CFF FFS 2026 · Datenschutz · Impressum',
    'Newsletter abmelden',
  ],
  fr: [
    'Bonjour Madame Exemple,',
    'Merci pour votre achat.',
    'Numéro de commande : 48213-771',
    'Commande du 28.11.2026 à 14:23',
    'Prix CHF 33.00',
    'Payé avec TWINT.',
    '2e classe, demi-tarif',
    'Voiture 7, place 45',
    'Meilleures salutations',
    "Ce billet n'est valable qu'avec une pièce d'identité.",
    '© CFF · Protection des données · Conditions',
    'Se désabonner de la newsletter',
  ],
  it: [
    'Buongiorno signora Esempio,',
    'Grazie per il suo acquisto.',
    "Numero d'ordine: 48213-771",
    'Ordine del 28.11.2026 alle 14:23',
    'Prezzo CHF 33.00',
    'Pagato con TWINT.',
    '2a classe, metà-prezzo',
    'Carrozza 7, posto 45',
    'Cordiali saluti',
    "Il biglietto è valido solo con un documento d'identità.",
    '© FFS · Protezione dei dati · Condizioni',
  ],
  en: [
    'Dear Ms Example,',
    'Thank you for your purchase.',
    'Order number: 48213-771',
    'Order date: 28.11.2026, 14:23',
    'Price CHF 33.00',
    'Total: 17.20 EUR',
    'Paid with Mastercard.',
    '2nd class, half fare',
    'Coach 7, seat 45',
    'Best regards',
    'Your SBB',
    'This ticket is only valid together with an identity document.',
    '© SBB · Privacy · Terms of use',
    'Unsubscribe',
  ],
};

const tripOf = (text: string) => {
  const outcome = parseShare({ title: null, text, url: null }, { now: NOW });
  return outcome.status === 'parsed' ? outcome.trip : outcome;
};

describe('connection texts inside e-mail and ticket noise', () => {
  it('every noise line is recognised as noise, no connection line is', () => {
    for (const line of Object.values(NOISE).flat()) expect(isNoiseLine(line), line).toBe(true);
    for (const text of CONNECTIONS)
      for (const line of text.split('\n')) expect(isNoiseLine(line), line).toBe(line === 'Verbindung');
  });

  it('each bare connection is a trip', () => {
    for (const text of CONNECTIONS) expect(tripOf(text), text).toHaveProperty('legs');
  });

  it('gives the same trip with noise before and after it, in any of the four languages (fixed seed)', () => {
    const language = fc.constantFrom('de', 'fr', 'it', 'en') as fc.Arbitrary<keyof typeof NOISE>;
    const sample = fc.record({
      connection: fc.nat(CONNECTIONS.length - 1),
      language,
      before: fc.array(fc.nat(100), { maxLength: 5 }),
      after: fc.array(fc.nat(100), { maxLength: 6 }),
      blankLines: fc.boolean(),
    });
    fc.assert(
      fc.property(sample, ({ connection, language: lang, before, after, blankLines }) => {
        const pool = NOISE[lang];
        const pick = (i: number) => pool[i % pool.length] ?? '';
        const text = CONNECTIONS[connection] ?? '';
        const gap = blankLines ? '\n\n' : '\n';
        const wrapped = [before.map(pick).join('\n'), text, after.map(pick).join('\n')]
          .filter((part) => part !== '')
          .join(gap);
        expect(tripOf(wrapped)).toEqual(tripOf(text));
      }),
      { seed: 1515, numRuns: 300 },
    );
  });
});
