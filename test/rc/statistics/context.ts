/** State shared by the statistics collectors while one `statistics.get()` runs. */
import type { Db } from 'mongodb';
import type { RcSettings } from '../settings.js';
import type { RcSemantics } from '../version.js';

/**
 * Rocket.Chat's `statsPms` array: promises started at once and awaited together at the end with
 * `Promise.all(statsPms).catch(log)`. If one rejects, the fields the others had not assigned by then are missing.
 */
export interface ParallelGroup {
  /** Starts `task` now (or a rejection, when the name is listed as failing) and keeps it for the final await. */
  push(name: string, task: () => Promise<unknown>): void;
  /** Waits like Rocket.Chat: resolves when all succeed or at the first rejection, never throws. */
  settle(): Promise<void>;
}

/** Everything one computation needs; collectors assign into `stats` in Rocket.Chat's order. */
export interface StatsContext {
  db: Db;
  semantics: RcSemantics;
  settings: RcSettings;
  now: Date;
  stats: Record<string, unknown>;
  parallel: ParallelGroup;
}

/** A parallel group whose tasks named in `failing` reject (the emulator's fault hook for the `[p]` group). */
export function parallelGroup(failing: readonly string[] = []): ParallelGroup {
  const tasks: Promise<unknown>[] = [];
  return {
    push(name, task) {
      const promise = failing.includes(name) ? Promise.reject(new Error(`injected failure in statistics task "${name}"`)) : task();
      // Rocket.Chat attaches its handler only at the end; a no-op handler here keeps Node from reporting the
      // rejection as unhandled in the meantime, without changing what Promise.all sees.
      promise.catch(() => {});
      tasks.push(promise);
    },
    async settle() {
      await Promise.all(tasks).catch(() => {});
    },
  };
}

/** Task names of the `[p]` group, for fault injection and for tests. */
export const PARALLEL_TASKS = [
  'userLanguages',
  'omnichannelSources',
  'totalLivechatRoomsWithDepartment',
  'departments',
  'archivedDepartments',
  'totalTriggers',
  'emailInboxes',
  'BusinessHours',
  'chatsOnHold',
  'voipCalls',
  'voipExtensions',
  'voipSuccessfulCalls',
  'voipErrorCalls',
  'voipOnHoldCalls',
  'omnichannelContactsBySource',
  'uniqueContactsOfLastMonth',
  'uniqueContactsOfLastWeek',
  'uniqueContactsOfYesterday',
  'federation',
  'uploadsTotal',
  'uploadsTotalSize',
  'instanceCount',
  'uniqueUsersOfYesterday',
  'uniqueUsersOfLastWeek',
  'uniqueUsersOfLastMonth',
  'uniqueDevicesOfYesterday',
  'uniqueDevicesOfLastWeek',
  'uniqueDevicesOfLastMonth',
  'uniqueOSOfYesterday',
  'uniqueOSOfLastWeek',
  'uniqueOSOfLastMonth',
  'settings',
  'integrations',
  'pushQueue',
  'enterprise',
  'teams',
] as const;
