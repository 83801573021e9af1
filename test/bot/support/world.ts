/**
 * The bot's test world: a seeded Rocket.Chat workspace in the file's test database, the emulator serving it,
 * the real bot (in this process, real SDK, real driver) with its log captured, and two users who talk to it.
 * Optionally a TCP proxy between the bot and MongoDB, so a test can stop the database for the bot alone.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Writable } from 'node:stream';
import type { Db } from 'mongodb';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { type Config, loadConfig } from '../../../src/config.js';
import { createBrakes } from '../../../src/dispatch/brakes.js';
import { createLogger } from '../../../src/log.js';
import { type BotDeps, type RunningBot, startBot } from '../../../src/main.js';
import { type Emulator, startEmulator } from '../../emulator/index.js';
import { type FileDb, withDbName } from '../../support/db.js';
import { type Message, RcUser, type RoomWatch } from '../../support/rc-user.js';
import { type SeedResult, seedWorkspace } from '../../support/seed/index.js';
import { Decisions, messagesBy } from './decisions.js';
import { startTcpProxy, type TcpProxy } from './tcp-proxy.js';

/**
 * Brakes for a scripted session: a test file's admin sends dozens of commands a minute, which the production rate
 * (brakes.ts: 30 a minute per user) would rightly slow down. The brakes themselves are tested with their own rates
 * (test/security/brakes.db.test.ts).
 */
export function scriptedSessionBrakes() {
  return createBrakes({ user: { max: 100_000, windowMs: 60_000 }, room: { max: 100_000, windowMs: 60_000 } });
}

/** Options for one world. */
export interface WorldOptions {
  /**
   * Where the bot reads figures: `database` (MONGO_URL and INFOBOT_MONGO_URL, the default) or `rest` (REST-only mode:
   * no database URL at all, the bot's data in a fresh INFOBOT_DATA_DIR).
   */
  source?: BotSource;
  /** REST-only mode: the bot's own data in INFOBOT_MONGO_URL (a database on the test server) instead of a data file. */
  botDatabase?: boolean;
  /** Put a stoppable TCP proxy between the bot and MongoDB. */
  proxyDatabase?: boolean;
  /** Extra environment for the bot (INFOBOT_ROOMS, …). */
  env?: Record<string, string>;
  deps?: Partial<BotDeps>;
  /** The Rocket.Chat version the seeded workspace and the emulator claim; default the seed's and the emulator's. */
  rcVersion?: string;
  /** Changes the seeded workspace before the bot starts (e.g. the bot account's roles). */
  beforeBot?(seed: SeedResult): Promise<void>;
  /** The emulator saves Rocket.Chat's boot statistics snapshot (default true; see EmulatorOptions). */
  statisticsAtBoot?: boolean;
  /** stop() also drops the seeded workspace, so a suite's next mode seeds its own into the file's database. */
  dropWorkspace?: boolean;
}

/** The bot's two modes, for suites that run in both. */
export type BotSource = 'database' | 'rest';
export const BOT_SOURCES: readonly BotSource[] = ['database', 'rest'];

/** A mode a suite runs the bot in, as `startWorld` takes it. */
export interface BotMode {
  source: BotSource;
  botDatabase?: boolean;
}

/**
 * The modes of suites whose features keep state in the bot's own database (license checks, the daily post): database
 * mode, and REST-only mode (no MONGO_URL) with INFOBOT_MONGO_URL. `describe.each` names them by `source`.
 */
export const STATEFUL_MODES: readonly BotMode[] = [{ source: 'database' }, { source: 'rest', botDatabase: true }];

/** STATEFUL_MODES and REST-only mode with only the data file under INFOBOT_DATA_DIR (one replica): every place the bot's data may be. */
export const OWN_DATA_MODES: readonly BotMode[] = [...STATEFUL_MODES, { source: 'rest' }];

