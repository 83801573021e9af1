/**
 * `infobot stats --compare` as an operator runs it: a child process against a seeded workspace and the emulator. A
 * refresh is done only with --yes, after the consequences were printed; it saves one snapshot, as Rocket.Chat does.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../emulator/index.js';
import { rcSaveStatistics } from '../rc/statistics.js';
import { runInfobot } from '../support/cli-run.js';
import { openFileDb } from '../support/db.js';
import { type SeedResult, seedWorkspace } from '../support/seed/index.js';

const t = await openFileDb('cli_compare');
let emulator: Emulator;
let seed: SeedResult;

/** The CLI against this file's workspace (MONGO_URL) with `env`. */
const infobot = (args: string[], env: Record<string, string>) => runInfobot(args, { MONGO_URL: t.url, ...env });

// A whole statistics computation (the bot's, and Rocket.Chat's for a refresh) in a child process: slow on FerretDB.
const CLI_MS = 120_000;
const snapshots = () => t.db.collection('rocketchat_statistics').countDocuments({});

beforeAll(async () => {
  seed = await seedWorkspace(t.db, { size: 'tiny' });
  emulator = await startEmulator({ db: t.db });
  await rcSaveStatistics(t.db, { version: '7.10.2' });
}, 120_000);
afterAll(async () => emulator?.stop());

describe('infobot stats --compare', () => {
  it('prints the comparison with the stored snapshot, each difference with its cause', async () => {
    const run = await infobot(['stats', '--compare'], {});
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('beside Rocket.Chat’s last stored snapshot');
    expect(run.stdout).toMatch(/^\d+ values compared: \d+ equal, \d+ differ\.$/m);
    // The seed's legacy-import room has no msgs field: Rocket.Chat's stored total is null (NaN), and the line says why.
    expect(run.stdout).toMatch(/^• totalMessages: bot \d+ · Rocket\.Chat null — Rocket\.Chat stored no number/m);
  }, CLI_MS);

  it('--refresh without --yes prints what a refresh does in Rocket.Chat, does nothing and exits 2', async () => {
    const before = await snapshots();
    const env = { ROCKETCHAT_URL: emulator.url, ROCKETCHAT_USER: seed.accounts.admin.username, ROCKETCHAT_PASSWORD: seed.accounts.admin.password };
    const run = await infobot(['stats', '--compare', '--refresh'], env);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('saves a new statistics snapshot in rocketchat_statistics');
    expect(run.stderr).toContain('resets the seat-request counter');
    expect(run.stderr).toContain('Nothing was done');
    expect(await snapshots()).toBe(before);
  }, CLI_MS);

  it('--refresh --yes makes Rocket.Chat save one snapshot and compares with it', async () => {
    const before = await snapshots();
    const env = { ROCKETCHAT_URL: emulator.url, ROCKETCHAT_USER: seed.accounts.admin.username, ROCKETCHAT_PASSWORD: seed.accounts.admin.password };
    const run = await infobot(['stats', '--compare', '--refresh', '--yes'], env);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('saved just now at your request');
    expect(await snapshots()).toBe(before + 1);
  }, CLI_MS);

  it('--refresh --yes as an account without view-statistics is refused by Rocket.Chat, and nothing is saved', async () => {
    const before = await snapshots();
    const env = { ROCKETCHAT_URL: emulator.url, ROCKETCHAT_USER: seed.accounts.user.username, ROCKETCHAT_PASSWORD: seed.accounts.user.password };
    const run = await infobot(['stats', '--compare', '--refresh', '--yes'], env);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('lacks the Rocket.Chat permission `view-statistics`');
    expect(await snapshots()).toBe(before);
  }, CLI_MS);
});
