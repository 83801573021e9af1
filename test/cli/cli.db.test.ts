/**
 * `infobot stats` and `infobot license check` as an operator runs them: child processes with their environment,
 * against a seeded workspace on the test database. Errors are one line on stderr with a non-zero exit, never a stack.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliRun, runInfobot } from '../support/cli-run.js';
import { openFileDb } from '../support/db.js';
import { generateLicenseKeys, makeLicenseV3, signLicenseV3 } from '../support/license-signer.js';
import { DEFAULT_NOW, seedWorkspace } from '../support/seed/index.js';
import { expectedInfoNumbers, readRawWorkspace } from '../stats/raw-expectations.js';


function expectOneCleanLine(run: CliRun): void {
  const lines = run.stderr.trim().split('\n');
  expect(lines[0]).toMatch(/^infobot: /);
  expect(run.stderr).not.toMatch(/\n\s+at /);
  expect(run.stderr).not.toContain('Error:');
}

describe('infobot stats', () => {
  let url: string;
  let expected: Record<string, number>;

  beforeAll(async () => {
    const t = await openFileDb('cli_stats');
    await seedWorkspace(t.db, { size: 'tiny', now: DEFAULT_NOW });
    url = t.url;
    expected = expectedInfoNumbers(await readRawWorkspace(t.db), '7.10.2');
  });

  it('prints the four cards with the Info page labels', async () => {
    const run = await runInfobot(['stats'], { MONGO_URL: url });
    expect(run.code).toBe(0);
    for (const title of ['Deployment [', 'License [', 'Usage [', 'Federation [']) expect(run.stdout).toContain(title);
    expect(run.stdout).toMatch(/Deployment ID\s+\S+/);
    expect(run.stdout).toMatch(new RegExp(`Activated Users\\s+${expected.activeUsers}\\n`));
    expect(run.stdout).toContain('Total Uploads Size');
  });

  it('prints one card with --card', async () => {
    const run = await runInfobot(['stats', '--card', 'usage'], { MONGO_URL: url });
    expect(run.code).toBe(0);
    expect(run.stdout.startsWith('Usage [')).toBe(true);
    expect(run.stdout).not.toContain('Deployment [');
  });

  it("prints statistics.json with --json (Rocket.Chat's keys, success: true) and where its values came from with --provenance", async () => {
    const provenance = runInfobot(['stats', '--provenance'], { MONGO_URL: url });
    const run = await runInfobot(['stats', '--json'], { MONGO_URL: url });
    expect(run.code).toBe(0);
    const doc = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(doc.totalUsers).toBe(expected.totalUsers);
    expect(doc.totalMessages).toBe(expected.totalMessages);
    expect(doc.success).toBe(true);
    expect(doc).not.toHaveProperty('infobot');
    expect(JSON.parse((await provenance).stdout).sources.totalUsers).toBe('live');
  });

  it('follows the semantics forced with --rc-version', async () => {
    // Both starts at once: two CLI start-ups in a row came close to the test's limit on the loaded CI machine.
    const [run, json] = await Promise.all([
      runInfobot(['stats', '--card', 'usage', '--rc-version', '6.3.0'], { MONGO_URL: url }),
      runInfobot(['stats', '--provenance', '--rc-version', '6.3.0'], { MONGO_URL: url }),
    ]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Types and Distribution');
    expect(run.stdout).toMatch(/Threads\s+\d+/);
    expect(JSON.parse(json.stdout).semantics).toEqual({ version: '6.3.0', source: 'override' });
  });

  it.each([
    [['stats', '--card', 'bogus'], /--card must be one of deployment, license, usage, federation/],
    [['stats', '--rc-version', 'latest'], /--rc-version must look like 7.10.2/],
    [['stats', '--verbose'], /unknown option --verbose/],
  ])('refuses %j with the reason and the usage (exit 2)', async (args, reason) => {
    const run = await runInfobot(args, { MONGO_URL: url });
    expect(run.code).toBe(2);
    expectOneCleanLine(run);
    expect(run.stderr).toMatch(reason);
    expect(run.stderr).toContain('usage: infobot stats');
  });

  it.each([
    ['a URL that is not MongoDB', 'http://localhost:27017/rocketchat', /MONGO_URL is not a MongoDB URL/],
    ['a URL without database', 'mongodb://localhost:27017/', /MONGO_URL names no database/],
    ['no URL', undefined, /MONGO_URL is not set/],
  ])('explains %s in one line (exit 2)', async (_what, mongoUrl, message) => {
    const run = await runInfobot(['stats'], { MONGO_URL: mongoUrl });
    expect(run.code).toBe(2);
    expectOneCleanLine(run);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(message);
  });

  it('says in one line, within seconds, that an unreachable database cannot be reached (exit 1)', async () => {
    const run = await runInfobot(['stats'], { MONGO_URL: 'mongodb://127.0.0.1:9/rocketchat' });
    expect(run.code).toBe(1);
    expectOneCleanLine(run);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/Cannot reach Rocket.Chat's MongoDB at 127.0.0.1:9 .* check MONGO_URL/);
    expect(run.ms).toBeLessThan(15_000);
  });

  it('says in one line that ROCKETCHAT_URL does not answer (exit 1)', async () => {
    const run = await runInfobot(['stats'], { MONGO_URL: url, ROCKETCHAT_URL: 'http://127.0.0.1:9' });
    expect(run.code).toBe(1);
    expectOneCleanLine(run);
    expect(run.stderr).toMatch(/Rocket.Chat at http:\/\/127.0.0.1:9 did not answer .*check ROCKETCHAT_URL/);
  });
});

describe('infobot license check', () => {
  const keys = generateLicenseKeys();
  const dir = mkdtempSync(join(tmpdir(), 'infobot-cli-license-'));
  const keyFile = join(dir, 'key.pem');
  writeFileSync(keyFile, keys.publicKeyPem);
  const file = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };
  const valid = signLicenseV3(makeLicenseV3({}, new Date()), keys.privateKeyPem);
  const expired = signLicenseV3(
    makeLicenseV3({ validation: { validPeriods: [{ validUntil: new Date(Date.now() - 86_400_000).toISOString(), invalidBehavior: 'invalidate_license' }] } }),
    keys.privateKeyPem,
  );
  const fewSeats = signLicenseV3(makeLicenseV3({ limits: { activeUsers: [{ max: 3, behavior: 'prevent_action' }] } }), keys.privateKeyPem);
  const fewSeatsOrInvalid = signLicenseV3(makeLicenseV3({ limits: { activeUsers: [{ max: 3, behavior: 'invalidate_license' }] } }), keys.privateKeyPem);
  const env = { INFOBOT_LICENSE_PUBLIC_KEY: keyFile };
  let url: string;
  let activeUsers: number;

  beforeAll(async () => {
    const t = await openFileDb('cli_license');
    await seedWorkspace(t.db, { size: 'tiny', now: DEFAULT_NOW });
    url = t.url;
    activeUsers = expectedInfoNumbers(await readRawWorkspace(t.db), '7.10.2').activeUsers as number;
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints the verdict of a valid license as JSON and exits 0', async () => {
    const run = await runInfobot(['license', 'check', file('valid.txt', valid), '--site-url', 'http://localhost:3000'], env);
    expect(run.code).toBe(0);
    const verdict = JSON.parse(run.stdout);
    expect(verdict).toMatchObject({ valid: true, reasons: [], version: 3, tags: [{ name: 'Premium' }] });
    expect(Object.keys(verdict)).toEqual(expect.arrayContaining(['valid', 'reasons', 'version', 'tags', 'modules', 'limits', 'validFrom', 'validUntil', 'serverUrls']));
  });

  it('reads the license from standard input with -', async () => {
    const run = await runInfobot(['license', 'check', '-', '--site-url', 'http://localhost:3000'], env, `${valid}\n`);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).valid).toBe(true);
  });

  it('exits 1 with the reason code for an invalid license, and never prints the license', async () => {
    const run = await runInfobot(['license', 'check', file('expired.txt', expired), '--site-url', 'https://chat.example.com'], env);
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout).reasons.map((r: { code: string }) => r.code)).toEqual(['period', 'url']);
    expect(run.stdout + run.stderr).not.toContain(expired.slice(5, 60));
  });

  it('judges seats and URL against the workspace when MONGO_URL is set: over a prevent_action limit it stays valid, new users blocked', async () => {
    const [run, flagged] = await Promise.all([
      runInfobot(['license', 'check', file('seats.txt', fewSeats)], { ...env, MONGO_URL: url }),
      runInfobot(['license', 'check', file('seats.txt', fewSeats), '--active-users', '2'], { ...env, MONGO_URL: url }),
    ]);
    expect(run.code).toBe(0);
    const verdict = JSON.parse(run.stdout);
    expect(verdict).toMatchObject({ status: 'valid', valid: true, reasons: [] });
    expect(verdict.warnings.map((w: { message: string }) => w.message).join(' ')).toContain('new users are blocked');
    expect(verdict.limits).toEqual([{ kind: 'activeUsers', max: 3, behavior: 'prevent_action', value: activeUsers, reached: true }]);
    expect(flagged.code).toBe(0);
    expect(JSON.parse(flagged.stdout).warnings).toEqual([]);
  });

  it('exits 1 when the seats exceed an invalidate_license limit', async () => {
    const run = await runInfobot(['license', 'check', file('seats-invalid.txt', fewSeatsOrInvalid)], { ...env, MONGO_URL: url });
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout).reasons.map((r: { code: string }) => r.code)).toEqual(['limit']);
  });

  it('reports garbage and an empty license with their codes', async () => {
    const [garbage, empty] = await Promise.all([
      runInfobot(['license', 'check', '-', '--site-url', 'http://localhost:3000'], env, 'not a license'),
      runInfobot(['license', 'check', '-', '--site-url', 'http://localhost:3000'], env, '\n'),
    ]);
    expect(garbage.code).toBe(1);
    expect(JSON.parse(garbage.stdout).reasons[0].code).toBe('format');
    expect(JSON.parse(empty.stdout).reasons[0].code).toBe('empty');
  });

  it.each([
    [['license', 'check', 'valid.txt'], {}, /without the workspace's site URL: pass --site-url URL or set MONGO_URL/],
    [['license', 'check', '/nonexistent/license.txt', '--site-url', 'http://localhost:3000'], {}, /cannot read the license file/],
    [['license', 'check', '-', '--active-users', 'many', '--site-url', 'http://localhost:3000'], {}, /--active-users must be a whole number/],
    [['license', 'check', '-'], { MONGO_URL: 'mongodb://127.0.0.1:9/rocketchat' }, /Cannot reach Rocket.Chat's MongoDB/],
    [['license', 'check', '-', '--site-url', 'http://localhost:3000'], { INFOBOT_LICENSE_PUBLIC_KEY: '/nonexistent.pem' }, /INFOBOT_LICENSE_PUBLIC_KEY is neither PEM text nor a readable file/],
  ])('cannot judge %j: one line, exit 2', async (args, extraEnv, message) => {
    const run = await runInfobot(args, { ...env, ...extraEnv }, valid);
    expect(run.code).toBe(2);
    expectOneCleanLine(run);
    expect(run.stderr).toMatch(message);
    expect(run.stdout).toBe('');
  });

  it('answers an unknown command with the usage (exit 2)', async () => {
    const run = await runInfobot(['licence'], {});
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('unknown command "licence"');
    expect(run.stderr).toContain('infobot license check [FILE|-]');
  });
});
