/**
 * `npm run bench:faults`: the bot's wall-clock promises under each of the emulator's faults (test/emulator/index.ts),
 * with production timings (the link's defaults, the 1 s placeholder delay). The tests prove the behaviour with injected
 * timings; this measures the figures, on whatever machine runs it.
 *   recovery: from the fault (or, for a fault that lasts, from the server behaving again) to the bot's first answer
 *             posted, as the dispatcher reports it ("handled"); promise ≤ 15 s.
 *   error card: with Rocket.Chat's database stopped, from a command to the error card posted; promise ≤ 5 s.
 *   placeholder: from a user's command to "⏳ Computing…" arriving on the room's stream while the statistics take
 *             3 s; promise: posted once the answer has taken 1 s (seen within 1.5 s).
 * Prints a table (median and worst of N runs per fault), then one JSON line. Options: --runs N (default 3),
 * --engine memory|ferretdb.
 */
import { MongoClient } from 'mongodb';
import yargsParser from 'yargs-parser';
import type { LinkState } from '../../src/chat/link.js';
import { loadConfig } from '../../src/config.js';
import type { DispatchEvent } from '../../src/dispatch/events.js';
import { createLogger } from '../../src/log.js';
import { startBot } from '../../src/main.js';
import { createStatsService } from '../../src/stats/create-service.js';
import { startTcpProxy } from '../bot/support/tcp-proxy.js';
import { startEmulator } from '../emulator/index.js';
import { withDbName } from '../support/db.js';
import { RcUser } from '../support/rc-user.js';
import { seedWorkspace } from '../support/seed/index.js';
import { type Engine, startTestDb } from '../support/test-db.js';

const args = yargsParser(process.argv.slice(2), { string: ['engine'], number: ['runs'] });
const runs = Math.max(1, Number(args.runs ?? 3));
const engine = (args.engine ?? 'memory') as Engine;

const RECOVERY_PROMISE_MS = 15_000;
const PLACEHOLDER_SEEN_MS = 1_500;
const ERROR_CARD_MS = 5_000;
/** How long a lasting fault (refused resumes, a REST outage) stays on before the server behaves again. */
const LASTING_FAULT_MS = 3_000;
const SLOW_STATS_MS = 3_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] ?? Number.NaN) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
};

