/** The daily card, table-driven: arrows and signed numbers, "new" before any history, and warnings that stand out. */
import { describe, expect, test } from 'vitest';
import { cardToAttachment } from '../../src/cards/attachments.js';
import { changeLine, dailyCard, dailyFailureText, dailyPostText } from '../../src/cards/daily.js';
import type { Baseline } from '../../src/history/deltas.js';
import { type DailyNumbers, type DailySnapshot, METRICS } from '../../src/history/numbers.js';

const DAY = '2026-11-26';

function numbers(overrides: Partial<DailyNumbers> = {}): DailyNumbers {
  const base = Object.fromEntries(METRICS.map((m) => [m, 100])) as DailyNumbers;
  return { ...base, seatsUsed: 50, seatsMax: 100, licenseDaysLeft: 200, instanceCount: 2, ...overrides };
}

function snapshot(day: string, overrides: Partial<DailyNumbers> = {}, extra: Partial<DailySnapshot> = {}): DailySnapshot {
  return {
    day,
    takenAt: new Date(`${day}T09:00:00Z`),
    numbers: numbers(overrides),
    version: '7.10.2',
    license: { state: 'valid', validUntil: '2027-06-14T00:00:00.000Z', plan: ['Enterprise'], reasons: [] },
    failed: [],
    ...extra,
  };
}

const noHistory: Baseline = { yesterday: undefined, weekAgo: undefined, hasHistory: false };
const field = (card: ReturnType<typeof dailyCard>, title: string) => cardToAttachment(card).fields?.find((f) => f.title === title)?.value;

describe('the daily card', () => {
  test.each([
    [{ yesterday: { kind: 'change', by: 12, from: 88 }, week: { kind: 'change', by: -3, from: 103 } }, '↑ +12 since yesterday · ↓ -3 in 7 days'],
    [{ yesterday: { kind: 'change', by: 0, from: 5 }, week: { kind: 'gap', day: '2026-11-19' } }, '→ 0 since yesterday · no data in 7 days'],
    [{ yesterday: { kind: 'unknown' }, week: { kind: 'change', by: 1, from: 4 } }, 'n/a since yesterday · ↑ +1 in 7 days'],
    [{ yesterday: { kind: 'new' }, week: { kind: 'new' } }, 'new'],
  ] as const)('a change line reads %o as "%s"', (deltas, expected) => {
    expect(changeLine(deltas)).toBe(expected);
  });

  test('the first summary says "new" under every number and that changes start tomorrow', () => {
    const card = dailyCard({ snapshot: snapshot(DAY), baseline: noHistory });
    expect(field(card, 'Users · Total')).toBe('100\nnew');
    expect(field(card, 'Uploads · Size')).toBe('100 bytes\nnew');
    expect(card.notes).toContain('This is the first summary: changes appear from tomorrow on.');
    expect(card.state).toBe('ok');
    expect(card.title).toBe('Daily summary · November 26, 2026');
  });

  test('changes are signed and sized like the numbers they belong to; counts of the last 24 h carry none', () => {
    const yesterday = snapshot('2026-11-25', { totalUsers: 90, uploadsTotalSize: 1024 });
    const weekAgo = snapshot('2026-11-19', { totalUsers: 120, uploadsTotalSize: 3 * 1024 * 1024 });
    const card = dailyCard({
      snapshot: snapshot(DAY, { totalUsers: 100, uploadsTotalSize: 2048, messagesLast24h: 42 }),
      baseline: { yesterday, weekAgo, hasHistory: true },
    });
    expect(field(card, 'Users · Total')).toBe('100\n↑ +10 since yesterday · ↓ -20 in 7 days');
    expect(field(card, 'Uploads · Size')).toBe('2.00 kB\n↑ +1.00 kB since yesterday · ↓ -3.00 MB in 7 days');
    expect(field(card, 'Messages · Sent in the last 24 h')).toBe('42');
  });

  test.each([
    ['a license expiring within 30 days', snapshot(DAY, { licenseDaysLeft: 12 }), 'warning', /expires in 12 days/],
    ['seats at 80 % or more', snapshot(DAY, { seatsUsed: 80, seatsMax: 100 }), 'warning', /80 of 100 seats are in use \(80 %\)/],
    [
      'an invalid license',
      snapshot(DAY, {}, { license: { state: 'invalid', validUntil: null, plan: [], reasons: ['The license is for chat.example.com, not this workspace.'] } }),
      'danger',
      /license is not valid: The license is for chat\.example\.com/,
    ],
    ['no instance with a heartbeat', snapshot(DAY, { instanceCount: 0 }), 'danger', /No Rocket.Chat instance has reported a heartbeat/],
    ['a failed collector', snapshot(DAY, { totalMessages: null }, { failed: ['totalMessages'] }), 'warning', /Could not compute totalMessages/],
  ] as const)('%s is a %s note at the top, and colours the card', (_, today, state, note) => {
    const card = dailyCard({ snapshot: today, baseline: noHistory });
    expect(card.state).toBe(state);
    expect(card.notes[0]).toMatch(note);
    expect(card.notes[0]?.startsWith(state === 'danger' ? '⛔' : '⚠️')).toBe(true);
    expect(dailyPostText(card, today)).toMatch(state === 'danger' ? /⛔ 1 warning$/ : /⚠️ 1 warning$/);
  });

  test('an instance that went stale since yesterday is a warning; a new version is noted', () => {
    const yesterday = snapshot('2026-11-25', { instanceCount: 3 }, { version: '7.9.0' });
    const card = dailyCard({ snapshot: snapshot(DAY, { instanceCount: 2 }), baseline: { yesterday, weekAgo: undefined, hasHistory: true } });
    expect(card.state).toBe('warning');
    expect(card.notes[0]).toMatch(/1 Rocket.Chat instance\(s\) went stale since yesterday \(2 reporting, 3 yesterday\)/);
    expect(card.notes).toContain('Rocket.Chat changed from 7.9.0 to 7.10.2 since yesterday.');
    expect(field(card, 'Deployment · Instances')).toBe('⚠️ 2\n↓ -1 since yesterday · no data in 7 days');
  });

  test('a number that could not be computed says so instead of showing a change', () => {
    const card = dailyCard({ snapshot: snapshot(DAY, { onlineUsers: null }, { failed: ['onlineUsers'] }), baseline: noHistory });
    expect(field(card, 'Users · Online now')).toBe('⚠️ unavailable (query failed)†');
  });

  test('a number the source holds none of is unavailable, not failed; a count the mode does not make says why', () => {
    const numbers = { totalMessages: null, messagesLast24h: null, roomsLast24h: null };
    const card = dailyCard({ snapshot: snapshot(DAY, numbers, { notCounted: ['messagesLast24h', 'roomsLast24h'] }), baseline: noHistory });
    expect(field(card, 'Messages · Total')).toBe('⚠️ unavailable');
    expect(field(card, 'Messages · Sent in the last 24 h')).toBe('not counted without database access');
    expect(field(card, 'Rooms · Created in the last 24 h')).toBe('not counted without database access');
    expect(card.notes.join('\n')).not.toMatch(/Could not compute/);
  });

    test('the failure notice names the day, the attempts and the reason', () => {
    expect(dailyFailureText(DAY, 8, 'Rocket.Chat answered 503')).toMatch(/^⚠️ The daily summary for November 26, 2026 could not be posted after 8 attempts: Rocket.Chat answered 503\./);
  });
});
