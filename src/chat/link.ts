/**
 * The link to Rocket.Chat: owns @rocket.chat/sdk's lifecycle. Signs in (password or personal access
 * token), subscribes to `__my_messages__`, reads raw stream frames, and reconnects by building a fresh
 * client with backoff. The SDK's own reopen is switched off: it duplicates subscriptions, loses them
 * after a ping timeout, never retries a close with code 1000 and crashes on a rejected resume
 * (reference rocketchat-bot.md §1.10). Every SDK call runs under a deadline.
 */
import { Bot } from '@rocket.chat/sdk';
import { replaceLog } from '@rocket.chat/sdk/lib/log.js';
import type { Logger } from 'pino';
import type { RocketChatAuth } from '../config.js';
import { type IncomingMessage, parseStreamFrame } from './incoming.js';
import { createRestClient, type RestClient, RestError } from './rest.js';
import { sdkLogger } from './sdk-log.js';
import { TimeoutError, withTimeout } from './timeout.js';

/** The bot account as Rocket.Chat knows it. */
export interface BotIdentity {
  id: string;
  username: string;
}

/** Where the link is: connecting for the first time, serving, between connections, or shut. */
export type LinkState = 'starting' | 'online' | 'reconnecting' | 'stopped';

/** Deadlines and backoff; the defaults suit production, tests shorten them. */
export interface LinkTiming {
  connectMs: number;
  loginMs: number;
  subscribeMs: number;
  restMs: number;
  /** Silence after which the link pings the server, and the wait for its pong. */
  heartbeatMs: number;
  backoffInitialMs: number;
  backoffMaxMs: number;
}

const DEFAULT_TIMING: LinkTiming = {
  connectMs: 20_000,
  loginMs: 15_000,
  subscribeMs: 15_000,
  restMs: 15_000,
  heartbeatMs: 4_000,
  backoffInitialMs: 250,
  backoffMaxMs: 5_000,
};

/** What the link needs: the server, the credentials, a logger. */
export interface LinkOptions {
  url: string;
  useSsl: boolean;
  auth: RocketChatAuth;
  log: Logger;
  timing?: Partial<LinkTiming>;
}

/** A DDP method failure as the SDK rejects it: a plain object, normalised into an Error. */
export class DdpError extends Error {
  readonly code: string;
  constructor(what: string, raw: unknown) {
    const r = (typeof raw === 'object' && raw !== null ? raw : {}) as { error?: unknown; reason?: unknown; message?: unknown };
    const code = String(r.error ?? 'unknown');
    super(`${what} was refused: ${String(r.reason ?? r.message ?? code)} [${code}]`);
    this.name = 'DdpError';
    this.code = code;
  }
}

/** The live connection to Rocket.Chat. */
export interface ChatLink {
  /** The REST session as the bot; it outlives socket reconnects. */
  readonly rest: RestClient;
  /** The bot account; known once start() resolved. */
  identity(): BotIdentity;
  state(): LinkState;
  onMessage(handler: (message: IncomingMessage) => void): void;
  onStateChange(handler: (state: LinkState) => void): void;
  /** Calls a DDP method on the live socket, under the REST deadline. */
  callMethod(method: string, ...params: unknown[]): Promise<unknown>;
  /** Connects; resolves once subscribed, rejects only when Rocket.Chat refuses the credentials. */
  start(): Promise<BotIdentity>;
  /** Closes the socket without the SDK's logout (it never settles) and stops reconnecting. */
  stop(): Promise<void>;
}

/** The parts of the SDK's DDP socket the link drives (lib/drivers/ddp.ts), which its types do not expose. */
interface DdpSocket {
  connection?: {
    onclose: unknown;
    onmessage: unknown;
    onopen: unknown;
    onerror: unknown;
    close(code?: number): void;
    terminate?(): void;
  };
  lastPing: number;
  reopenInterval?: NodeJS.Timeout;
  pingTimeout?: NodeJS.Timeout;
  openTimeout?: NodeJS.Timeout;
  reopen: () => unknown;
  on(event: string, listener: (...args: unknown[]) => void): void;
  removeAllListeners(event?: string): void;
  send(frame: object): Promise<unknown>;
  call(method: string, ...params: unknown[]): Promise<unknown>;
}

