/** The shapes the plain-text reader passes between its stages: line → items → rides → trip. */

export type Kind = 'dep' | 'arr';

export interface LineLabel {
  /** Display form, `IC 1`, `T 10`, `TGV`. */
  display: string;
  category: string;
  trainNumber: string | null;
}

export interface StopEvent {
  /** Minutes after midnight, local time. */
  minuteOfDay: number;
  kind: Kind | null;
  name: string | null;
  platform: string | null;
  line: LineLabel | null;
}

export type Item =
  | { type: 'event'; event: StopEvent }
  | { type: 'line'; line: LineLabel }
  | { type: 'walk'; minutes: number | null }
  | { type: 'text'; text: string }
  | { type: 'platform'; platform: string }
  /** `A → B`: on its own line the trip's ends; inside a line with times the stops of those times. */
  | { type: 'header'; from: string; to: string; arrow: boolean; inline: boolean };

export type HeaderItem = Extract<Item, { type: 'header' }>;

export interface Ride {
  dep: StopEvent;
  arr: StopEvent | null;
  line: LineLabel | null;
  /** A stated walk between the previous ride and this one, in minutes (null when no duration was given). */
  walkBefore: { minutes: number | null } | null;
}

export type DateInfo =
  /** `weekdays`: the days of the week (0 = Sunday) a weekday written before a year-less date may mean. */
  { year: number | null; month: number; day: number; weekdays?: readonly number[] } | { daysFromNow: number };
