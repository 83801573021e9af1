/**
 * `npm run bench:chat`: the round trip of `/info` in chat, measured as a user sees it: from the user's
 * chat.sendMessage to the arrival of the bot's cards on the room's stream. The world is the sandbox's:
 * a test database, a seeded workspace (small by default), the emulator, the real bot.
 *   warm: `/info` answered from the statistics cache;  cold: `/info refresh`, a full computation each time.
 * Each round trip is also split: the bot's share (from the message reaching its dispatcher to its call sending the
 * cards) and the rest (Rocket.Chat, here the emulator in the same process: taking the message, delivering it to the
 * bot, taking the answer and delivering it to the user). No rate limit applies: the runs exceed a person's pace.
 * Prints the figures, then one JSON line. Options: --size tiny|small|medium|large, --runs N, --engine memory|ferretdb
 * (MONGO_URL points it at a real MongoDB instead).
 */
import { loadavg } from 'node:os';
import { MongoClient } from 'mongodb';
import yargsParser from 'yargs-parser';
import { loadConfig } from '../../src/config.js';
import { createBrakes } from '../../src/dispatch/brakes.js';
import { createLogger } from '../../src/log.js';
import { startBot } from '../../src/main.js';
import { startEmulator } from '../emulator/index.js';
import { withDbName } from '../support/db.js';
import { type Message, RcUser, type RoomWatch } from '../support/rc-user.js';
import { type SeedSize, seedWorkspace } from '../support/seed/index.js';
import { type Engine, startTestDb } from '../support/test-db.js';

const args = yargsParser(process.argv.slice(2), { string: ['size', 'engine'], number: ['runs'] });
const size = (args.size ?? 'small') as SeedSize;
const runs = Math.max(1, Number(args.runs ?? 20));
const engine = (args.engine ?? 'memory') as Engine;

function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

const round = (ms: number) => Math.round(ms * 10) / 10;

/** When the current command reached the bot's dispatcher and when the bot first sent its cards for it. */
const botSide: { command?: string; in?: number; out?: number } = {};

/** One command's round trip and the bot's share of it, in ms. */
async function roundTrip(user: RcUser, watch: RoomWatch, roomId: string, botId: string, text: string): Promise<{ total: number; bot: number }> {
  const known = new Set(watch.messages.map((m) => m._id));
  botSide.command = text;
  botSide.in = undefined;
  botSide.out = undefined;
  const started = performance.now();
  await user.send(roomId, text);
  await watch.next((m: Message) => m.u._id === botId && !known.has(m._id) && (m.attachments?.length ?? 0) >= 4, 120_000);
  const total = performance.now() - started;
  return { total, bot: botSide.in !== undefined && botSide.out !== undefined ? botSide.out - botSide.in : Number.NaN };
}

const testDb = await startTestDb(engine);
const dbName = `bench_chat_${Date.now()}`;
const client = await MongoClient.connect(testDb.url);
try {
  const db = client.db(dbName);
  process.stdout.write(`seeding a ${size} workspace (${testDb.engine})…\n`);
  const seed = await seedWorkspace(db, { size });
  const emulator = await startEmulator({ db });
  const config = loadConfig({
    ROCKETCHAT_URL: emulator.url,
    ROCKETCHAT_USER: seed.accounts.bot.username,
    ROCKETCHAT_PASSWORD: seed.accounts.bot.password,
    MONGO_URL: withDbName(testDb.url, dbName),
    INFOBOT_MONGO_URL: withDbName(testDb.url, `${dbName}_bot`),
    INFOBOT_DAILY: 'off',
    INFOBOT_ALERTS: 'off',
    LOG_LEVEL: 'warn',
    INFOBOT_HTTP_PORT: '0',
  });
  const unlimited = { max: Number.MAX_SAFE_INTEGER, windowMs: 60_000 };
  const bot = await startBot(config, { log: createLogger('warn'), brakes: createBrakes({ user: unlimited, room: unlimited }) });
  const { dispatcher, chat } = bot;
  const handle = dispatcher.handle.bind(dispatcher);
  dispatcher.handle = (message) => {
    // Only the command itself: the bot also hears its own answers, some after the next command was sent.
    if (message.text === botSide.command && message.sender.id !== seed.accounts.bot._id) botSide.in ??= performance.now();
    handle(message);
  };
  // The answer leaves the bot as a new message, or as the edit of its "computing…" placeholder after a second.
  const answered = (message: { attachments?: unknown[] }) => {
    if (botSide.in !== undefined && (message.attachments?.length ?? 0) > 0) botSide.out ??= performance.now();
  };
  const { sendMessage, updateMessage } = chat;
  chat.sendMessage = (rid, message) => {
    answered(message);
    return sendMessage.call(chat, rid, message);
  };
  chat.updateMessage = (rid, id, message) => {
    answered(message);
    return updateMessage.call(chat, rid, id, message);
  };
  const admin = await RcUser.login(emulator.url, seed.accounts.admin.username, seed.accounts.admin.password);
  const roomId = seed.adminRoom._id;
  const watch = await admin.watch(roomId);
  const botId = seed.accounts.bot._id;

  const first = (await roundTrip(admin, watch, roomId, botId, '/info')).total;
  const cold: { total: number; bot: number }[] = [];
  const warm: { total: number; bot: number }[] = [];
  for (let i = 0; i < runs; i++) cold.push(await roundTrip(admin, watch, roomId, botId, '/info refresh'));
  for (let i = 0; i < runs; i++) warm.push(await roundTrip(admin, watch, roomId, botId, '/info'));
  const figures = (samples: { total: number; bot: number }[]) => {
    const totals = samples.map((s) => s.total);
    const bots = samples.map((s) => s.bot);
    return { p50Ms: round(percentile(totals, 50)), p95Ms: round(percentile(totals, 95)), botP50Ms: round(percentile(bots, 50)), botP95Ms: round(percentile(bots, 95)) };
  };

  const result = {
    bench: 'chat',
    size,
    engine: testDb.engine,
    runs,
    firstColdMs: round(first),
    cold: figures(cold),
    warm: figures(warm),
    loadAverage: loadavg().map((l) => Math.round(l * 100) / 100),
  };
  process.stdout.write(
    [
      `/info round trip, ${size} workspace, ${testDb.engine}, ${runs} runs each, load average ${result.loadAverage.join(' ')}`,
      `  first answer after start: ${result.firstColdMs} ms`,
      `  cold (/info refresh): p50 ${result.cold.p50Ms} ms, p95 ${result.cold.p95Ms} ms; in the bot p50 ${result.cold.botP50Ms} ms, p95 ${result.cold.botP95Ms} ms`,
      `  warm (/info, cached):  p50 ${result.warm.p50Ms} ms, p95 ${result.warm.p95Ms} ms; in the bot p50 ${result.warm.botP50Ms} ms, p95 ${result.warm.botP95Ms} ms`,
      JSON.stringify(result),
      '',
    ].join('\n'),
  );
  watch.close();
  await admin.close();
  await bot.stop();
  await emulator.stop();
  await client.db(`${dbName}_bot`).dropDatabase();
  await db.dropDatabase();
} finally {
  await client.close();
  await testDb.stop();
}
