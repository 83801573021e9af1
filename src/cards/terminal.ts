/** Cards as terminal text: a title line, labelled values aligned in columns under their Info-page headings, notes. */
import { formatDateTime } from './format.js';
import type { Card, CardField, CardState } from './model.js';

/** Rendering options. */
export interface TerminalOptions {
  /** ANSI colours for states (only when writing to a terminal). */
  color?: boolean;
  timeZone?: string;
}

const STATE_WORDS: Record<CardState, string> = { ok: 'OK', info: 'INFO', warning: 'WARNING', danger: 'ERROR' };
const ANSI: Record<CardState, string> = { ok: '\u001b[32m', info: '\u001b[36m', warning: '\u001b[33m', danger: '\u001b[31m' };
const RESET = '\u001b[0m';
const MARKS: Partial<Record<NonNullable<CardField['source']>, string>> = { snapshot: ' ¹', api: ' ²', failed: ' †' };

function paint(text: string, state: CardState, color: boolean): string {
  return color ? `${ANSI[state]}${text}${RESET}` : text;
}

/** One card as text. */
export function renderCardText(card: Card, options: TerminalOptions = {}): string {
  const color = options.color ?? false;
  const lines = [paint(`${card.title} [${STATE_WORDS[card.state]}]`, card.state, color)];
  const width = Math.min(32, Math.max(...card.fields.map((field) => field.label.length)));
  let section: string | undefined;
  for (const field of card.fields) {
    if (field.section !== section) {
      section = field.section;
      if (section) lines.push(`  ${section}`);
    }
    const indent = section ? '    ' : '  ';
    const [first = '', ...rest] = `${field.value}${MARKS[field.source ?? 'live'] ?? ''}`.split('\n');
    const value = field.state && field.state !== 'ok' ? paint(first, field.state, color) : first;
    lines.push(`${indent}${field.label.padEnd(width)}  ${value}`);
    for (const line of rest) lines.push(`${indent}${' '.repeat(width)}  ${line}`);
  }
  const sources = new Set(card.fields.map((field) => field.source));
  const legend: string[] = [];
  if (sources.has('snapshot')) legend.push("¹ from Rocket.Chat's last statistics snapshot");
  if (sources.has('api')) legend.push("² from Rocket.Chat's /api/info");
  if (sources.has('failed')) legend.push('† could not be computed');
  for (const note of [...card.notes, ...legend]) lines.push(`  - ${note}`);
  lines.push(`  (computed ${formatDateTime(card.asOf, options.timeZone)})`);
  return lines.join('\n');
}

/** Several cards, separated by blank lines. */
export function renderCardsText(cards: Card[], options: TerminalOptions = {}): string {
  return `${cards.map((card) => renderCardText(card, options)).join('\n\n')}\n`;
}
