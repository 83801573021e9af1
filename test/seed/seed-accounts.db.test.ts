/**
 * The fixed accounts every size has: passwords stored as Rocket.Chat stores them, the permissions
 * their roles grant through the seeded permission table, and the bot's control room.
 */
import { createHash } from 'node:crypto';
import bcrypt from 'bcryptjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { hashPasswordForRocketChat, type SeedResult, seedWorkspace } from '../support/seed/index.js';
import { openFileDb } from '../support/db.js';
import { type Doc, type Workspace, byUsername, docsOf, readWorkspace } from './workspace-docs.js';

const digest = (password: string) => createHash('sha256').update(password).digest('hex');

/** Permissions a user holds: the permission documents naming one of the user's roles. */
function permissionsOf(ws: Workspace, user: Doc): Set<string> {
  const roles = user.roles as string[];
  return new Set(docsOf(ws, 'rocketchat_permissions').filter((p) => (p.roles as string[]).some((r) => roles.includes(r))).map((p) => p._id));
}

describe('the fixed accounts', () => {
  let ws: Workspace;
  let result: SeedResult;
  beforeAll(async () => {
    const { db } = await openFileDb();
    result = await seedWorkspace(db, { size: 'tiny' });
    ws = await readWorkspace(db);
  });

  it.each([
    ['admin', 'admin-pass-123'],
    ['user', 'user-pass-123'],
    ['infobot', 'bot-pass-123'],
  ])('%s logs in with its password: bcrypt of the hex SHA-256, as Rocket.Chat checks it', (username, password) => {
    const stored = (byUsername(ws, username).services as { password: { bcrypt: string } }).password.bcrypt;
    expect(stored).toMatch(/^\$2[ab]\$10\$/);
    expect(bcrypt.compareSync(digest(password), stored)).toBe(true);
    expect(bcrypt.compareSync(digest(`${password}x`), stored)).toBe(false);
    expect(bcrypt.compareSync(password, stored), 'the plain password is not what is hashed').toBe(false);
  });

  it('are the only accounts with a password', () => {
    const withPassword = docsOf(ws, 'users').filter((u) => (u.services as { password?: unknown }).password).map((u) => u.username);
    expect(withPassword.sort()).toEqual(['admin', 'infobot', 'user']);
  });

  it('are reported with their ids, usernames, passwords and roles', () => {
    const expected = { admin: ['admin', 'admin-pass-123'], user: ['user', 'user-pass-123'], bot: ['infobot', 'bot-pass-123'] } as const;
    for (const [key, [username, password]] of Object.entries(expected) as [keyof typeof expected, readonly [string, string]][]) {
      const doc = byUsername(ws, username);
      expect(result.accounts[key]).toEqual({ _id: doc._id, username, password, roles: doc.roles });
    }
  });

  it('give the admin and the bot view-statistics and edit-privileged-setting, and the user neither', () => {
    for (const username of ['admin', 'infobot']) {
      const granted = permissionsOf(ws, byUsername(ws, username));
      expect(granted.has('view-statistics'), username).toBe(true);
      expect(granted.has('edit-privileged-setting'), username).toBe(true);
      expect(granted.has('view-privileged-setting'), username).toBe(true);
    }
    const user = permissionsOf(ws, byUsername(ws, 'user'));
    expect(user.has('view-statistics')).toBe(false);
    expect(user.has('edit-privileged-setting')).toBe(false);
    expect(user.has('view-c-room')).toBe(true);
  });

  it("make the bot a type 'user' account with the bot role (how an admin-created bot is stored), and rocket.cat a type 'bot'", () => {
    expect(byUsername(ws, 'infobot')).toMatchObject({ type: 'user', active: true });
    expect(byUsername(ws, 'infobot').roles).toContain('bot');
    expect(byUsername(ws, 'rocket.cat')).toMatchObject({ type: 'bot', roles: ['bot'] });
    expect(permissionsOf(ws, byUsername(ws, 'infobot')).has('message-impersonate')).toBe(true);
  });

  it('put admin, user and the bot in #infobot-admin, a public channel with one subscription each', () => {
    const room = docsOf(ws, 'rocketchat_room').find((r) => r._id === result.adminRoom._id);
    expect(room).toMatchObject({ t: 'c', name: 'infobot-admin', usersCount: 3 });
    const members = docsOf(ws, 'rocketchat_subscription').filter((s) => s.rid === result.adminRoom._id).map((s) => (s.u as Doc).username);
    expect(members.sort()).toEqual(['admin', 'infobot', 'user']);
  });

  it('hashPasswordForRocketChat salts every hash and verifies against the SHA-256 digest', () => {
    const first = hashPasswordForRocketChat('s3cret');
    const second = hashPasswordForRocketChat('s3cret');
    expect(first).not.toBe(second);
    expect(bcrypt.getRounds(first)).toBe(10);
    expect(bcrypt.compareSync(digest('s3cret'), first) && bcrypt.compareSync(digest('s3cret'), second)).toBe(true);
  });
});
