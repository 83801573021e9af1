/**
 * The daily summary card: the day's numbers with their change since yesterday and since a week ago (arrows and
 * signed numbers; "new" while there is no history), and warnings that stand out. Pure: snapshot and baseline in,
 * card out; rendered like every other card.
 */
import { type Delta, type Deltas, deltasOf, type Baseline } from '../history/deltas.js';
import type { DailySnapshot, Metric } from '../history/numbers.js';
import { textField, worstState } from './fields.js';
import { formatCount, formatMemorySize } from './format.js';
import { EXPIRY_WARNING_DAYS, seatsLevel } from '../license/rules.js';
import type { Card, CardField, CardState } from './model.js';

/** What the card is built from. */
export interface DailyCardInput {
  snapshot: DailySnapshot;
  baseline: Baseline;
}

/** A day key (`2026-11-26`) as "November 26, 2026". */
export function formatDayKey(day: string): string {
  const [year = 1970, month = 1, date = 1] = day.split('-').map(Number);
  return new Intl.DateTimeFormat('en-US', { timeZone: 'UTC', year: 'numeric', month: 'long', day: 'numeric' }).format(
    new Date(Date.UTC(year, month - 1, date)),
  );
}

function signed(by: number, format: (n: number) => string): string {
  if (by === 0) return '→ 0';
  return by > 0 ? `↑ +${format(by)}` : `↓ -${format(-by)}`;
}

function deltaText(delta: Delta, format: (n: number) => string): string {
  switch (delta.kind) {
    case 'change':
      return signed(delta.by, format);
    case 'new':
      return 'new';
    case 'gap':
      return 'no data';
    case 'unknown':
      return 'n/a';
    case 'redefined':
      return `not comparable (counted differently on ${delta.from ?? 'an unknown version'})`;
  }
}

/** The change line under a value: "↑ +12 since yesterday · ↓ -3 in 7 days", or "new" before any history. */
export function changeLine(deltas: Deltas, format: (n: number) => string = formatCount): string {
  if (deltas.yesterday.kind === 'new' && deltas.week.kind === 'new') return 'new';
  return `${deltaText(deltas.yesterday, format)} since yesterday · ${deltaText(deltas.week, format)} in 7 days`;
}

interface Row {
  section: string;
  label: string;
  metric: Metric;
  format?: (n: number) => string;
  /** Counts of the last 24 hours are themselves a change: no change line under them. */
  plain?: boolean;
}

const ROWS: Row[] = [
  { section: 'Users', label: 'Total', metric: 'totalUsers' },
  { section: 'Users', label: 'Active', metric: 'activeUsers' },
  { section: 'Users', label: 'Online now', metric: 'onlineUsers' },
  { section: 'Rooms', label: 'Total', metric: 'totalRooms' },
  { section: 'Rooms', label: 'Created in the last 24 h', metric: 'roomsLast24h', plain: true },
  { section: 'Messages', label: 'Total', metric: 'totalMessages' },
  { section: 'Messages', label: 'Sent in the last 24 h', metric: 'messagesLast24h', plain: true },
  { section: 'Uploads', label: 'Files', metric: 'uploadsTotal' },
  { section: 'Uploads', label: 'Size', metric: 'uploadsTotalSize', format: formatMemorySize },
];

function numberField(row: Row, input: DailyCardInput): CardField {
  const { snapshot, baseline } = input;
  const value = snapshot.numbers[row.metric];
  const format = row.format ?? formatCount;
  if (value === null && snapshot.notCounted?.includes(row.metric)) {
    return textField(row.label, 'not counted without database access', { short: true, section: row.section });
  }
  if (value === null && snapshot.failed.includes(row.metric)) {
    const field = textField(row.label, 'unavailable (query failed)', { short: true, section: row.section, state: 'warning' });
    field.source = 'failed';
    return field;
  }
  // Nothing failed, yet the source holds no number (Rocket.Chat's snapshot stores none for a message total when a
  // room lacks its count): missing, not a failure.
  if (value === null) return textField(row.label, 'unavailable', { short: true, section: row.section, state: 'warning' });
  const text = row.plain ? format(value) : `${format(value)}\n${changeLine(deltasOf(snapshot.numbers, row.metric, baseline, snapshot.day, snapshot.version), format)}`;
  return textField(row.label, text, { short: true, section: row.section });
}

interface Warning {
  state: CardState;
  text: string;
}

