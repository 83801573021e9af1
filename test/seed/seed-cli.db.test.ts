/** `npm run seed`, run as a child process against the run's test database. */
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MongoClient } from 'mongodb';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { bundled } from '../support/bundle.js';
import { uniqueDbName } from '../support/db.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

async function runCli(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<Run> {
  const cli = await bundled('test/support/seed/seed-cli.ts');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, ...args], { cwd: root, env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('the seed command line', () => {
  const url = inject('mongoUrl');
  const client = new MongoClient(url);
  const dbName = uniqueDbName('seed_cli');
  afterAll(async () => {
    await client.db(dbName).dropDatabase().catch(() => {});
    await client.close();
  });

  it('seeds the named database and prints the documents it wrote per collection', async () => {
    const run = await runCli(['--url', url, '--db', dbName, '--size', 'tiny', '--seed', '3']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`^Seeded a tiny workspace \\(seed 3\\) into "${dbName}" .* in \\d+\\.\\d s: \\d+ documents`));
    const printed = new Map([...run.stdout.matchAll(/^ {2}(\S+)\s+(\d+)$/gm)].map((m) => [m[1], Number(m[2])]));
    expect(printed.size).toBeGreaterThan(20);
    const db = client.db(dbName);
    for (const [collection, count] of printed) expect((await db.collection(collection ?? '').find({}).toArray()).length, collection).toBe(count);
    expect(run.stdout).toContain('Accounts: admin / admin-pass-123, user / user-pass-123, infobot / bot-pass-123');
  });

  it('refuses to seed over that workspace without --drop, and starts clean with it', async () => {
    const again = await runCli(['--url', url, '--db', dbName, '--size', 'tiny']);
    expect(again.code).toBe(1);
    expect(again.stderr.trim().split('\n')).toHaveLength(1);
    expect(again.stderr).toMatch(/already holds \d+ users: .*--drop/);
    const dropped = await runCli(['--url', url, '--db', dbName, '--size', 'tiny', '--drop']);
    expect(dropped.code).toBe(0);
    expect((await client.db(dbName).collection('users').find({}).toArray()).length).toBe(30);
  });

  it('takes the URL from MONGO_URL when --url is absent', async () => {
    const other = uniqueDbName('seed_cli_env');
    const run = await runCli(['--db', other, '--size', 'tiny'], { ...process.env, MONGO_URL: url });
    await client.db(other).dropDatabase();
    expect(run.code).toBe(0);
  });

  it.each([
    ['a malformed URL', ['--url', 'not-a-url'], /is not a MongoDB URL/],
    ['an unreachable server', ['--url', 'mongodb://127.0.0.1:1/'], /cannot reach MongoDB at mongodb:\/\/127\.0\.0\.1:1\//],
    ['no URL at all', [], /no MongoDB URL: pass --url or set MONGO_URL/],
    ['an unknown size', ['--url', 'mongodb://127.0.0.1:1/', '--size', 'huge'], /unknown --size "huge": use one of tiny, small, medium, large/],
  ])('exits 1 with one clear line for %s', async (_case, args, message) => {
    const run = await runCli([...args, '--db', 'unused'], { ...process.env, MONGO_URL: '' });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(message);
  });
});
