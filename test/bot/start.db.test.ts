import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { commands } from '../../commands/index.js';
import { defineCommand } from '../../src/dispatch/command.js';
import type { BotServices } from '../../src/dispatch/services.js';
import { startEmulator } from '../emulator/index.js';
import { bundled } from '../support/bundle.js';
import { openFileDb, withDbName } from '../support/db.js';
import { RcUser } from '../support/rc-user.js';
import { seedWorkspace } from '../support/seed/index.js';
import { startWorld } from './support/world.js';

const root = join(import.meta.dirname, '../..');

/** `infobot start` as a real process, its JSON log lines collected. */
async function startProcess(env: Record<string, string>): Promise<{ child: ChildProcess; lines: Record<string, unknown>[]; stderr: () => string; exit: Promise<number | null> }> {
  const cli = await bundled('src/cli.ts');
  const child = spawn(process.execPath, [cli, 'start'], { cwd: root, env: { PATH: process.env.PATH ?? '', ...env } });
  const lines: Record<string, unknown>[] = [];
  let buffer = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    const parts = buffer.split('\n');
    buffer = parts.pop() ?? '';
    for (const part of parts) if (part.trim()) lines.push(JSON.parse(part));
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, lines, stderr: () => stderr, exit };
}

async function until(check: () => boolean, ms: number, what: string): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('infobot start', () => {
  test('a bad environment exits 2 before connecting, naming each variable and its fix', async () => {
    const run = await startProcess({ ROCKETCHAT_URL: 'chat.example.com', MONGO_URL: 'mongodb://db:27017' });
    expect(await run.exit).toBe(2);
    expect(run.stderr()).toContain('MONGO_URL: must name the database in its path');
    expect(run.stderr()).toContain('ROCKETCHAT_USER: is missing');
    expect(run.lines).toEqual([]);
  }, 30_000);

  describe('as a process, against the emulator', async () => {
    const t = await openFileDb('start_process');
    const seed = await seedWorkspace(t.db, { size: 'tiny' });
    const emulator = await startEmulator({ db: t.db });
    const storeDb = `${t.dbName}_bot`;
    afterAll(async () => {
      await emulator.stop();
      await t.client.db(storeDb).dropDatabase();
    });

    test('SIGTERM during a command: the reply is still delivered, then it exits 0; secrets never reach the log', async () => {
      const run = await startProcess({
        ROCKETCHAT_URL: emulator.url,
        ROCKETCHAT_USER: seed.accounts.bot.username,
        ROCKETCHAT_PASSWORD: seed.accounts.bot.password,
        MONGO_URL: t.url,
        INFOBOT_MONGO_URL: withDbName(t.serverUrl, storeDb),
        INFOBOT_DAILY: 'off',
        INFOBOT_ALERTS: 'off',
        LOG_LEVEL: 'debug',
      });
      try {
        await until(() => run.lines.some((l) => l.msg === 'infobot is listening'), 60_000, 'start');
        const admin = await RcUser.login(emulator.url, seed.accounts.admin.username, seed.accounts.admin.password);
        const room = await admin.watch(seed.adminRoom._id);
        await admin.send(seed.adminRoom._id, '/info usage');
        await until(() => run.lines.some((l) => l.msg === 'command received'), 10_000, 'the command reaching the bot');
        // Every call the bot makes now takes 0.4 s longer: the signal arrives while the command is in flight.
        emulator.faults.delayResponses(400);
        run.child.kill('SIGTERM');
        const reply = await room.next((m) => m.u.username === seed.accounts.bot.username && (m.attachments?.length ?? 0) > 0, 15_000);
        expect(reply.attachments?.[0]?.title).toBe('Usage');
        expect(await run.exit).toBe(0);
        expect(run.lines.map((l) => l.msg)).toEqual(expect.arrayContaining(['shutting down: no new commands, finishing the ones in flight', 'command answered', 'shut down cleanly']));
        const log = JSON.stringify(run.lines);
        expect(log).not.toContain(seed.accounts.bot.password);
        room.close();
        await admin.close();
      } finally {
        emulator.faults.delayResponses(0);
        run.child.kill('SIGKILL');
      }
    }, 120_000);
  });
});

describe('the start-up self-check', async () => {
  const t = await openFileDb('self_check');
  const needsPrivileged = defineCommand<BotServices>({
    name: 'info apply-test',
    summary: 'A command that needs a privileged permission of the bot',
    permission: 'none',
    usage: 'info apply-test',
    where: 'dm',
    botPermissions: ['edit-privileged-setting'],
    run: async () => ({ kind: 'text', text: 'ok' }),
  });

  test('logs exactly which permission the bot account lacks and which listed room it cannot see', async () => {
    const world = await startWorld(t, {
      env: { INFOBOT_ROOMS: 'infobot-admin,no-such-room' },
      deps: { commands: [...commands, needsPrivileged] },
      // A bot with the bot role only: no admin permissions.
      beforeBot: async (seed) => {
        await t.db.collection<{ _id: string; roles: string[] }>('users').updateOne({ _id: seed.accounts.bot._id }, { $set: { roles: ['bot'] } });
      },
    });
    try {
      const warnings = world.logs.filter((l) => l.level === 40).map((l) => l.msg);
      expect(warnings).toContainEqual(
        expect.stringMatching(
          /^bot account lacks Rocket\.Chat permission "edit-privileged-setting" \(needed by: (.+, )?info apply-test\): grant it to one of the bot's roles under Administration > Permissions$/,
        ),
      );
      expect(warnings).toContain('INFOBOT_ROOMS names "no-such-room", which the bot cannot see: create the room and invite the bot, or fix INFOBOT_ROOMS');
      expect(warnings.filter((w) => String(w).includes('lacks Rocket.Chat permission "view-d-room"'))).toEqual([]);
    } finally {
      await world.stop();
    }
  }, 120_000);
});