function licenseFields(input: DailyCardInput, warnings: Warning[]): CardField[] {
  const { snapshot, baseline } = input;
  const { license, numbers } = snapshot;
  const fields: CardField[] = [];
  const plan = license.plan.length ? ` (${license.plan.join(', ')})` : '';
  const days = numbers.licenseDaysLeft;
  let state: CardState = 'ok';
  let text: string;
  switch (license.state) {
    case 'valid':
      text = `Valid${plan}${days === null ? ', no end date' : `, ${days} days left`}`;
      if (days !== null && days <= EXPIRY_WARNING_DAYS) {
        state = 'warning';
        warnings.push({ state, text: `The license expires in ${days} days (${license.validUntil?.slice(0, 10)}): renew it, then send the new one to me in a direct message.` });
      }
      break;
    case 'invalid':
      state = 'danger';
      text = days !== null && days < 0 ? `Expired ${-days} days ago` : 'Invalid';
      warnings.push({ state, text: `The license is not valid: ${license.reasons.join(' ') || 'see `/info license`.'}` });
      break;
    case 'none':
      text = 'None (Community)';
      break;
    default:
      state = 'warning';
      text = 'unavailable (settings could not be read)';
  }
  fields.push(textField('State', text, { short: true, section: 'License', state }));

  const used = numbers.seatsUsed;
  const max = numbers.seatsMax;
  if (used !== null && max !== null) {
    const ratio = max === 0 ? 1 : used / max;
    const seatState: CardState = seatsLevel(used, max);
    // An invalid license already says why (a broken seat limit among its reasons): one warning is enough.
    if (seatState !== 'ok' && license.state === 'valid') {
      const blocked = seatState === 'danger' ? ' New users are blocked.' : '';
      warnings.push({ state: seatState, text: `${used} of ${max} seats are in use (${Math.round(ratio * 100)} %).${blocked} Deactivate unused accounts or get more seats.` });
    }
    const change = changeLine(deltasOf(numbers, 'seatsUsed', baseline, snapshot.day));
    fields.push(textField('Seats', `${used} / ${max} (${Math.round(ratio * 100)} %)\n${change}`, { short: true, section: 'License', state: seatState }));
  } else if (used !== null && license.state === 'valid') {
    fields.push(textField('Seats', `${used} (no seat limit)`, { short: true, section: 'License' }));
  }
  return fields;
}

function deploymentFields(input: DailyCardInput, warnings: Warning[], notes: string[]): CardField[] {
  const { snapshot, baseline } = input;
  const before = baseline.yesterday?.version;
  const version = snapshot.version ?? 'unknown';
  if (before && snapshot.version && before !== snapshot.version) notes.push(`Rocket.Chat changed from ${before} to ${snapshot.version} since yesterday.`);
  const fields = [textField('Version', version, { short: true, section: 'Deployment' })];
  const count = snapshot.numbers.instanceCount;
  if (count === null) {
    fields.push(textField('Instances', 'unavailable (query failed)', { short: true, section: 'Deployment', state: 'warning' }));
    return fields;
  }
  const yesterday = baseline.yesterday?.numbers.instanceCount ?? null;
  let state: CardState = 'ok';
  if (count === 0) {
    state = 'danger';
    warnings.push({ state, text: 'No Rocket.Chat instance has reported a heartbeat in the last minute: check that the server is running.' });
  } else if (yesterday !== null && count < yesterday) {
    state = 'warning';
    warnings.push({ state, text: `${yesterday - count} Rocket.Chat instance(s) went stale since yesterday (${count} reporting, ${yesterday} yesterday): see \`/info deployment\`.` });
  }
  fields.push(textField('Instances', `${count}\n${changeLine(deltasOf(snapshot.numbers, 'instanceCount', baseline, snapshot.day))}`, { short: true, section: 'Deployment', state }));
  return fields;
}

/** Builds the daily card. */
export function dailyCard(input: DailyCardInput): Card {
  const { snapshot } = input;
  const warnings: Warning[] = [];
  const notes: string[] = [];
  const fields = [...ROWS.map((row) => numberField(row, input)), ...licenseFields(input, warnings), ...deploymentFields(input, warnings, notes)];
  if (snapshot.failed.length) {
    warnings.push({ state: 'warning', text: `Could not compute ${snapshot.failed.join(', ')}: those numbers are missing today and left out of tomorrow's changes.` });
  }
  const ordered = [...warnings.filter((w) => w.state === 'danger'), ...warnings.filter((w) => w.state !== 'danger')];
  const marks: Record<CardState, string> = { danger: '⛔ ', warning: '⚠️ ', info: '', ok: '' };
  if (!input.baseline.hasHistory) notes.push('This is the first summary: changes appear from tomorrow on.');
  return {
    id: 'daily',
    title: `Daily summary · ${formatDayKey(snapshot.day)}`,
    state: worstState([...warnings.map((w) => w.state), ...fields.map((f) => f.state)]),
    fields,
    notes: [...ordered.map((w) => `${marks[w.state]}${w.text}`), ...notes],
    asOf: snapshot.takenAt,
  };
}

/** The message text above the card: what it is and how many warnings it carries. */
export function dailyPostText(card: Card, snapshot: DailySnapshot): string {
  const warnings = card.notes.filter((n) => n.startsWith('⛔') || n.startsWith('⚠️')).length;
  const head = `📊 Daily summary for ${formatDayKey(snapshot.day)}`;
  return warnings ? `${head} · ${card.state === 'danger' ? '⛔' : '⚠️'} ${warnings} warning${warnings === 1 ? '' : 's'}` : head;
}

/** The short post when the day's summary could not be made: what failed and that the bot carries on. */
export function dailyFailureText(day: string, attempts: number, reason: string): string {
  return `⚠️ The daily summary for ${formatDayKey(day)} could not be posted after ${attempts} attempt${attempts === 1 ? '' : 's'}: ${reason}. I keep running; \`/info\` answers as soon as the cause is fixed, and tomorrow's summary follows the schedule.`;
}