const testDb = await startTestDb(engine);
const dbName = `bench_faults_${Date.now()}`;
const client = await MongoClient.connect(testDb.url);
try {
  const db = client.db(dbName);
  process.stdout.write(`seeding a tiny workspace (${testDb.engine})…\n`);
  const seed = await seedWorkspace(db, { size: 'tiny' });
  const emulator = await startEmulator({ db });
  // Rocket.Chat's database reaches the bot through a proxy the bench can stop (the emulator keeps its own connection).
  const server = new URL(testDb.url.replace(/^mongodb:/, 'http:'));
  const proxy = await startTcpProxy({ host: server.hostname, port: Number(server.port || 27017) });
  const config = loadConfig({
    ROCKETCHAT_URL: emulator.url,
    ROCKETCHAT_USER: seed.accounts.bot.username,
    ROCKETCHAT_PASSWORD: seed.accounts.bot.password,
    MONGO_URL: withDbName(proxy.rewrite(testDb.url), dbName),
    INFOBOT_MONGO_URL: withDbName(testDb.url, `${dbName}_bot`),
    INFOBOT_DAILY: 'off',
    LOG_LEVEL: 'error',
  });
  let statsDelayMs = 0;
  const bot = await startBot(config, {
    // The faults make the link warn on purpose; only errors would be news here, and they go to stderr so that stdout
    // holds the progress and the table alone (the "database stopped" fault logs its expected errors).
    log: createLogger('error', process.stderr),
    // Production timings everywhere; only the statistics can be slowed, for the placeholder.
    createStats: (rcDb, _config, log, chat) => {
      const real = createStatsService({ db: rcDb.db, log, serverInfo: () => chat.serverInfo() });
      return {
        async get(parts, options) {
          if (statsDelayMs > 0) await sleep(statsDelayMs);
          return real.get(parts, options);
        },
      };
    },
  });

  const decisions: (DispatchEvent & { at: number })[] = [];
  bot.dispatcher.onEvent((event) => decisions.push({ ...event, at: performance.now() }));
  const states: { state: LinkState; at: number }[] = [];
  bot.link.onStateChange((state) => states.push({ state, at: performance.now() }));

  const admin = await RcUser.login(emulator.url, seed.accounts.admin.username, seed.accounts.admin.password);
  const roomId = seed.adminRoom._id;
  const botId = seed.accounts.bot._id;

  async function until(condition: () => boolean, what: string, timeoutMs = 120_000): Promise<void> {
    const deadline = performance.now() + timeoutMs;
    while (!condition()) {
      if (performance.now() > deadline) throw new Error(`gave up waiting for ${what}`);
      await sleep(20);
    }
  }

  /** Sends /info usage until the bot answers one (a command sent while it is away is lost, as in Rocket.Chat); returns when. */
  async function firstAnswer(): Promise<number> {
    for (;;) {
      const sent = await admin.send(roomId, '/info usage').catch(() => undefined);
      if (sent) {
        try {
          await until(() => decisions.some((d) => d.messageId === sent._id), 'a decision', 20_000);
          const decision = decisions.find((d) => d.messageId === sent._id);
          if (decision?.kind === 'handled') return decision.at;
        } catch {
          // Not seen (the bot was away when it was sent): send another.
        }
      }
      await sleep(100);
    }
  }

  /** Waits until the link went down after `from` and is online again. */
  const downAndBack = (from: number) =>
    until(() => {
      const down = states.findIndex((s, i) => i >= from && s.state !== 'online');
      return down >= 0 && states.slice(down).some((s) => s.state === 'online');
    }, 'the link to go down and come back');

  /** Each scenario returns the milliseconds of one run. */
  const scenarios: { fault: string; promise: string; limitMs: number; run(): Promise<number> }[] = [
    {
      fault: 'dropped sockets (1006)',
      promise: 'answer ≤ 15 s',
      limitMs: RECOVERY_PROMISE_MS,
      async run() {
        const from = states.length;
        const t0 = performance.now();
        emulator.faults.dropSockets();
        await downAndBack(from);
        return (await firstAnswer()) - t0;
      },
    },
    {
      fault: 'clean close (1000)',
      promise: 'answer ≤ 15 s',
      limitMs: RECOVERY_PROMISE_MS,
      async run() {
        const from = states.length;
        const t0 = performance.now();
        emulator.faults.closeSockets(1000);
        await downAndBack(from);
        return (await firstAnswer()) - t0;
      },
    },
    {
      fault: 'server restart',
      promise: 'answer ≤ 15 s',
      limitMs: RECOVERY_PROMISE_MS,
      async run() {
        const from = states.length;
        const t0 = performance.now();
        await emulator.restart();
        await downAndBack(from);
        return (await firstAnswer()) - t0;
      },
    },
    {
      fault: `resumes refused ${LASTING_FAULT_MS / 1000} s`,
      promise: 'answer ≤ 15 s after',
      limitMs: RECOVERY_PROMISE_MS,
      async run() {
        const from = states.length;
        emulator.faults.rejectResumes(true);
        emulator.faults.dropSockets();
        await sleep(LASTING_FAULT_MS);
        emulator.faults.rejectResumes(false);
        const t0 = performance.now();
        await downAndBack(from);
        return (await firstAnswer()) - t0;
      },
    },
    {
      fault: 'pings unanswered',
      promise: 'answer ≤ 15 s after',
      limitMs: RECOVERY_PROMISE_MS,
      async run() {
        const from = states.length;
        emulator.faults.ignorePings(true);
        await until(() => states.slice(from).some((s) => s.state === 'reconnecting'), 'the silence to be noticed');
        emulator.faults.ignorePings(false);
        const t0 = performance.now();
        await downAndBack(from);
        return (await firstAnswer()) - t0;
      },
    },
    {
      fault: 'responses 2 s late',
      promise: 'answer ≤ 15 s',
      limitMs: RECOVERY_PROMISE_MS,
      async run() {
        emulator.faults.delayResponses(2_000);
        try {
          const t0 = performance.now();
          return (await firstAnswer()) - t0;
        } finally {
          emulator.faults.delayResponses(0);
        }
      },
    },
    {
      fault: `REST 503 for ${LASTING_FAULT_MS / 1000} s`,
      promise: 'answer ≤ 15 s after',
      limitMs: RECOVERY_PROMISE_MS,
      async run() {
        emulator.faults.failRest(/^\/api\/v1\/chat\./, 503);
        await sleep(LASTING_FAULT_MS);
        emulator.faults.failRest(null);
        const t0 = performance.now();
        return (await firstAnswer()) - t0;
      },
    },
    {
      fault: "Rocket.Chat's database stopped",
      promise: 'error card ≤ 5 s',
      limitMs: ERROR_CARD_MS,
      async run() {
        await proxy.stop();
        try {
          const t0 = performance.now();
          const sent = await admin.send(roomId, '/info refresh');
          await until(() => decisions.some((d) => d.messageId === sent._id), 'the error card');
          const decision = decisions.find((d) => d.messageId === sent._id);
          if (decision?.kind !== 'failed') throw new Error(`expected an error card, the bot decided ${decision?.kind}`);
          return decision.at - t0;
        } finally {
          await proxy.resume();
        }
      },
    },
    {
      fault: `statistics take ${SLOW_STATS_MS / 1000} s`,
      promise: 'placeholder seen ≤ 1.5 s',
      limitMs: PLACEHOLDER_SEEN_MS,
      async run() {
        const watch = await admin.watch(roomId);
        statsDelayMs = SLOW_STATS_MS;
        try {
          const known = new Set(watch.messages.map((m) => m._id));
          const t0 = performance.now();
          const sent = await admin.send(roomId, '/info refresh');
          const placeholder = await watch.next((m) => m.u._id === botId && !known.has(m._id), 30_000);
          const seen = performance.now() - t0;
          if (!placeholder.msg.startsWith('⏳')) throw new Error(`the first message was not the placeholder: ${placeholder.msg}`);
          await until(() => decisions.some((d) => d.messageId === sent._id), 'the answer');
          return seen;
        } finally {
          statsDelayMs = 0;
          watch.close();
        }
      },
    },
  ];

  await firstAnswer(); // warm: the first answer computes the statistics once
  const rows: { fault: string; promise: string; medianMs: number; worstMs: number; met: boolean; samples: number[] }[] = [];
  for (const scenario of scenarios) {
    const samples: number[] = [];
    for (let i = 0; i < runs; i++) {
      samples.push(Math.round(await scenario.run()));
      // Let the link settle between runs so one run's reconnect is not the next one's.
      await until(() => bot.link.state() === 'online', 'the link online');
    }
    const worst = Math.max(...samples);
    rows.push({ fault: scenario.fault, promise: scenario.promise, medianMs: Math.round(median(samples)), worstMs: worst, met: worst <= scenario.limitMs, samples });
    process.stdout.write(`  ${scenario.fault}: ${samples.join(', ')} ms\n`);
  }

  const secs = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  const header = ['fault', `median of ${runs}`, 'worst', 'promise', 'met'];
  const table = [header, ...rows.map((r) => [r.fault, secs(r.medianMs), secs(r.worstMs), r.promise, r.met ? 'yes' : 'NO'])];
  const widths = header.map((_, c) => Math.max(...table.map((row) => String(row[c]).length)));
  const line = (row: string[]) => `| ${row.map((cell, c) => cell.padEnd(widths[c] ?? 0)).join(' | ')} |`;
  process.stdout.write(
    [
      `Faults, ${testDb.engine}, tiny workspace, production timings, ${runs} runs each`,
      line(header),
      `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`,
      ...table.slice(1).map(line),
      JSON.stringify({ bench: 'faults', engine: testDb.engine, runs, rows }),
      '',
    ].join('\n'),
  );
  await admin.close();
  await bot.stop();
  await emulator.stop();
  await proxy.close();
  await client.db(`${dbName}_bot`).dropDatabase();
  await db.dropDatabase();
} finally {
  await client.close();
  await testDb.stop();
}
