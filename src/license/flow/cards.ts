/**
 * The cards of the license flow: the verdict on a license sent to the bot (what it grants, whether it holds on this
 * workspace), its comparison with the installed license, the confirmation buttons and the audit history.
 * Pure: verdicts in, cards out. No card ever carries the license text, only its fingerprint.
 */
import type { AttachmentAction } from '../../cards/attachments.js';
import { textField, worstState } from '../../cards/fields.js';
import { limitFields } from '../../cards/license-limits.js';
import { daysUntil, formatCount, formatDateTime, formatDay } from '../../cards/format.js';
import type { Card, CardField, CardState } from '../../cards/model.js';
import { featureName } from '../modules.js';
import { EXPIRY_WARNING_DAYS, LIMIT_KIND_INFO } from '../rules.js';
import type { LicenseVerdict } from '../types.js';
import type { AuditEntry } from './audit.js';
import type { LicenseComparison } from './compare.js';

/** How a license is named wherever it must be told apart from others: a prefix of its SHA-256. */
export function shortFingerprint(fingerprint: string): string {
  return `sha256:${fingerprint.slice(0, 16)}`;
}

function validityFields(verdict: LicenseVerdict, now: Date, timeZone: string): CardField[] {
  const fields: CardField[] = [];
  if (verdict.validFrom) {
    const from = new Date(verdict.validFrom);
    const days = daysUntil(from, now);
    fields.push(textField('Valid from', `${formatDay(from, timeZone)}${days > 0 ? ` (starts in ${days} days)` : ''}`, { short: true, state: days > 0 ? 'danger' : 'ok' }));
  }
  if (verdict.validUntil) {
    const until = new Date(verdict.validUntil);
    const days = daysUntil(until, now);
    const state: CardState = days < 0 ? 'danger' : days <= EXPIRY_WARNING_DAYS ? 'warning' : 'ok';
    fields.push(textField('Valid until', `${formatDay(until, timeZone)} (${days < 0 ? `expired ${-days} days ago` : `${days} days left`})`, { short: true, state }));
  } else {
    fields.push(textField('Valid until', 'no end date', { short: true }));
  }
  return fields;
}

/** What the verdict card is built from. */
export interface VerdictCardInput {
  verdict: LicenseVerdict;
  fingerprint: string;
  now: Date;
  timeZone: string;
}

/** The verdict on a license: valid or not and why, plan, features, limits with current use, validity, URLs. */
export function verdictCard({ verdict, fingerprint, now, timeZone }: VerdictCardInput): Card {
  const codes = [...new Set(verdict.reasons.map((r) => r.code))];
  const fields: CardField[] = [
    textField('Verdict', verdict.valid ? `✔ valid for this workspace${verdict.warnings.length ? ' (with warnings below)' : ''}` : `✘ not valid (${codes.join(', ')})`, {
      short: true,
      state: verdict.valid ? 'ok' : 'danger',
    }),
  ];
  if (verdict.version === null) {
    fields.push(textField('Fingerprint', shortFingerprint(fingerprint), { short: true }));
    return { id: 'license-check', title: 'License check', state: 'danger', fields, notes: verdict.reasons.map((r) => r.message), asOf: now };
  }
  fields.push(
    textField('Format', `v${verdict.version}${verdict.version === 2 ? ' (read as Rocket.Chat 6.5+ converts it)' : ''}${verdict.trial ? ', trial' : ''}`, { short: true }),
    textField('Plan', verdict.tags.map((t) => t.name).join(' ') || 'no plan tag', { short: true }),
    textField('Fingerprint', shortFingerprint(fingerprint), { short: true }),
    ...validityFields(verdict, now, timeZone),
    ...limitFields(verdict.limits),
    textField('Server URLs', verdict.serverUrls.map((rule) => (rule.type === 'hash' ? 'a hashed URL' : `${rule.value} (${rule.type})`)).join('\n') || 'any', {
      short: false,
      state: codes.includes('url') ? 'danger' : undefined,
    }),
    textField('Features granted', verdict.modules.map(featureName).sort((a, b) => a.localeCompare(b)).join(', ') || 'none', { short: false }),
  );
  const state = verdict.valid ? worstState(fields.map((f) => f.state)) : 'danger';
  const notes = [...verdict.reasons, ...verdict.warnings].map((r) => r.message);
  return { id: 'license-check', title: 'License check', state, fields, notes, asOf: now };
}

