/** The embedded store of REST-only mode: claims as the database's, kept across a restart in one file. */
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { FILE_STORE_NAME, openFileStore } from '../../src/store/file-store.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'infobot-file-store-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('the embedded file store', () => {
  test('a held claim is refused to everyone, its holder included, until it expires or is released', async () => {
    let clock = 1_000;
    const store = await openFileStore(dir, 'a', { now: () => clock });
    expect(await store.claims.claim('message:1', 100)).toBe(true);
    expect(await store.claims.claim('message:1', 100)).toBe(false);
    expect(await store.claims.claimOnce('message:1', 100)).toBe(false);
    expect(await store.claims.claimOnce('message:once', 100)).toBe(true);
    expect(await store.claims.claim('message:once', 100)).toBe(false);
    clock += 101;
    expect(await store.claims.claim('message:1', 100)).toBe(true);
    await store.claims.release('message:1');
    expect(await store.claims.claim('message:1', 100)).toBe(true);
  });

  test('its holder renews a claim past its first lease and may keep it until a later time when it releases it', async () => {
    let clock = 1_000;
    const store = await openFileStore(dir, 'a', { now: () => clock });
    const other = await openFileStore(join(dir, 'other'), 'b', { now: () => clock });
    expect(await store.claims.claim('daily:x', 100)).toBe(true);
    clock += 90;
    expect(await store.claims.renew('daily:x', 100)).toBe(true);
    expect(await other.claims.renew('daily:x', 100)).toBe(false);
    clock += 90;
    expect(await store.claims.claim('daily:x', 100)).toBe(false);
    await store.claims.release('daily:x', new Date(clock + 50));
    clock += 49;
    expect(await store.claims.claim('daily:x', 100)).toBe(false);
    clock += 1;
    expect(await store.claims.claim('daily:x', 100)).toBe(true);
  });

  test('claims survive a restart: a message redelivered to the next process is not answered twice', async () => {
    const first = await openFileStore(dir, 'first');
    expect(await first.claims.claim('message:42', 60_000)).toBe(true);
    await first.close();
    const second = await openFileStore(dir, 'second');
    expect(await second.claims.claim('message:42', 60_000)).toBe(false);
    expect(await second.claims.claim('message:43', 60_000)).toBe(true);
  });

  test('writes go through a rename: the directory holds only the data file, which is whole JSON', async () => {
    const store = await openFileStore(dir, 'a');
    await Promise.all(Array.from({ length: 20 }, (_, i) => store.claims.claim(`message:${i}`, 60_000)));
    await store.close();
    expect(await readdir(dir)).toEqual([FILE_STORE_NAME]);
    const data = JSON.parse(await readFile(join(dir, FILE_STORE_NAME), 'utf8')) as { claims: Record<string, unknown> };
    expect(Object.keys(data.claims)).toHaveLength(20);
  });

  test('an audit log survives a restart, newest first, its dates read back as dates, cut to its newest 1 000', async () => {
    const entry = (i: number) => ({ at: new Date(Date.UTC(2026, 0, 1, 0, 0, i)), user: { id: 'u', username: 'alice' }, roomId: 'r', messageId: `m${i}` });
    const first = await openFileStore(dir, 'a');
    // Recorded at once: the entries join the log in call order and share the file's rewrites.
    await Promise.all(Array.from({ length: 1_005 }, (_, i) => first.audit('license_audit').record(entry(i))));
    await first.close();
    const recent = await (await openFileStore(dir, 'b')).audit('license_audit').recent(3);
    expect(recent).toEqual([entry(1_004), entry(1_003), entry(1_002)]);
    const data = JSON.parse(await readFile(join(dir, FILE_STORE_NAME), 'utf8')) as { audits: Record<string, unknown[]> };
    expect(data.audits.license_audit).toHaveLength(1_000);
  });

  test('an unreadable data file stops the start with one line naming INFOBOT_DATA_DIR', async () => {
    await writeFile(join(dir, FILE_STORE_NAME), '{ half a file', 'utf8');
    const error = await openFileStore(dir, 'a').catch((e: unknown) => e as Error);
    expect(String((error as Error).message)).toMatch(/cannot be read .*INFOBOT_DATA_DIR/);
    expect((error as Error).message).not.toContain('\n');
  });
});
