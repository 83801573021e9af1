/**
 * Counts the seeded documents as they stream past, once per past statistics snapshot, so that each
 * stored `rocketchat_statistics` document holds the numbers of its own day: a document counts in a
 * snapshot when it was created (user `createdAt`, room `ts`, message `ts`, upload time) before it.
 * The rules are Rocket.Chat 7.0's (reference §1.3); a room without `msgs` adds nothing, where
 * Rocket.Chat's own sum would turn into NaN.
 */
import type { MessageDoc } from './messages.js';
import type { FinishedRoom } from './rooms.js';

type Doc = Record<string, unknown>;

function exactlyGuest(roles: unknown): boolean {
  return Array.isArray(roles) && roles.length === 1 && roles[0] === 'guest';
}

export class SnapshotTally {
  private readonly sums = new Map<string, Float64Array>();
  private readonly latest = new Map<string, Float64Array>();

  /** `times`: the snapshot instants (ms), any order. */
  constructor(readonly times: readonly number[]) {}

  private add(key: string, at: number, amount = 1): void {
    let row = this.sums.get(key);
    if (!row) {
      row = new Float64Array(this.times.length);
      this.sums.set(key, row);
    }
    for (let j = 0; j < this.times.length; j++) if (at <= (this.times[j] ?? 0)) row[j] = (row[j] ?? 0) + amount;
  }

  private max(key: string, value: number, from: number): void {
    let row = this.latest.get(key);
    if (!row) {
      row = new Float64Array(this.times.length);
      this.latest.set(key, row);
    }
    for (let j = 0; j < this.times.length; j++) {
      const limit = this.times[j] ?? 0;
      if (from <= limit && value <= limit && value > (row[j] ?? 0)) row[j] = value;
    }
  }

  /** The count of `key` in snapshot `j`. */
  count(key: string, j: number): number {
    return this.sums.get(key)?.[j] ?? 0;
  }

  /** The latest instant seen for `key` in snapshot `j`, or undefined. */
  last(key: string, j: number): Date | undefined {
    const value = this.latest.get(key)?.[j];
    return value ? new Date(value) : undefined;
  }

  languages(j: number): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [key, row] of this.sums) {
      if (key.startsWith('language:') && (row[j] ?? 0) > 0) out[key.slice('language:'.length)] = row[j] ?? 0;
    }
    return out;
  }

  user(doc: Doc): void {
    const at = (doc.createdAt as Date).getTime();
    const services = (doc.services ?? {}) as Record<string, { enabled?: boolean } | undefined>;
    const active = doc.active === true;
    this.add('users', at);
    const excluded = exactlyGuest(doc.roles) || doc.type === 'app' || doc.type === 'bot' || doc.federated === true || doc.isRemote === true;
    if (active && !excluded) this.add('activeUsers', at);
    if (active && doc.type !== 'app' && exactlyGuest(doc.roles) && doc.isRemote !== true) this.add('activeGuests', at);
    if (doc.active === false) this.add('nonActiveUsers', at);
    if (doc.type === 'app') this.add('appUsers', at);
    if (typeof doc.status === 'string') this.add(`status:${doc.status}`, at);
    if (typeof doc.language === 'string' && doc.language !== '') this.add(`language:${doc.language}`, at);
    if (active && services.totp?.enabled === true) this.add('totp', at);
    if (active && services.email2fa?.enabled === true) this.add('email2fa', at);
    const roles = Array.isArray(doc.roles) ? (doc.roles as string[]) : [];
    if (roles.includes('livechat-agent')) this.add('agents', at);
    if (roles.includes('livechat-manager')) this.add('managers', at);
    if (doc.lastLogin instanceof Date) this.max('lastLogin', doc.lastLogin.getTime(), at);
  }

  room(finished: FinishedRoom): void {
    const { room, visibleTimes, subscriptions } = finished;
    const at = (room.ts as Date).getTime();
    this.add('rooms', at);
    this.add(`rooms:${room.t}`, at);
    if (room.prid) this.add('discussions', at);
    if (room.broadcast === true) this.add('broadcast', at);
    if (room.encrypted === true) this.add('e2eRooms', at);
    if (room.teamId && room.teamMain === undefined) {
      this.add('teamRooms', at);
      if (room.teamDefault === true) this.add('teamDefaultRooms', at);
    }
    if (room.teamMain === true) this.add('teams', at);
    const category = room.prid && (room.t === 'c' || room.t === 'p') ? 'discussion' : room.t;
    if (typeof room.msgs === 'number') {
      for (const ts of visibleTimes) this.add(`messages:${category}`, ts);
      const drift = room.msgs - visibleTimes.length;
      if (drift > 0) this.add(`messages:${category}`, at, drift);
    }
    for (const sub of subscriptions) if (sub.ls instanceof Date) this.max('lastSeen', sub.ls.getTime(), sub.ls.getTime());
  }

  message(doc: MessageDoc): void {
    const at = doc.ts.getTime();
    this.max('lastMessage', at, at);
    if (doc.tcount !== undefined) this.add('threads', at);
  }

  upload(doc: Doc): void {
    const at = ((doc.uploadedAt ?? doc._updatedAt) as Date).getTime();
    this.add('uploads', at);
    if (typeof doc.size === 'number') this.add('uploadsSize', at, doc.size);
  }
}
