/**
 * What the bot's parts announce for operations (metrics), on node:diagnostics_channel: a module publishes one small
 * typed event where a thing happens, and whoever cares (src/ops/metrics.ts) subscribes. Publishing costs nothing when
 * nobody listens, and the modules need no metrics object passed through their dependencies. Events are per process,
 * as Prometheus scrapes them. No event carries user names, room ids, message text or license text.
 */
import { channel } from 'node:diagnostics_channel';

/** How a command ended: answered, refused as a known condition (UserError), failed, or left to another replica. */
export type CommandOutcome = 'answered' | 'refused' | 'failed' | 'claimed-elsewhere';

/** One command handled by the dispatcher; `command` is the registry's name, or undefined when none was recognised. */
export interface CommandEvent {
  command: string | undefined;
  outcome: CommandOutcome;
  seconds: number;
  /** The UserError code when refused. */
  reason?: string;
}

/** One query of a statistics computation; `figure` is the query runner's key. */
export interface StatsQueryEvent {
  figure: string;
  seconds: number;
  outcome: 'ok' | 'error' | 'timeout';
}

/** One request to the statistics service: answered from the cache, joined a computation in flight, or computed. */
export interface StatsRequestEvent {
  source: 'cache' | 'shared' | 'computed';
}

/** The workspace figures of a finished computation, for the gauges admins alert on. */
export interface WorkspaceEvent {
  computedAt: Date;
  activeUsers: number | null;
  instances: number | null;
  /** The installed license's activeUsers limit and its end, when a license is installed and readable. */
  seatsAllowed: number | null;
  licenseValidUntil: Date | null;
}

/** One attempt of the daily post. */
export interface DailyPostEvent {
  outcome: 'posted' | 'retry' | 'gave-up' | 'taken-over';
}

/** One application of a license through Rocket.Chat (`apply <code>` after every check passed). */
export interface LicenseApplyEvent {
  outcome: 'valid' | 'invalid' | 'unconfirmed' | 'refused' | 'unreachable' | 'error';
}

/** A typed channel: publish() is a no-op without subscribers. */
export interface OpsChannel<T> {
  publish(event: T): void;
  subscribe(listener: (event: T) => void): () => void;
}

function typed<T>(name: string): OpsChannel<T> {
  const ch = channel(name);
  return {
    publish(event) {
      if (ch.hasSubscribers) ch.publish(event);
    },
    subscribe(listener) {
      const onMessage = (message: unknown) => listener(message as T);
      ch.subscribe(onMessage);
      return () => void ch.unsubscribe(onMessage);
    },
  };
}

/** The channels, one per kind of event. */
export const opsEvents = {
  command: typed<CommandEvent>('infobot:command'),
  statsQuery: typed<StatsQueryEvent>('infobot:stats-query'),
  statsRequest: typed<StatsRequestEvent>('infobot:stats-request'),
  workspace: typed<WorkspaceEvent>('infobot:workspace'),
  dailyPost: typed<DailyPostEvent>('infobot:daily-post'),
  licenseApply: typed<LicenseApplyEvent>('infobot:license-apply'),
};