function limitValue(value: number | null): string {
  return value === null ? 'none' : formatCount(value);
}

function expiry(iso: string | null, timeZone: string, empty: string): string {
  return iso ? formatDay(new Date(iso), timeZone) : empty;
}

/** What the comparison card is built from. */
export interface ComparisonCardInput {
  comparison: LicenseComparison;
  installedFingerprint: string | null;
  installedValid: boolean;
  now: Date;
  timeZone: string;
}

/** The candidate against the installed license: what applying it would change. */
export function comparisonCard({ comparison, installedFingerprint, installedValid, now, timeZone }: ComparisonCardInput): Card {
  const installed =
    comparison.installed === 'none'
      ? 'none (Community)'
      : `${shortFingerprint(installedFingerprint ?? '')}${installedValid ? '' : ', not valid: grants nothing'}${comparison.installed === 'same' ? ' (this very license)' : ''}`;
  const fields: CardField[] = [
    textField('Installed now', installed, { short: false }),
    textField('Plan', `${comparison.planBefore} → ${comparison.planAfter}`, { short: true }),
    textField('Valid until', `${expiry(comparison.expiryBefore, timeZone, 'n/a')} → ${expiry(comparison.expiryAfter, timeZone, 'no end date')}`, { short: true }),
    textField('Features gained', comparison.gained.join(', ') || 'none', { short: false, state: comparison.gained.length ? 'ok' : undefined }),
    textField('Features lost', comparison.lost.join(', ') || 'none', { short: false, state: comparison.lost.length ? 'warning' : undefined }),
    ...comparison.limits.map((change) =>
      textField(LIMIT_KIND_INFO[change.kind].label, `${limitValue(change.before)} → ${limitValue(change.after)}`, {
        short: true,
        state: change.after !== null && (change.before === null || change.after < change.before) ? 'warning' : undefined,
      }),
    ),
  ];
  const notes: string[] = [];
  if (comparison.installed === 'same') notes.push('This license is already installed: applying it again would change nothing.');
  if (comparison.lost.length) notes.push(`Applying it would turn off: ${comparison.lost.join(', ')}.`);
  const state: CardState = comparison.lost.length || comparison.limits.some((c) => c.after !== null && (c.before === null || c.after < c.before)) ? 'warning' : 'info';
  return { id: 'license-comparison', title: 'Compared with the installed license', state, fields, notes, asOf: now };
}

/** The buttons under a valid license's card: each posts its command as the admin, as if typed. */
export function confirmationActions(code: string): AttachmentAction[] {
  return [
    { type: 'button', text: 'Apply license', msg: `apply ${code}`, msg_in_chat_window: true },
    { type: 'button', text: 'Cancel', msg: 'cancel', msg_in_chat_window: true },
  ];
}

const ACTION_WORDS: Record<AuditEntry['action'], string> = {
  check: 'checked',
  apply: 'applied',
  cancel: 'cancelled',
  refused: 'was refused confirming',
  'channel-post': 'posted in a room',
};

/** One line per audit entry, newest first, for `license history`. */
export function historyLines(entries: readonly AuditEntry[], timeZone: string): string[] {
  return entries.map((e) => {
    const license = e.fingerprint ? shortFingerprint(e.fingerprint) : 'no license';
    const verdict = e.verdict ? ` (${e.verdict.valid ? 'valid' : `not valid: ${e.verdict.reasons.join(', ') || 'unreadable'}`}${e.verdict.version ? `, v${e.verdict.version}` : ''})` : '';
    const previous = e.previousFingerprint ? `; installed before: ${shortFingerprint(e.previousFingerprint)}` : '';
    return `• ${formatDateTime(e.at, timeZone)}: @${e.user.username} ${ACTION_WORDS[e.action]} ${license}${verdict} → ${e.outcome}${previous}`;
  });
}
