import { describe, expect, it } from 'vitest';
import { daysUntil, formatCount, formatDateTime, formatDay, formatFlag, formatMemorySize } from '../../src/cards/format.js';

describe('formatMemorySize, as Rocket.Chat formats sizes', () => {
  it.each([
    [0, '0 bytes'],
    [1, '1 bytes'],
    [1023, '1,023 bytes'],
    [1024, '1.00 kB'],
    [1536, '1.50 kB'],
    [1_048_576, '1.00 MB'],
    [5e9, '4.66 GB'],
    [1_099_511_627_776, '1,024.00 GB'],
    [Number.NaN, 'unknown'],
  ])('%d bytes → %s', (bytes, text) => {
    expect(formatMemorySize(bytes)).toBe(text);
  });
});

describe('formatCount, as the Info page shows counters', () => {
  it.each([
    [0, '0'],
    [1234567, '1234567'],
    [Number.POSITIVE_INFINITY, 'unknown'],
  ])('%d → %s', (value, text) => {
    expect(formatCount(value)).toBe(text);
  });
});

describe('formatDateTime, with the time zone it is shown in', () => {
  it.each([
    ['2026-11-26T09:00:00Z', 'UTC', 'November 26, 2026 9:00 AM UTC'],
    ['2026-11-26T09:05:00Z', 'America/New_York', 'November 26, 2026 4:05 AM EST'],
    ['2026-07-26T19:05:00Z', 'Europe/Berlin', 'July 26, 2026 9:05 PM GMT+2'],
    ['2026-11-26T00:30:00Z', 'Asia/Tokyo', 'November 26, 2026 9:30 AM GMT+9'],
    ['2026-11-26T09:00:00Z', 'Not/AZone', 'November 26, 2026 9:00 AM UTC'],
  ])('%s in %s → %s', (iso, zone, text) => {
    expect(formatDateTime(new Date(iso), zone)).toBe(text);
  });

  it('says "Invalid date" for an invalid date, as Rocket.Chat does', () => {
    expect(formatDateTime(new Date('nope'), 'UTC')).toBe('Invalid date');
  });
});

describe('day formatting and arithmetic', () => {
  it.each([
    ['2026-12-26T09:00:00Z', 30],
    ['2026-11-27T08:59:00Z', 0],
    ['2026-11-25T09:00:00Z', -1],
  ])('%s is %d days from now', (iso, days) => {
    expect(daysUntil(new Date(iso), new Date('2026-11-26T09:00:00Z'))).toBe(days);
  });

  it('writes a day in the zone', () => {
    expect(formatDay(new Date('2026-11-26T23:30:00Z'), 'Asia/Tokyo')).toBe('November 27, 2026');
    expect(formatFlag(true)).toBe('Yes');
    expect(formatFlag(false)).toBe('No');
  });
});