interface Connection {
  gen: number;
  bot: Bot;
  ddp?: DdpSocket;
  heartbeat?: NodeJS.Timeout;
}

/** An auth failure: retrying with the same credentials cannot help. */
function isRefusal(error: unknown): boolean {
  if (error instanceof RestError) return error.status === 401 || error.status === 403;
  return error instanceof DdpError && (error.code === '403' || error.code === '401');
}

/** Builds the link; nothing connects until start(). */
export function createChatLink(options: LinkOptions): ChatLink {
  const timing = { ...DEFAULT_TIMING, ...options.timing };
  const log = options.log.child({ component: 'chat-link' });
  const sdkLog = sdkLogger(options.log);
  replaceLog(sdkLog);

  const rest = createRestClient(new Bot({ host: options.url, useSsl: options.useSsl, logger: sdkLog }), options.url, timing.restMs);
  const messageHandlers: ((m: IncomingMessage) => void)[] = [];
  const stateHandlers: ((s: LinkState) => void)[] = [];

  let state: LinkState = 'starting';
  let gen = 0;
  let attempt = 0;
  let current: Connection | undefined;
  let session: { userId: string; token: string } | undefined;
  let self: BotIdentity | undefined;
  let retryTimer: NodeJS.Timeout | undefined;
  let everOnline = false;
  let settleStart: { resolve(id: BotIdentity): void; reject(e: Error): void } | undefined;

  function setState(next: LinkState): void {
    if (state === next) return;
    state = next;
    for (const h of stateHandlers) h(next);
  }

  async function ensureSession(): Promise<{ userId: string; token: string }> {
    if (session) return session;
    const auth = options.auth;
    const fresh = auth.kind === 'token' ? { userId: auth.userId, token: auth.token } : await rest.login(auth.username, auth.password);
    rest.authenticate(fresh.userId, fresh.token);
    const me = await rest.get<{ _id?: string; username?: string }>('me');
    if (!me._id || !me.username) throw new RestError('GET', 'me', 200, 'the answer carried no user id or username');
    self = { id: me._id, username: me.username };
    session = fresh;
    return fresh;
  }

  function teardown(connection: Connection | undefined): void {
    if (!connection) return;
    clearInterval(connection.heartbeat);
    const ddp = connection.ddp;
    if (!ddp) return;
    clearInterval(ddp.reopenInterval);
    clearTimeout(ddp.pingTimeout);
    clearTimeout(ddp.openTimeout);
    ddp.reopen = () => undefined;
    ddp.removeAllListeners();
    const socket = ddp.connection;
    if (socket) {
      socket.onclose = null;
      socket.onmessage = null;
      socket.onopen = null;
      // ws throws from emit('error') without a listener, e.g. when a socket still connecting is killed.
      socket.onerror = () => undefined;
      try {
        if (socket.terminate) socket.terminate();
        else socket.close(1000);
      } catch {
        // Already closed.
      }
    }
    delete ddp.connection;
  }

  function scheduleReconnect(reason: string, error?: unknown): void {
    const delay = Math.min(timing.backoffMaxMs, timing.backoffInitialMs * 2 ** attempt) * (0.75 + Math.random() * 0.25);
    attempt += 1;
    setState(everOnline ? 'reconnecting' : 'starting');
    log.warn({ reason, attempt, retryInMs: Math.round(delay), err: error }, 'Rocket.Chat link down; reconnecting with a fresh client');
    retryTimer = setTimeout(() => void connect(), delay);
  }

  /** Drops the connection of generation `g` (if still current) and reconnects. Idempotent per generation. */
  function restart(g: number, reason: string, error?: unknown): void {
    if (g !== gen || state === 'stopped') return;
    gen += 1;
    teardown(current);
    current = undefined;
    scheduleReconnect(reason, error);
  }

  function startHeartbeat(connection: Connection, ddp: DdpSocket): void {
    let waiting = false;
    connection.heartbeat = setInterval(() => {
      if (waiting || Date.now() - ddp.lastPing < timing.heartbeatMs) return;
      waiting = true;
      withTimeout(ddp.send({ msg: 'ping' }), timing.heartbeatMs, 'DDP ping')
        .then(() => {
          waiting = false;
        })
        .catch((error: unknown) => restart(connection.gen, 'no answer to ping', error));
    }, Math.max(250, Math.floor(timing.heartbeatMs / 2)));
    connection.heartbeat.unref();
  }

  async function connect(): Promise<void> {
    gen += 1;
    const g = gen;
    const connection: Connection = { gen: g, bot: new Bot({ host: options.url, useSsl: options.useSsl, logger: sdkLog }) };
    current = connection;
    try {
      const { userId, token } = await ensureSession();
      const bot = connection.bot;
      bot.userId = userId;
      bot.currentLogin = { username: self?.username ?? '', userId, authToken: token, result: { status: 'success', data: { userId, authToken: token } } };
      bot.client.headers = { 'X-User-Id': userId, 'X-Auth-Token': token };

      const driver = (await bot.socket) as unknown as { ddp: DdpSocket };
      const ddp = driver.ddp;
      connection.ddp = ddp;
      ddp.reopen = () => restart(g, 'socket closed or went silent');
      ddp.on('close', (event) => restart(g, `socket closed (code ${(event as { code?: number } | undefined)?.code ?? '?'})`));

      await withTimeout(bot.connect({}), timing.connectMs, 'DDP connect');
      await withTimeout(bot.resume({ token }), timing.loginMs, 'DDP login').catch((e: unknown) => {
        throw e instanceof TimeoutError ? e : new DdpError('DDP login (resume)', e);
      });
      await withTimeout(bot.subscribeToMessages(), timing.subscribeMs, 'subscription to __my_messages__');
      await bot.onStreamData('stream-room-messages', (frame: unknown) => {
        if (g !== gen) return;
        const message = parseStreamFrame(frame);
        if (message) for (const h of messageHandlers) h(message);
      });
      if (g !== gen) return;
      startHeartbeat(connection, ddp);
      attempt = 0;
      everOnline = true;
      setState('online');
      log.info({ user: self?.username, url: options.url }, 'connected to Rocket.Chat and subscribed to messages');
      settleStart?.resolve(self as BotIdentity);
      settleStart = undefined;
    } catch (error) {
      if (g !== gen || state === 'stopped') return;
      if (isRefusal(error)) {
        // A refused resume may only mean the login token expired: a password login gets a new one.
        session = undefined;
        if (options.auth.kind === 'token' || error instanceof RestError) {
          const fix =
            options.auth.kind === 'token'
              ? 'check ROCKETCHAT_USER_ID and ROCKETCHAT_AUTH_TOKEN (create a new personal access token if it was revoked)'
              : 'check ROCKETCHAT_USER and ROCKETCHAT_PASSWORD';
          const refusal = new Error(`Rocket.Chat refused the bot's credentials (${(error as Error).message}): ${fix}`);
          if (!everOnline && settleStart) {
            stopNow();
            settleStart.reject(refusal);
            settleStart = undefined;
            return;
          }
          log.error({ err: refusal }, 'Rocket.Chat refused the bot account; retrying');
        }
      }
      restart(g, 'connection attempt failed', error);
    }
  }

  function stopNow(): void {
    gen += 1;
    clearTimeout(retryTimer);
    teardown(current);
    current = undefined;
    setState('stopped');
  }

  return {
    rest,
    identity() {
      if (!self) throw new Error('The bot identity is known only after the link started; await start() first.');
      return self;
    },
    state: () => state,
    onMessage: (handler) => void messageHandlers.push(handler),
    onStateChange: (handler) => void stateHandlers.push(handler),
    async callMethod(method, ...params) {
      const ddp = current?.ddp;
      if (state !== 'online' || !ddp) throw new DdpError(`DDP method ${method}`, { error: 'not-connected', reason: 'the socket is reconnecting' });
      try {
        return await withTimeout(ddp.call(method, ...params), timing.restMs, `DDP method ${method}`);
      } catch (error) {
        throw error instanceof TimeoutError ? error : new DdpError(`DDP method ${method}`, error);
      }
    },
    start() {
      return new Promise<BotIdentity>((resolve, reject) => {
        settleStart = { resolve, reject };
        void connect();
      });
    },
    async stop() {
      if (state === 'stopped') return;
      stopNow();
      settleStart?.reject(new Error('The Rocket.Chat link was stopped before it connected.'));
      settleStart = undefined;
      log.info('Rocket.Chat link closed');
    },
  };
}
