/**
 * One day's post: collect the numbers, keep them in the history (replacing an earlier attempt's), compare with
 * yesterday and last week, render the card, and send it, checking right before sending that this replica still
 * holds the day.
 */
import type { Logger } from 'pino';
import { cardsToMessages } from '../cards/attachments.js';
import { dailyCard, dailyFailureText, dailyPostText } from '../cards/daily.js';
import type { ChatApi, FileToUpload } from '../chat/chat-api.js';
import type { DailySnapshot } from '../history/numbers.js';
import type { History } from '../history/snapshots.js';
import type { PostDay } from './scheduler.js';
import { addDays, type DayKey } from './zoned-time.js';

/** What making a post needs. */
export interface DailyPostDeps {
  collect(day: DayKey, now: Date): Promise<DailySnapshot>;
  history: History;
  /** INFOBOT_HISTORY_DAYS. */
  keepDays: number;
  /** Also prunes the daily posts’ records along with the history. */
  pruneLedger(before: DayKey): Promise<number>;
  chat: ChatApi;
  /** INFOBOT_DAILY_ROOM: a room name or id. */
  room: string;
  log: Logger;
  /** The day's chart, uploaded under the card; a chart that cannot be made or uploaded never fails the post. */
  chartOf?(day: DayKey): Promise<FileToUpload>;
}

/** The two things the runner needs from chat: the post and the failure notice. */
export interface DailyPoster {
  post: PostDay;
  notifyFailure(day: DayKey, attempts: number, reason: string): Promise<void>;
}

/** Builds the poster; the room's id is looked up once it is first needed and kept. */
export function createDailyPoster(deps: DailyPostDeps): DailyPoster {
  let roomId: string | undefined;
  const resolveRoom = async () => {
    roomId ??= (await deps.chat.findRoom(deps.room)).id;
    return roomId;
  };

  return {
    async post(day, now, stillMine) {
      const snapshot = await deps.collect(day, now);
      await deps.history.save(snapshot);
      const [baseline, pruned] = await Promise.all([deps.history.baseline(day), deps.history.prune(day, deps.keepDays)]);
      const ledger = await deps.pruneLedger(addDays(day, -deps.keepDays));
      if (pruned + ledger > 0) deps.log.debug({ pruned, ledger }, 'history older than INFOBOT_HISTORY_DAYS deleted');
      const card = dailyCard({ snapshot, baseline });
      const messages = cardsToMessages([card], dailyPostText(card, snapshot));
      const target = await resolveRoom();
      if (!(await stillMine())) return undefined;
      const ids: string[] = [];
      for (const message of messages) {
        ids.push((await deps.chat.sendMessage(target, { text: message.text, attachments: message.attachments })).id);
      }
      if (deps.chartOf) {
        try {
          ids.push((await deps.chat.uploadFile(target, await deps.chartOf(day))).id);
        } catch (error) {
          deps.log.warn({ err: error, day }, 'the daily chart could not be made or uploaded; the summary went out without it');
        }
      }
      return ids;
    },
    async notifyFailure(day, attempts, reason) {
      await deps.chat.sendMessage(await resolveRoom(), { text: dailyFailureText(day, attempts, reason) });
    },
  };
}
