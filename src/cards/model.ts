/**
 * The card model: what every output (chat attachments, terminal text, the daily post) renders.
 * Cards are plain data built once from the collectors; renderers never query anything.
 */

/** A card's or a field's state; renderers map it to a colour. */
export type CardState = 'ok' | 'info' | 'warning' | 'danger';

import type { InfoSection } from '../stats/result.js';

/** The four Info-page cards, one per section of the statistics result. */
export type InfoCardId = InfoSection;

/** One labelled value; `value` is never empty (renderers rely on it). */
export interface CardField {
  label: string;
  value: string;
  /** Rendered side by side with its neighbour when true (Rocket.Chat attachment `short`). */
  short?: boolean;
  state?: CardState;
  /** Where the value came from when it is not a live query: shown as a footnote. */
  source?: 'live' | 'snapshot' | 'api' | 'failed';
  /** For snapshot values: when that snapshot was taken. */
  asOf?: Date;
  /** The heading the Info page shows the field under (e.g. `Users`), where labels repeat across headings (`Total`). */
  section?: string;
}

/** A titled group of fields with notes (warnings, explanations). */
export interface Card {
  id: string;
  title: string;
  state: CardState;
  fields: CardField[];
  /** Warnings and remarks shown under the fields, most important first. */
  notes: string[];
  /** When the numbers were computed. */
  asOf: Date;
  /** The zone the card's footnote dates are shown in (the caller's; the process's when absent). */
  timeZone?: string;
}