/** Where a mode keeps the bot's own data: a MongoDB database, or the data file under INFOBOT_DATA_DIR. */
export const botDataOf = (mode: BotMode): 'database' | 'file' => (mode.source === 'database' || mode.botDatabase ? 'database' : 'file');

/** A running world; stop() tears everything down. */
export interface World {
  t: FileDb;
  emulator: Emulator;
  seed: SeedResult;
  config: Config;
  bot: RunningBot;
  admin: RcUser;
  user: RcUser;
  /** The admin's view of #infobot-admin. */
  room: RoomWatch;
  proxy?: TcpProxy;
  /** Every decision of the bot's dispatcher (and of any replica a test adds with `decisions.watch`). */
  decisions: Decisions;
  /** The bot's log lines, parsed. */
  logs: Record<string, unknown>[];
  /** Resolves once a log line written after line `from` (default: now) contains `text`; rejects after `timeoutMs`. */
  untilLogged(text: string, options?: { from?: number; timeoutMs?: number }): Promise<void>;
  /** Stops the bot and starts it again with these dependencies changed (e.g. another placeholder delay). */
  restartBot(deps: Partial<BotDeps>): Promise<void>;
  /** The bot's log as raw text (for "never appears in the log" checks). */
  rawLog(): string;
  /** Opens the admin's watch again after a fault closed every socket, the test's own included. */
  rewatch(): Promise<void>;
  stop(): Promise<void>;
}

/** The log lines a test reads back; `onLine` hears each as it is written. */
function captureLog(lines: string[], onLine: () => void): Writable {
  return {
    write: (line: string) => {
      lines.push(line);
      onLine();
    },
  } as unknown as Writable;
}

/** Timing that keeps tests short without changing behaviour: fast reconnects, quick heartbeat. */
export const TEST_LINK_TIMING = { heartbeatMs: 2_000, backoffInitialMs: 100, backoffMaxMs: 2_000, connectMs: 5_000, loginMs: 5_000, subscribeMs: 5_000 };

