/**
 * The denormalised counters Rocket.Chat keeps agree with the documents they summarise, except where
 * the seeder breaks them on purpose (pruned history, a room without `msgs`), on a `small` workspace
 * so that generated rooms are covered too. Expectations are counted in TypeScript from the raw documents.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { seedWorkspace } from '../support/seed/index.js';
import { openFileDb } from '../support/db.js';
import { type Doc, type Workspace, docsOf, isVisible, readWorkspace } from './workspace-docs.js';

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k) ?? [];
    list.push(item);
    out.set(k, list);
  }
  return out;
}

describe('the counters of a seeded workspace', () => {
  let ws: Workspace;
  let messagesByRoom: Map<string, Doc[]>;
  beforeAll(async () => {
    const { db } = await openFileDb();
    await seedWorkspace(db, { size: 'small' });
    ws = await readWorkspace(db);
    messagesByRoom = groupBy(docsOf(ws, 'rocketchat_message'), (m) => String(m.rid));
  });

  it("match each room's msgs to its messages without _hidden, except pruned-* rooms (higher) and one room without msgs", () => {
    const mismatched: string[] = [];
    const withoutCounter: string[] = [];
    for (const room of docsOf(ws, 'rocketchat_room')) {
      const visible = (messagesByRoom.get(room._id) ?? []).filter(isVisible).length;
      if (!('msgs' in room)) {
        withoutCounter.push(String(room.name));
        expect(visible, 'the room without a counter still has messages').toBeGreaterThan(0);
        continue;
      }
      if (room.msgs !== visible) {
        mismatched.push(String(room.name));
        expect(room.msgs as number, String(room.name)).toBeGreaterThan(visible);
      }
    }
    expect(withoutCounter).toEqual(['legacy-import']);
    expect(mismatched.sort()).toEqual(['pruned-history', 'pruned-support']);
    const hidden = docsOf(ws, 'rocketchat_message').filter((m) => m._hidden === true);
    expect(hidden.length, 'hidden history copies exist and are left out of msgs').toBeGreaterThan(0);
  });

  it("give each thread parent a tcount of its visible replies, their distinct authors in replies and the last reply's time in tlm", () => {
    const replies = groupBy(docsOf(ws, 'rocketchat_message').filter((m) => typeof m.tmid === 'string' && isVisible(m)), (m) => String(m.tmid));
    const parents = docsOf(ws, 'rocketchat_message').filter((m) => isVisible(m) && 'tcount' in m);
    expect(parents.length).toBeGreaterThan(10);
    for (const parent of parents) {
      const own = replies.get(parent._id) ?? [];
      expect(parent.tcount, parent._id).toBe(own.length);
      expect(new Set(parent.replies as string[]), parent._id).toEqual(new Set(own.map((r) => (r.u as Doc)._id)));
      expect((parent.tlm as Date).getTime(), parent._id).toBe(Math.max(...own.map((r) => (r.ts as Date).getTime())));
    }
    for (const parentId of replies.keys()) expect(parents.some((p) => p._id === parentId), `reply to ${parentId} has a visible parent`).toBe(true);
  });

  it('match usersCount to the subscriptions, one per member of a room', () => {
    const subscriptions = docsOf(ws, 'rocketchat_subscription');
    const pairs = subscriptions.map((s) => `${String(s.rid)}/${String((s.u as Doc)._id)}`);
    expect(new Set(pairs).size).toBe(pairs.length);
    const byRoom = groupBy(subscriptions, (s) => String(s.rid));
    for (const room of docsOf(ws, 'rocketchat_room')) expect(room.usersCount, String(room.name ?? room._id)).toBe(byRoom.get(room._id)?.length ?? 0);
  });

  it("set unread to the top-level messages of others posted after the member's ls (or join), and alert when any", () => {
    let withUnread = 0;
    for (const sub of docsOf(ws, 'rocketchat_subscription')) {
      const since = ((sub.ls ?? sub.ts) as Date).getTime();
      const me = (sub.u as Doc)._id;
      const expected = (messagesByRoom.get(String(sub.rid)) ?? []).filter(
        (m) => isVisible(m) && (!m.t || m.t === 'e2e') && !m.tmid && (m.u as Doc)._id !== me && (m.ts as Date).getTime() > since,
      ).length;
      expect(sub.unread, String(sub._id)).toBe(expected);
      expect(sub.alert).toBe(expected > 0);
      if (expected > 0) withUnread++;
    }
    expect(withUnread).toBeGreaterThan(0);
  });

  it("keep each room's lastMessage and lm on its latest visible message outside threads", () => {
    for (const room of docsOf(ws, 'rocketchat_room')) {
      const candidates = (messagesByRoom.get(room._id) ?? []).filter((m) => isVisible(m) && (!m.tmid || m.tshow === true));
      if (candidates.length === 0) {
        expect(room.lastMessage).toBeUndefined();
        continue;
      }
      const latest = Math.max(...candidates.map((m) => (m.ts as Date).getTime()));
      expect((room.lm as Date).getTime(), String(room._id)).toBe(latest);
      expect(((room.lastMessage as Doc).ts as Date).getTime()).toBe(latest);
    }
  });

  it('name 1:1 direct rooms by their two user ids sorted and joined, and give group DMs their own id', () => {
    const direct = docsOf(ws, 'rocketchat_room').filter((r) => r.t === 'd');
    expect(direct.length).toBeGreaterThan(20);
    for (const room of direct) {
      const uids = room.uids as string[];
      if (uids.length <= 2) expect(room._id).toBe([...uids].sort().join(''));
      else expect(room._id).toHaveLength(17);
      expect(room.usersCount).toBe(uids.length);
    }
  });

  it('give every file message its upload record, in the same room and by the same user', () => {
    const uploads = new Map(docsOf(ws, 'rocketchat_uploads').map((u) => [u._id, u]));
    const files = docsOf(ws, 'rocketchat_message').filter((m) => m.file && isVisible(m));
    expect(files.length).toBeGreaterThan(5);
    for (const message of files) {
      const upload = uploads.get(String((message.file as Doc)._id));
      expect(upload, message._id).toBeDefined();
      expect(upload).toMatchObject({ rid: message.rid, userId: (message.u as Doc)._id, complete: true, size: (message.file as Doc).size });
    }
  });

  it('store daily statistics snapshots that count the documents created before each of them', () => {
    const snapshots = docsOf(ws, 'rocketchat_statistics');
    expect(snapshots.length).toBe(7);
    for (const snapshot of snapshots) {
      const at = (snapshot.createdAt as Date).getTime();
      const existedAt = (d: unknown) => (d as Date).getTime() <= at;
      const users = docsOf(ws, 'users').filter((u) => existedAt(u.createdAt));
      const rooms = docsOf(ws, 'rocketchat_room').filter((r) => existedAt(r.ts));
      const exactlyGuest = (u: Doc) => (u.roles as string[]).length === 1 && (u.roles as string[])[0] === 'guest';
      const activeUsers = users.filter((u) => u.active === true && !exactlyGuest(u) && u.type !== 'app' && u.type !== 'bot' && u.federated !== true && u.isRemote !== true);
      let messages = 0;
      for (const room of docsOf(ws, 'rocketchat_room')) {
        if (!['c', 'p', 'd', 'l'].includes(String(room.t)) || typeof room.msgs !== 'number') continue;
        const visible = (messagesByRoom.get(room._id) ?? []).filter(isVisible);
        messages += visible.filter((m) => existedAt(m.ts)).length + (existedAt(room.ts) ? room.msgs - visible.length : 0);
      }
      expect(snapshot, String(snapshot.createdAt)).toMatchObject({
        totalUsers: users.length,
        activeUsers: activeUsers.length,
        totalRooms: rooms.length,
        totalChannels: rooms.filter((r) => r.t === 'c').length,
        totalDirect: rooms.filter((r) => r.t === 'd').length,
        totalMessages: messages,
      });
    }
  });

  it("announce discussions in their parent room with the discussion's message count", () => {
    const notices = docsOf(ws, 'rocketchat_message').filter((m) => m.t === 'discussion-created');
    expect(notices.length).toBeGreaterThan(0);
    for (const notice of notices) {
      const discussion = docsOf(ws, 'rocketchat_room').find((r) => r._id === notice.drid);
      expect(discussion?.prid).toBe(notice.rid);
      expect(notice.dcount).toBe((messagesByRoom.get(String(notice.drid)) ?? []).filter(isVisible).length);
    }
  });
});
