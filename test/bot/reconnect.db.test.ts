import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { LinkState } from '../../src/chat/link.js';
import { openFileDb } from '../support/db.js';
import { answersAfter, ask, settle, startWorld, type World } from './support/world.js';

const t = await openFileDb();
let world: World;
const states: { state: LinkState; at: number }[] = [];
beforeAll(async () => {
  // Production timing: the 15 s promise must hold with the defaults, not with test-shortened ones.
  world = await startWorld(t, { deps: { linkTiming: {} } });
  world.bot.link.onStateChange((state) => states.push({ state, at: Date.now() }));
}, 120_000);
afterAll(async () => world?.stop());

/** Resolves when the link has gone down after `since` and is online again; rejects after `ms`. */
async function backOnline(since: number, ms: number): Promise<number> {
  const deadline = since + ms;
  while (Date.now() < deadline) {
    const down = states.find((s) => s.at >= since && s.state !== 'online');
    if (down && world.bot.link.state() === 'online') return Date.now() - since;
    await settle(50);
  }
  throw new Error(`the bot was not back online within ${ms} ms`);
}

async function answersExactlyOnce(): Promise<void> {
  // The fault closed the test user's socket too.
  await world.rewatch();
  const { known } = await ask(world, world.admin, world.seed.adminRoom._id, '/info usage', { done: (m) => (m.attachments?.length ?? 0) > 0 });
  await settle(1_500);
  expect(answersAfter(world.room, world.seed.accounts.bot._id, known)).toHaveLength(1);
}

describe('the connection survives Rocket.Chat’s faults', () => {
  test('a dropped socket (1006): back within 15 s, answers once', async () => {
    const since = Date.now();
    world.emulator.faults.dropSockets();
    await backOnline(since, 15_000);
    await answersExactlyOnce();
  });

  test('a clean close with code 1000 (which the SDK never retries): back within 15 s, answers once', async () => {
    const since = Date.now();
    world.emulator.faults.closeSockets(1000);
    await backOnline(since, 15_000);
    await answersExactlyOnce();
  });

  test('a server restart: back within 15 s, answers once', async () => {
    const since = Date.now();
    await world.emulator.restart();
    await backOnline(since, 15_000);
    await answersExactlyOnce();
  });

  test('rejected resumes while reconnecting do not crash it; back within 15 s of the server accepting again', async () => {
    world.emulator.faults.rejectResumes(true);
    world.emulator.faults.dropSockets();
    await settle(4_000);
    expect(world.bot.link.state()).toBe('reconnecting');
    const since = Date.now();
    world.emulator.faults.rejectResumes(false);
    while (world.bot.link.state() !== 'online') {
      expect(Date.now() - since).toBeLessThan(15_000);
      await settle(50);
    }
    await answersExactlyOnce();
    expect(world.rawLog()).toContain('DDP login (resume) was refused');
  });

  test('lost pings: the silence is noticed, and it is back within 15 s of the server answering again', async () => {
    const since = Date.now();
    world.emulator.faults.ignorePings(true);
    while (!states.some((s) => s.at >= since && s.state === 'reconnecting')) {
      expect(Date.now() - since).toBeLessThan(15_000);
      await settle(50);
    }
    const answering = Date.now();
    world.emulator.faults.ignorePings(false);
    await backOnline(since, Date.now() - since + 15_000);
    expect(Date.now() - answering).toBeLessThan(15_000);
    await answersExactlyOnce();
    expect(world.rawLog()).toContain('no answer to ping');
  });
});
