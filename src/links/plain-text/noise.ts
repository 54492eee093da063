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