/** Seeds, starts the emulator and the bot, logs the users in. */
export async function startWorld(t: FileDb, options: WorldOptions = {}): Promise<World> {
  const seed = await seedWorkspace(t.db, { size: 'tiny', ...(options.rcVersion ? { rcVersion: options.rcVersion } : {}) });
  await options.beforeBot?.(seed);
  const emulator = await startEmulator({
    db: t.db,
    heartbeatMs: 5_000,
    ...(options.rcVersion ? { version: options.rcVersion } : {}),
    ...(options.statisticsAtBoot === false ? { statisticsAtBoot: false } : {}),
  });
  const server = new URL(t.serverUrl.replace(/^mongodb:/, 'http:'));
  const proxy = options.proxyDatabase ? await startTcpProxy({ host: server.hostname, port: Number(server.port || 27017) }) : undefined;
  const storeDb = `${t.dbName}_bot`;
  const dataDir = options.source === 'rest' ? await mkdtemp(join(tmpdir(), 'infobot-data-')) : undefined;
  const botDatabase = withDbName(proxy ? proxy.rewrite(t.serverUrl) : t.serverUrl, storeDb);
  const databases = dataDir
    ? { INFOBOT_DATA_DIR: dataDir, ...(options.botDatabase ? { INFOBOT_MONGO_URL: botDatabase } : {}) }
    : { MONGO_URL: proxy ? proxy.rewrite(t.url) : t.url, INFOBOT_MONGO_URL: botDatabase };
  const config = loadConfig({
    ROCKETCHAT_URL: emulator.url,
    ROCKETCHAT_USER: seed.accounts.bot.username,
    ROCKETCHAT_PASSWORD: seed.accounts.bot.password,
    ...databases,
    INFOBOT_DAILY: 'off',
    INFOBOT_ALERTS: 'off',
    LOG_LEVEL: 'debug',
    // Any free port: several bots run at once in a test run.
    INFOBOT_HTTP_PORT: '0',
    ...options.env,
  });
  const lines: string[] = [];
  const lineWaiters = new Set<() => void>();
  const notify = () => {
    for (const check of [...lineWaiters]) check();
  };
  const log = createLogger('debug', captureLog(lines, notify));
  const botDeps = (deps: Partial<BotDeps> = {}): Partial<BotDeps> => ({
    log,
    linkTiming: TEST_LINK_TIMING,
    databaseWaitMs: 0,
    brakes: scriptedSessionBrakes(),
    ...options.deps,
    ...deps,
  });
  const bot = await startBot(config, botDeps());
  const decisions = new Decisions();
  decisions.watch(bot.dispatcher);
  const admin = await RcUser.login(emulator.url, seed.accounts.admin.username, seed.accounts.admin.password);
  const user = await RcUser.login(emulator.url, seed.accounts.user.username, seed.accounts.user.password);
  const world: World = {
    t,
    emulator,
    seed,
    config,
    bot,
    admin,
    user,
    room: await admin.watch(seed.adminRoom._id),
    ...(proxy ? { proxy } : {}),
    decisions,
    get logs() {
      return lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    },
    rawLog: () => lines.join(''),
    untilLogged(text, { from = lines.length, timeoutMs = 20_000 } = {}) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          lineWaiters.delete(check);
          reject(new Error(`"${text}" was not logged within ${timeoutMs} ms`));
        }, timeoutMs);
        const check = () => {
          if (!lines.slice(from).some((line) => line.includes(text))) return;
          clearTimeout(timer);
          lineWaiters.delete(check);
          resolve();
        };
        lineWaiters.add(check);
        check();
      });
    },
    async restartBot(deps) {
      await world.bot.stop();
      world.bot = await startBot(config, botDeps(deps));
      decisions.watch(world.bot.dispatcher);
    },
    async rewatch() {
      world.room.close();
      await admin.close();
      world.room = await admin.watch(seed.adminRoom._id);
    },
    async stop() {
      world.room.close();
      await Promise.all([admin.close(), user.close()]);
      await world.bot.stop();
      await emulator.stop();
      await proxy?.close();
      await t.client.db(storeDb).dropDatabase().catch(() => undefined);
      if (options.dropWorkspace) await t.db.dropDatabase();
      if (dataDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
  return world;
}

/** How long starting a world (seed, emulator, bot, logins) may take on a loaded machine. */
export const WORLD_START_MS = 120_000;

/**
 * A world for each test of a file, started by the test with its own options (`start`, within WORLD_START_MS of the
 * test's budget) and stopped after it, the seeded workspace dropped so the next test seeds its own.
 */
export function worldPerTest(t: FileDb): (options: WorldOptions) => Promise<World> {
  let world: World | undefined;
  afterEach(async () => {
    await world?.stop();
    world = undefined;
    await t.db.dropDatabase();
  });
  return async (options) => {
    world = await startWorld(t, options);
    return world;
  };
}

/**
 * The world of a test file: started in its beforeAll (with `options()`, read then, after the file's earlier hooks),
 * stopped in its afterAll. The returned World stands for the running one: read it inside tests and later hooks.
 */
export function worldFor(t: FileDb, options: () => WorldOptions = () => ({})): World {
  let started: World | undefined;
  const running = () => {
    if (!started) throw new Error('the world has not started (read it inside tests and hooks)');
    return started;
  };
  beforeAll(async () => {
    started = await startWorld(t, options());
  }, WORLD_START_MS);
  afterAll(async () => {
    await started?.stop();
  });
  return new Proxy({} as World, {
    get: (_, key) => Reflect.get(running(), key),
    set: (_, key, value) => Reflect.set(running(), key, value),
  });
}

/** Every version of the messages a watch saw, latest version per id, in order of first arrival. */
export function latest(watch: RoomWatch): Message[] {
  const byId = new Map<string, Message>();
  for (const m of watch.messages) byId.set(m._id, m);
  return [...byId.values()];
}

/**
 * The bot's answers posted since `known` was taken, latest versions. A "computing…" placeholder becomes
 * the answer when the bot edits it, so only a message whose latest version is still the placeholder is
 * left out.
 */
export function answersAfter(watch: RoomWatch, botId: string, known: ReadonlySet<string>): Message[] {
  return latest(watch).filter((m) => m.u._id === botId && !known.has(m._id) && !m.msg.startsWith('⏳'));
}

/** What reading the answer to one message needs: the bot's decisions, the workspace database, the bot's id. */
export interface AnswerSource {
  decisions: Decisions;
  db: Db;
  botId: string;
}

/** How long a helper waits for the bot to finish with messages sent earlier (by this test or, late, by the last). */
const SETTLE_MS = 30_000;

/**
 * Does `act` (a send, a click, an upload) and returns the bot's first new message in `roomId` that satisfies `done`.
 * The bot's messages do not say which message they answer, so an answer too late for its test is kept from being read
 * as the next one's: a message whose answer did not come in time is tracked until the bot's final decision on it
 * (emitted once every answer to it is posted), and the next call waits for that decision before it takes the room's
 * known messages, from the database as well as the stream. One slow answer then fails its own test only.
 */
export async function answerAfter(
  source: AnswerSource,
  watch: RoomWatch,
  roomId: string,
  act: () => Promise<{ _id: string }>,
  done: (m: Message) => boolean,
  timeoutMs: number,
): Promise<{ sent: { _id: string }; answer: Message; known: ReadonlySet<string> }> {
  const { decisions, db, botId } = source;
  await decisions.settled(SETTLE_MS);
  const known = new Set([...watch.messages.map((m) => m._id), ...(await messagesBy(db, roomId, botId))]);
  const sent = await act();
  try {
    const answer = await watch.next((m) => m.u._id === botId && !known.has(m._id) && done(m), timeoutMs);
    return { sent, answer, known };
  } catch (error) {
    decisions.track(sent._id);
    // The slow test spends its own remaining time on its message's decision, not the next test's.
    await decisions.settled(SETTLE_MS).catch(() => undefined);
    throw error;
  }
}

/** Sends `text` and waits for the bot's answer that satisfies `done` (default: anything but the placeholder). */
export function ask(
  world: Pick<World, 'room' | 'seed' | 'decisions' | 't'>,
  from: RcUser,
  roomId: string,
  text: string,
  options: { done?: (m: Message) => boolean; timeoutMs?: number; watch?: RoomWatch } = {},
): Promise<{ sent: { _id: string }; answer: Message; known: ReadonlySet<string> }> {
  const source = { decisions: world.decisions, db: world.t.db, botId: world.seed.accounts.bot._id };
  const done = options.done ?? ((m: Message) => !m.msg.startsWith('⏳'));
  return answerAfter(source, options.watch ?? world.room, roomId, () => from.send(roomId, text), done, options.timeoutMs ?? 15_000);
}

/** Waits `ms` so late duplicates would have arrived. */
export const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** An attachment's fields as a title → value map. */
export function fieldsOf(attachment: Record<string, unknown> | undefined): Record<string, string> {
  const fields = (attachment?.fields ?? []) as { title: string; value: string }[];
  return Object.fromEntries(fields.map((f) => [f.title, f.value]));
}

/** The bot's own database of a world that has one (database mode, or REST-only with `botDatabase`). */
export function botStoreUrl(config: Config): string {
  if (!config.storeUrl) throw new Error('this world keeps the bot’s data in a file: it has no INFOBOT_MONGO_URL');
  return config.storeUrl;
}

/** A database-mode world's two connection strings (REST-only worlds have none: asking is a test's mistake). */
export function databaseUrls(config: Config): { mongoUrl: string; storeUrl: string } {
  if (!config.mongoUrl || !config.storeUrl) throw new Error('this world runs in REST-only mode: it has no database URLs');
  return { mongoUrl: config.mongoUrl, storeUrl: config.storeUrl };
}
