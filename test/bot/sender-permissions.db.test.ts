import { beforeAll, describe, expect, test } from 'vitest';
import { createPermissionLookup } from '../../src/dispatch/sender-permissions.js';
import { openFileDb } from '../support/db.js';

const t = await openFileDb();

interface UserDoc {
  _id: string;
  roles: string[];
}
interface PermissionDoc {
  _id: string;
  roles: string[];
}

const users: UserDoc[] = [
  { _id: 'ada', roles: ['admin', 'user'] },
  { _id: 'bob', roles: ['user'] },
  { _id: 'cyd', roles: ['user', 'stats-viewer'] },
  { _id: 'guest1', roles: ['guest'] },
];
const permissions: PermissionDoc[] = [
  { _id: 'view-statistics', roles: ['admin', 'stats-viewer'] },
  { _id: 'edit-privileged-setting', roles: ['admin'] },
  { _id: 'create-d', roles: ['admin', 'user', 'bot'] },
];

beforeAll(async () => {
  await t.db.collection<UserDoc>('users').insertMany(users);
  await t.db.collection<PermissionDoc>('rocketchat_permissions').insertMany(permissions);
});

describe("a sender's permissions, read from Rocket.Chat's database", () => {
  test('each user holds exactly the permissions one of their roles is assigned', async () => {
    const lookup = createPermissionLookup(t.db);
    const storedUsers = await t.db.collection<UserDoc>('users').find({}).toArray();
    const storedPermissions = await t.db.collection<PermissionDoc>('rocketchat_permissions').find({}).toArray();
    for (const user of storedUsers) {
      for (const permission of storedPermissions) {
        const expected = user.roles.some((r) => permission.roles.includes(r));
        expect(await lookup.holds(user._id, permission._id), `${user._id} / ${permission._id}`).toBe(expected);
      }
    }
  });

  test('an unknown user holds nothing', async () => {
    expect(await createPermissionLookup(t.db).holds('nobody', 'create-d')).toBe(false);
  });

  test("a permission Rocket.Chat has not written falls back to Rocket.Chat's default roles", async () => {
    const lookup = createPermissionLookup(t.db);
    expect(await lookup.holds('ada', 'view-privileged-setting')).toBe(true);
    expect(await lookup.holds('bob', 'view-privileged-setting')).toBe(false);
    expect(await lookup.holds('ada', 'some-app-permission')).toBe(false);
  });

  test('a changed role assignment shows once the cache entry expires', async () => {
    let now = 1_000;
    const lookup = createPermissionLookup(t.db, { ttlMs: 30_000, now: () => now });
    expect(await lookup.holds('bob', 'edit-privileged-setting')).toBe(false);
    await t.db.collection<UserDoc>('users').updateOne({ _id: 'bob' }, { $set: { roles: ['user', 'admin'] } });
    now += 29_000;
    expect(await lookup.holds('bob', 'edit-privileged-setting')).toBe(false);
    now += 2_000;
    expect(await lookup.holds('bob', 'edit-privileged-setting')).toBe(true);
    await t.db.collection<UserDoc>('users').updateOne({ _id: 'bob' }, { $set: { roles: ['user'] } });
  });
});
