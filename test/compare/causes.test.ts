/** The comparison's rules on hand-made documents: version rules, time zones, null-written fields, key sets. */
import { describe, expect, test } from 'vitest';
import { compareWithSnapshot } from '../../src/compare/compare.js';
import type { SinceSnapshot } from '../../src/compare/evidence.js';
import type { StatisticsFile } from '../../src/stats/statistics-file.js';
import type { FieldSource } from '../../src/stats/types.js';
import { parseRcVersion, semanticsFor } from '../../src/stats/version.js';

const NONE: SinceSnapshot = { users: 0, rooms: { total: 0, c: 0, p: 0, d: 0, l: 0, discussions: 0 }, messages: 0, uploads: 0 };
const AT = new Date('2026-12-01T10:00:00Z');
const NOW = new Date('2026-12-01T12:30:00Z');

function ours(statistics: Record<string, unknown>, sources: Record<string, FieldSource> = {}): StatisticsFile {
  const all = Object.fromEntries(Object.keys(statistics).map((k) => [k, sources[k] ?? 'live'])) as Record<string, FieldSource>;
  return {
    statistics,
    provenance: { generator: 'rocketchat-infobot', generatedAt: NOW.toISOString(), semantics: { version: '6.4.0', source: 'api' }, snapshotAt: AT.toISOString(), sources: all, unavailable: [], failed: [], notes: [] },
  };
}

function compare(mine: StatisticsFile, theirs: Record<string, unknown>, version: string, since = NONE) {
  const semantics = semanticsFor(parseRcVersion(version) ?? { major: 0, minor: 0, patch: 0, text: version }, 'api');
  return compareWithSnapshot({ ours: mine, semantics, snapshot: { id: 's', createdAt: AT, doc: theirs }, refreshed: false, since, now: NOW });
}

describe('compareWithSnapshot', () => {
  test('a snapshot written by 6.3 beside the bot counting as 6.4: activeUsers differs by the bots rule', () => {
    const c = compare(ours({ activeUsers: 10, totalUsers: 12 }), { version: '6.3.0', activeUsers: 11, totalUsers: 12 }, '6.4.0');
    expect(c.equal).toBe(1);
    expect(c.differences).toHaveLength(1);
    expect(c.differences[0]).toMatchObject({ path: 'activeUsers', ours: 10, theirs: 11, cause: { kind: 'version' } });
    expect(c.differences[0]?.cause.text).toContain('6.4.0');
  });

  test('the same version: activeUsers is a change, not a version rule', () => {
    const c = compare(ours({ activeUsers: 10 }), { version: '6.4.0', activeUsers: 11 }, '6.4.0');
    expect(c.differences[0]?.cause.kind).toBe('changed');
  });

  test('lastLogin written in another time zone is the same instant', () => {
    const c = compare(ours({ lastLogin: 'Tue Dec 01 2026 09:00:00 GMT+0000 (Coordinated Universal Time)' }), { lastLogin: 'Tue Dec 01 2026 10:00:00 GMT+0100 (Central European Standard Time)' }, '7.10.2');
    expect(c.differences[0]?.cause.kind).toBe('zone');
  });

  test('users created since the snapshot account for totalUsers exactly: time passed; otherwise changed', () => {
    const since = { ...NONE, users: 3 };
    expect(compare(ours({ totalUsers: 15 }), { totalUsers: 12 }, '7.10.2', since).differences[0]?.cause.kind).toBe('time');
    expect(compare(ours({ totalUsers: 14 }), { totalUsers: 12 }, '7.10.2', since).differences[0]?.cause.text).toContain('the rest (-1) deleted or changed');
  });

  test('message totals: a counter move beyond the stored messages is counter drift', () => {
    const since = { ...NONE, messages: 2 };
    expect(compare(ours({ totalMessages: 102 }), { totalMessages: 100 }, '7.10.2', since).differences[0]?.cause.kind).toBe('time');
    expect(compare(ours({ totalMessages: 107 }), { totalMessages: 100 }, '7.10.2', since).differences[0]?.cause.kind).toBe('drift');
    expect(compare(ours({ totalMessages: 107 }), { totalMessages: null }, '7.10.2', since).differences[0]?.cause.kind).toBe('nan');
  });

  test('nested fields are compared leaf by leaf; a field Rocket.Chat wrote as null where the bot has none is named so', () => {
    const c = compare(ours({ settings: { a: { b: true, c: 1 }, d: {} } }), { settings: { a: { b: true, c: 2 }, d: { e: null } } }, '7.10.2');
    expect(c.compared).toBe(3);
    expect(c.differences.map((d) => [d.path, d.cause.kind])).toEqual([
      ['settings.a.c', 'changed'],
      ['settings.d.e', 'null-field'],
    ]);
  });

  test('fields from the snapshot, fields the bot cannot know and keys of one side only are listed apart', () => {
    const c = compare(ours({ os: { type: 'Linux' }, process: null, totalUsers: 1, fileStoreType: 'GridFS' }, { os: 'snapshot', process: 'unavailable' }), { os: { type: 'Linux' }, process: { pid: 1 }, totalUsers: 1, totalOTR: 0, _id: 'x', createdAt: AT }, '7.10.2');
    expect(c).toMatchObject({ fromSnapshot: ['os'], unknownToBot: ['process'], onlyTheirs: ['totalOTR'], onlyOurs: ['fileStoreType'], compared: 1, equal: 1 });
  });
});
