/**
 * The 2026 daylight-saving rules of the zones the schedule tests use, written out from the published tables, so
 * expected instants never come from the Intl code under test.
 */
const HOUR = 3_600_000;

/** A zone's 2026 rule: standard offset in hours, and the UTC instants daylight saving starts and ends. */
interface ZoneRule {
  standard: number;
  dstStart: number;
  dstEnd: number;
}

const RULES: Record<string, ZoneRule> = {
  'Europe/Berlin': { standard: 1, dstStart: Date.UTC(2026, 2, 29, 1), dstEnd: Date.UTC(2026, 9, 25, 1) },
  'America/New_York': { standard: -5, dstStart: Date.UTC(2026, 2, 8, 7), dstEnd: Date.UTC(2026, 10, 1, 6) },
  UTC: { standard: 0, dstStart: 0, dstEnd: 0 },
};

function ruleOf(zone: string): ZoneRule {
  const rule = RULES[zone];
  if (!rule) throw new Error(`No 2026 rule written out for ${zone}: add it to test/schedule/support/zone-rules.ts`);
  return rule;
}

function offsetAt(rule: ZoneRule, instant: number): number {
  return (instant >= rule.dstStart && instant < rule.dstEnd ? rule.standard + 1 : rule.standard) * HOUR;
}

/** The instant (ms) a wall clock in `zone` shows `hour:minute` on `day`: the earlier of two, or later across a gap. */
export function wallInstant(zone: string, day: string, hour: number, minute: number): number {
  const rule = ruleOf(zone);
  const [y = 0, m = 1, d = 1] = day.split('-').map(Number);
  const wall = Date.UTC(y, m - 1, d, hour, minute);
  const candidates = [rule.standard, rule.standard + 1]
    .map((offset) => wall - offset * HOUR)
    .filter((instant) => offsetAt(rule, instant) === wall - instant)
    .sort((a, b) => a - b);
  return candidates[0] ?? wall - rule.standard * HOUR;
}
