/**
 * Watches Rocket.Chat's *Allow unrecognized slash commands* setting: read at start, then every `pollMs` (and on
 * demand after the bot changed it). While it is off, each listened room gets one notice explaining why `/info` does
 * not arrive and how to fix it: once per workspace however many replicas run (a claim per room and per write of the
 * setting in the bot's database), and again only after the setting was written anew.
 */
import type { Db } from 'mongodb';
import type { Logger } from 'pino';
import type { ChatApi } from '../chat/chat-api.js';
import type { Claims } from '../store/claims.js';
import { BLOCKED_SLASH_LOG, blockedSlashNotice } from './notice.js';
import { readSlashSetting, SLASH_SETTING_ID, type SlashSetting } from './setting.js';

/** What one look at the setting did. */
export interface SlashCheck {
  setting: SlashSetting;
  /** Rooms this replica posted the notice in (the others were posted already, by it or another replica). */
  posted: string[];
}

/** The running watch. */
export interface SlashWatch {
  /** The setting as last read; undefined until the first read succeeded. */
  current(): SlashSetting | undefined;
  /** Reads the setting now (and posts notices when it is off); concurrent calls share one read. */
  check(): Promise<SlashCheck | undefined>;
  /** Called after every check, successful or not (tests wait on it instead of sleeping). */
  onChecked(listener: (check: SlashCheck | undefined) => void): () => void;
  stop(): void;
}

/** What the watch needs. */
export interface SlashWatchDeps {
  rocketChatDb: Db;
  /** Without them (a read-only bot database) no replica could know another posted: no notices, the log still says it. */
  claims: Claims | undefined;
  chat: Pick<ChatApi, 'findRoom' | 'sendMessage' | 'self'>;
  /** INFOBOT_ROOMS: names or ids. */
  rooms: readonly string[];
  log: Logger;
  /** How often the setting is read again (0: only at start and on demand). */
  pollMs: number;
}

/** A notice claim lasts far longer than any sane interval between two writes of the setting. */
const NOTICE_CLAIM_MS = 365 * 24 * 60 * 60_000;

const noticeKey = (roomId: string, setting: SlashSetting) => `slash-notice:${roomId}:${setting.version}`;

/** Starts watching; the first check is the caller's to await (startBot does, so the notice precedes "listening"). */
export function createSlashWatch(deps: SlashWatchDeps): SlashWatch {
  const log = deps.log.child({ component: 'slash-setting' });
  const listeners = new Set<(check: SlashCheck | undefined) => void>();
  let current: SlashSetting | undefined;
  let running: Promise<SlashCheck | undefined> | undefined;
  let stopped = false;

  async function postNotice(room: string, setting: SlashSetting): Promise<string | undefined> {
    const claims = deps.claims;
    if (!claims) return undefined;
    const { id } = await deps.chat.findRoom(room);
    const key = noticeKey(id, setting);
    if (!(await claims.claim(key, NOTICE_CLAIM_MS))) return undefined;
    try {
      await deps.chat.sendMessage(id, { text: blockedSlashNotice(deps.chat.self().username) });
      return id;
    } catch (error) {
      // Given back, so the next check (here or in another replica) tries again.
      await claims.release(key).catch(() => undefined);
      throw error;
    }
  }

  async function run(): Promise<SlashCheck | undefined> {
    let setting: SlashSetting;
    try {
      setting = await readSlashSetting(deps.rocketChatDb);
    } catch (error) {
      log.warn({ err: error }, `could not read ${SLASH_SETTING_ID} from Rocket.Chat's database; trying again later`);
      return undefined;
    }
    const previous = current;
    current = setting;
    if (!previous || previous.enabled !== setting.enabled) {
      if (setting.enabled) log.info(`${SLASH_SETTING_ID} is on: /info typed in Rocket.Chat's apps reaches the bot`);
      else log.warn(BLOCKED_SLASH_LOG);
    }
    const posted: string[] = [];
    if (!setting.enabled) {
      for (const room of deps.rooms) {
        try {
          const id = await postNotice(room, setting);
          if (id) posted.push(id);
        } catch (error) {
          log.warn({ err: error, room }, 'could not post the /info notice in a listened room; trying again at the next check');
        }
      }
      if (posted.length > 0) log.info({ rooms: posted }, 'posted the /info notice');
    }
    return { setting, posted };
  }

  const timer = deps.pollMs > 0 ? setInterval(() => void watch.check(), deps.pollMs) : undefined;
  timer?.unref();

  const watch: SlashWatch = {
    current: () => current,
    check() {
      if (stopped) return Promise.resolve(undefined);
      running ??= run().then((result) => {
        running = undefined;
        for (const listener of [...listeners]) listener(result);
        return result;
      });
      return running;
    },
    onChecked(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    stop() {
      stopped = true;
      if (timer) clearInterval(timer);
    },
  };
  return watch;
}
