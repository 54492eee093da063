/**
 * Lines and pieces that hold no stop: summaries, walks, the line's direction, a bare "change" or
 * weekday. They are recognised first so their numbers and words are not read as times or stop names.
 */
import { WEEKDAY_ONLY } from './dates.js';

const WALK = /(?:fu(?:ss|ß)weg|zu fu(?:ss|ß)|à pied|a piedi|percorso a piedi|\bwalk(?:ing)?\b|on foot)/i;
const WALK_MINUTES = /(\d{1,3})\s*(?:min(?:\.|utes?|uten|uti|s)?|')(?!\p{L})/iu;
/** Summary lines repeat the duration (`Reisedauer 1 Std. 9 Min.`, `Durée 48 min, direct`) and would read as times. */
const SUMMARY =
  /^(?:reisedauer|dauer|fahrzeit|reisezeit|durée|duree|durata|duration|travel time|journey time|temps de (?:parcours|trajet)|tempo di (?:viaggio|percorrenza))\b|\b\d+\s*(?:umstiege?|changements?|cambi(?:o)?|changes?|transfers?)\b/iu;
/** The line's terminus ("IC 1 Richtung St. Gallen") is no stop of the trip. */
const DIRECTION = /^(?:richtung|direction|direzione|dir\.|towards)\s/i;
const TRANSFER_ONLY = /^(?:umsteigen|umstieg|changement|changer|cambiare|cambio|change|transfer)\.?$/i;

export const isSummaryLine = (line: string): boolean => SUMMARY.test(line);

/** A walk between two rides, with its stated duration when there is one; null for any other line. */
export function walkOf(line: string): { minutes: number | null } | null {
  if (!WALK.test(line)) return null;
  const minutes = WALK_MINUTES.exec(line);
  return { minutes: minutes === null ? null : Number(minutes[1]) };
}

export const startsWithDirection = (text: string): boolean => DIRECTION.test(text);

/** A piece of a line that is neither a stop nor a label: a weekday alone, "Umsteigen", a direction. */
export const isNoisePiece = (piece: string): boolean =>
  WEEKDAY_ONLY.test(piece) || TRANSFER_ONLY.test(piece) || DIRECTION.test(piece);

/**
 * What ticket e-mails and share texts put around a connection (issue #15): prices, payment, fare
 * class, greetings, footers, legal text, order numbers, "sent with". Such a line is dropped before its
 * date and times are read: "Bezahlt am 01.12.2026 um 14:23" is no departure and "Bezahlt mit TWINT."
 * no destination. A line with an arrow stays: it is the trip's heading ("Ihr Billett: Olten → Bern").
 */
const NOISE_WORDS = [
  // payment and price
  'bezahlt',
  'zahlung',
  'zahlungsart',
  'paid',
  'payment',
  'payé',
  'paiement',
  'pagato',
  'pagamento',
  'twint',
  'visa',
  'mastercard',
  'postfinance',
  'paypal',
  'rechnung',
  'invoice',
  'facture',
  'fattura',
  'quittung',
  'receipt',
  'reçu',
  'ricevuta',
  'total',
  'gesamt',
  'gesamtpreis',
  'summe',
  'betrag',
  'montant',
  'importo',
  'mwst',
  'mehrwertsteuer',
  'tva',
  'iva',
  'vat',
  'preis',
  'price',
  'prix',
  'prezzo',
  // fares and classes
  'klasse',
  'class',
  'classe',
  'halbtax',
  'demi-tarif',
  'metà-prezzo',
  'half fare',
  'generalabonnement',
  'bahncard',
  'sparbillett',
  'supersaver',
  'sparpreis',
  'flexpreis',
  // greetings and thanks
  'hallo',
  'guten tag',
  'sehr geehrte',
  'sehr geehrter',
  'liebe',
  'lieber',
  'bonjour',
  'madame',
  'monsieur',
  'buongiorno',
  'buonasera',
  'gentile',
  'egregio',
  'dear',
  'hello',
  'grüsse',
  'grüße',
  'gruss',
  'regards',
  'cordialement',
  'salutations',
  'saluti',
  'thank',
  'thanks',
  'danke',
  'dank',
  'vielen dank',
  'merci',
  'grazie',
  'best wishes',
  'gute reise',
  'gute fahrt',
  'bon voyage',
  'buon viaggio',
  'enjoy your',
  // footers and legal text
  '©',
  'copyright',
  'agb',
  'datenschutz',
  'privacy',
  'impressum',
  'conditions',
  'condizioni',
  'terms',
  'unsubscribe',
  'abmelden',
  'désabonner',
  'disiscriviti',
  'newsletter',
  'kundendienst',
  'customer service',
  'service client',
  'servizio clienti',
  'kontakt',
  'contact',
  'contatto',
  'all rights',
  'alle rechte',
  'tous droits',
  'tutti i diritti',
  'übertragbar',
  'transférable',
  'cedibile',
  'transferable',
  'ausweis',
  "pièce d'identité",
  'documento',
  'identity',
  // the ticket and the order
  'billett',
  'ticket',
  'billet',
  'biglietto',
  'e-ticket',
  'bestellung',
  'bestellnummer',
  'bestellt',
  'bestelldatum',
  'ordered',
  'commandé',
  'ordinato',
  'auftragsnummer',
  'order',
  'commande',
  'ordine',
  'referenz',
  'reference',
  'référence',
  'riferimento',
  'buchungsnummer',
  'booking',
  'gültig',
  'valid',
  'valable',
  'valido',
  'kaufdatum',
  'purchase',
  'gekauft',
  'acheté',
  'acquistato',
  'erstattung',
  'refund',
  'remboursement',
  'rimborso',
  // signatures
  'ihre sbb',
  'ihr sbb-team',
  'your sbb',
  'vos cff',
  'le vostre ffs',
  'sbb cff ffs',
  // how it was sent
  'gesendet',
  'sent from',
  'sent with',
  'envoyé',
  'inviato',
  'geteilt',
  'shared via',
  'shared from',
];
/**
 * Words are looked up in a set, phrases by substring: a regex alternation of ~200 words tried at every
 * position of every line cost more than the rest of the text parser together.
 */
const NOISE_WORD_SET: ReadonlySet<string> = new Set(NOISE_WORDS.filter((w) => /^[\p{L}\p{N}'-]+$/u.test(w)));
const NOISE_PHRASES: readonly string[] = NOISE_WORDS.filter((w) => !NOISE_WORD_SET.has(w));
const WORD = /[\p{L}\p{N}]+(?:-[\p{L}\p{N}]+)*/gu;
const PRICE = /(?:CHF|EUR|Fr\.|€|£|\$)\s*\d|\d[.,]\d{2}\s*(?:CHF|EUR|€|£|Fr\.)/i;

function hasNoiseWords(line: string): boolean {
  const lower = line.toLowerCase();
  for (const word of lower.match(WORD) ?? []) if (NOISE_WORD_SET.has(word)) return true;
  return NOISE_PHRASES.some((phrase) => lower.includes(phrase)) || PRICE.test(line);
}
/** "Meine Verbindung", "Your journey", "Votre voyage", "Il tuo viaggio": a heading without stops. */
const TITLE_ONLY =
  /^(?:(?:meine|ihre|deine|my|your|votre|ton|mon|ma|la mia|il mio|il tuo|la tua|la sua|il suo)\s+)?(?:verbindung|reise|fahrt|connection|journey|trip|correspondance|voyage|trajet|itinéraire|collegamento|viaggio)\s*:?$/iu;
const ARROW_IN_LINE = /→|->|=>|⇒|➔|➜|⟶/u;
/** A sentence, not a line of a connection: stop names have at most six words. */
const MAX_UNTIMED_WORDS = 8;
const CLOCK = /\d[:.h]\d\d/;

export function isNoiseLine(line: string): boolean {
  const trimmed = line.trim();
  if (trimmed === '') return false;
  if (TITLE_ONLY.test(trimmed)) return true;
  if (ARROW_IN_LINE.test(trimmed)) return false;
  if (hasNoiseWords(trimmed)) return true;
  if (CLOCK.test(trimmed)) return false;
  // A seat line ("Sitzplatz 61 (Fenster)"); beside a time the seat is only cut out (`withoutSeats`).
  if (withoutSeats(trimmed) !== trimmed) return true;
  return trimmed.split(/\s+/).length > MAX_UNTIMED_WORDS;
}

/** Seat and coach numbers (`Wagen 7, Platz 45`, `voiture 3 place 61`): never a stop, a platform or a time. */
const NUMBERS = String.raw`\s*:?\s*\d{1,3}[A-Z]?(?:\s*(?:,|und|et|e|and|\+)\s*\d{1,3}[A-Z]?)*(?![\p{L}\p{N}]|[:.h]\d)`;
/** `Platz`/`place` only after a coach or as `Sitzplatz`: "Davos Platz 0:01" is a station and a time. */
const SEAT = new RegExp(
  String.raw`(?<![\p{L}\p{N}])(?:(?:wagen|voiture|carrozza|coach)${NUMBERS}(?:\s*,?\s*(?:platz|plätze|place|places|sitz|posto|posti|seats?)${NUMBERS})?|(?:sitzplatz|sitzplätze|posto|posti|seats?)${NUMBERS})`,
  'giu',
);
export const withoutSeats = (line: string): string => line.replace(SEAT, ' ');
