/**
 * With ROCKETCHAT_URL reachable, the version, Apps-Engine version and commit details come from Rocket.Chat's
 * /api/info (here the emulator, logged in as an admin), marked as such; anonymously only major.minor is known.
 */
import { spawn } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROCKETCHAT_LICENSE_PUBLIC_KEY } from '../../src/license/public-key.js';
import { computeForTest } from './compute-for-test.js';
import { fetchServerInfo } from '../../src/stats/server-info.js';
import { type Emulator, startEmulator } from '../emulator/index.js';
import { bundled } from '../support/bundle.js';
import { openFileDb } from '../support/db.js';
import { DEFAULT_NOW, seedWorkspace } from '../support/seed/index.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

describe("Rocket.Chat's /api/info", () => {
  let emulator: Emulator;
  let url: string;
  let dbName: string;
  let db: Awaited<ReturnType<typeof openFileDb>>['db'];

  beforeAll(async () => {
    const t = await openFileDb('server_info');
    ({ db, url, dbName } = t);
    await seedWorkspace(db, { size: 'tiny', now: DEFAULT_NOW, rcVersion: '7.10.2' });
    emulator = await startEmulator({ db, version: '8.3.1' });
  });
  afterAll(() => emulator?.stop());

  it('gives the full version, Apps-Engine version and commit details to an admin', async () => {
    const info = await fetchServerInfo({ url: emulator.url, user: 'admin', password: 'admin-pass-123' });
    const stats = await computeForTest({
      db,
      serverInfo: async () => info,
      licensePublicKey: ROCKETCHAT_LICENSE_PUBLIC_KEY,
      queryTimeoutMs: 20_000,
      concurrency: 4,
      now: DEFAULT_NOW,
      timeZone: 'UTC',
    });
    expect(stats.document.infobot.semantics).toEqual({ version: '8.3.1', source: 'api' });
    expect(stats.document.infobot.sources.version).toBe('api');
    const fields = Object.fromEntries(stats.cards.deployment.fields.map((f) => [f.label, f]));
    expect(fields.Version).toMatchObject({ value: '8.3.1', source: 'api' });
    expect(fields['Apps Engine Version']).toMatchObject({ value: info.info?.marketplaceApiVersion, source: 'api' });
    expect(fields['Commit Details']?.value).toBe(`HEAD: (${info.info?.commit?.hash?.slice(0, 9)})\nBranch: ${info.info?.commit?.branch}\n${info.info?.commit?.subject}`);
  });

  it("keeps the snapshot's full version when /api/info answers anonymously with another release line only", async () => {
    const anonymous = await fetchServerInfo({ url: emulator.url });
    expect(anonymous.info).toBeUndefined();
    expect(anonymous.version).toBe('8.3');
    const stats = await computeForTest({ db, serverInfo: async () => anonymous, licensePublicKey: ROCKETCHAT_LICENSE_PUBLIC_KEY, queryTimeoutMs: 20_000, concurrency: 4, now: DEFAULT_NOW, timeZone: 'UTC' });
    expect(stats.document.infobot.semantics).toEqual({ version: '8.3', source: 'api' });
  });

  it('is used by infobot stats when ROCKETCHAT_URL and credentials are set', async () => {
    const cli = await bundled('src/cli.ts');
    const run = await new Promise<{ code: number | null; stdout: string }>((done) => {
      const child = spawn(process.execPath, [cli, 'stats', '--card', 'deployment'], {
        cwd: root,
        env: { PATH: process.env.PATH, TZ: 'UTC', MONGO_URL: url, ROCKETCHAT_URL: emulator.url, ROCKETCHAT_USER: 'admin', ROCKETCHAT_PASSWORD: 'admin-pass-123' },
      });
      let stdout = '';
      child.stdout.on('data', (chunk) => {
        stdout += chunk;
      });
      child.on('close', (code) => done({ code, stdout }));
    });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Version\s+8\.3\.1 ²/);
    expect(run.stdout).toContain("² from Rocket.Chat's /api/info");
    expect(dbName).toBeTruthy();
  });

  it('rejects a wrong password in one line', async () => {
    await expect(fetchServerInfo({ url: emulator.url, user: 'admin', password: 'wrong' })).rejects.toThrow(/^Rocket.Chat answered 401 to \/api\/v1\/login/);
  });
});
