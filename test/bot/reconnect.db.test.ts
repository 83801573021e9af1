/**
 * The link survives each of the emulator's faults: it goes down, comes back by itself, and the bot answers once.
 * Timings are the tests' (TEST_LINK_TIMING: short backoff and heartbeat) and every wait is on the link's own state
 * changes or log lines, so a loaded machine makes the test slower, never red. The production promise (back and
 * answering within 15 s with the default timings) is measured by `npm run bench:faults`.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { LinkState } from '../../src/chat/link.js';
import { openFileDb } from '../support/db.js';
import { added, messagesBy, summary } from './support/decisions.js';
import { ask, startWorld, type World } from './support/world.js';

const t = await openFileDb();
let world: World;

/** Every state the link went through, and waits on them. */
const states: LinkState[] = [];
const stateWaiters = new Set<() => void>();

beforeAll(async () => {
  world = await startWorld(t);
  world.bot.link.onStateChange((state) => {
    states.push(state);
    for (const check of [...stateWaiters]) check();
  });
}, 120_000);
afterAll(async () => world?.stop());

/** Resolves when the link reaches `state` after position `from` of the record (rejects after a generous bound). */
function reaches(state: LinkState, from: number, timeoutMs = 25_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      stateWaiters.delete(check);
      reject(new Error(`the link did not become ${state}; states since: ${states.slice(from).join(' → ')}`));
    }, timeoutMs);
    const check = () => {
      if (!states.slice(from).includes(state)) return;
      clearTimeout(timer);
      stateWaiters.delete(check);
      resolve();
    };
    stateWaiters.add(check);
    check();
  });
}

/** The link went down after `from` and is online again after that. */
async function downAndBack(from: number): Promise<void> {
  await reaches('reconnecting', from);
  await reaches('online', states.indexOf('reconnecting', from));
}

async function answersExactlyOnce(): Promise<void> {
  // The fault closed the test user's socket too.
  await world.rewatch();
  const roomId = world.seed.adminRoom._id;
  const known = await messagesBy(t.db, roomId, world.seed.accounts.bot._id);
  const mark = world.decisions.mark();
  const { sent, answer } = await ask(world, world.admin, roomId, '/info usage', { done: (m) => (m.attachments?.length ?? 0) > 0 });
  expect((await world.decisions.about(mark, sent._id)).map(summary)).toEqual(['handled info usage']);
  expect(added(known, await messagesBy(t.db, roomId, world.seed.accounts.bot._id))).toEqual([answer._id]);
}

describe('the connection survives Rocket.Chat’s faults', () => {
  test('a dropped socket (1006): back by itself, answers once', async () => {
    const from = states.length;
    world.emulator.faults.dropSockets();
    await downAndBack(from);
    await answersExactlyOnce();
  });

  test('a clean close with code 1000 (which the SDK never retries): back by itself, answers once', async () => {
    const from = states.length;
    world.emulator.faults.closeSockets(1000);
    await downAndBack(from);
    await answersExactlyOnce();
  });

  test('a server restart: back by itself, answers once', async () => {
    const from = states.length;
    await world.emulator.restart();
    await downAndBack(from);
    await answersExactlyOnce();
  });

  test('rejected resumes while reconnecting do not crash it; back once the server accepts again', async () => {
    const from = states.length;
    const logFrom = world.logs.length;
    world.emulator.faults.rejectResumes(true);
    try {
      world.emulator.faults.dropSockets();
      await world.untilLogged('DDP login (resume) was refused', { from: logFrom });
      expect(world.bot.link.state()).toBe('reconnecting');
    } finally {
      world.emulator.faults.rejectResumes(false);
    }
    await downAndBack(from);
    await answersExactlyOnce();
  });

  test('lost pings: the silence is noticed, and it is back once the server answers again', async () => {
    const from = states.length;
    const logFrom = world.logs.length;
    world.emulator.faults.ignorePings(true);
    try {
      await world.untilLogged('no answer to ping', { from: logFrom });
      await reaches('reconnecting', from);
    } finally {
      world.emulator.faults.ignorePings(false);
    }
    await downAndBack(from);
    await answersExactlyOnce();
  });
});
