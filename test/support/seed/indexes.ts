/**
 * The indexes Rocket.Chat's models declare that the statistics queries lean on, plus the unique ones
 * that keep the seeded data honest (one username, one subscription per member and room). TTL indexes
 * (`instances._updatedAt`, `rocketchat_statistics.createdAt`) are created as plain indexes:
 * FerretDB refuses `expireAfterSeconds`, and a seeded stale instance must not vanish mid-test.
 */
import type { Db, IndexDescription } from 'mongodb';

const INDEXES: Record<string, IndexDescription[]> = {
  users: [
    { key: { username: 1 }, unique: true, sparse: true },
    { key: { roles: 1 }, sparse: true },
    { key: { status: 1 } },
    { key: { active: 1 }, sparse: true },
    { key: { type: 1 } },
    { key: { language: 1 }, sparse: true },
    { key: { lastLogin: 1 } },
    // packages/models/src/models/Users.ts: the federation flags and the two "used by statistics".
    { key: { federated: 1 }, sparse: true },
    { key: { isRemote: 1 }, sparse: true },
    { key: { active: 1, 'services.email2fa.enabled': 1 }, sparse: true },
    { key: { active: 1, 'services.totp.enabled': 1 }, sparse: true },
  ],
  rocketchat_room: [
    { key: { t: 1 } },
    { key: { prid: 1 }, sparse: true },
    { key: { teamId: 1, teamDefault: 1 }, sparse: true },
    // packages/models/src/models/Rooms.ts: `federated`, and `encrypted` / `broadcast` "used on statistics".
    { key: { federated: 1 }, sparse: true },
    { key: { encrypted: 1 }, sparse: true },
    { key: { broadcast: 1 }, sparse: true },
  ],
  rocketchat_message: [
    { key: { rid: 1, ts: 1, _updatedAt: 1 } },
    { key: { ts: 1 } },
    { key: { tcount: 1, tlm: 1 }, sparse: true },
    { key: { pinned: 1 }, sparse: true },
    { key: { 'starred._id': 1 }, sparse: true },
  ],
  rocketchat_subscription: [{ key: { rid: 1, 'u._id': 1 }, unique: true }, { key: { ls: 1 } }],
  rocketchat_statistics: [{ key: { createdAt: -1 } }],
  instances: [{ key: { _updatedAt: 1 } }],
  rocketchat_sessions: [{ key: { type: 1, year: 1, month: 1, day: 1 } }],
  rocketchat_team: [{ key: { name: 1 }, unique: true }, { key: { roomId: 1 }, unique: true }],
  rocketchat_team_member: [{ key: { teamId: 1, userId: 1 }, unique: true }],
};

export async function createIndexes(db: Db): Promise<void> {
  await Promise.all(Object.entries(INDEXES).map(([collection, specs]) => db.collection(collection).createIndexes(specs)));
}
