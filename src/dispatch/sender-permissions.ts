/**
 * What a Rocket.Chat user may do, answered the way Rocket.Chat answers it: the user's global roles
 * (`users.roles`) against the role list of the permission (`rocketchat_permissions`), cached briefly.
 *
 * Read from Rocket.Chat's database (read-only, like the statistics) rather than REST: `users.info`
 * returns roles only to callers holding `view-full-other-user-info`, an admin-level permission the
 * bot account should not need, and the database is what Rocket.Chat itself consults.
 */
import type { Db } from 'mongodb';

/** Answers "does this user hold this permission?". */
export interface PermissionLookup {
  /** `fresh`: read both role lists from the database now (and refresh the cache), for actions that change things. */
  holds(userId: string, permission: string, options?: { fresh?: boolean }): Promise<boolean>;
  /** Whether the user has a global role (e.g. `bot`: Rocket.Chat's role for bot accounts). */
  hasRole?(userId: string, role: string): Promise<boolean>;
}

/**
 * Rocket.Chat's default role lists (authorization/server/constant/permissions.ts), used only when the
 * permission's document is missing; Rocket.Chat writes those documents at every start.
 */
const DEFAULT_ROLES: Readonly<Record<string, readonly string[]>> = {
  'view-statistics': ['admin'],
  'view-privileged-setting': ['admin'],
  'edit-privileged-setting': ['admin'],
  'manage-cloud': ['admin'],
};

interface Cached<T> {
  value: T;
  expires: number;
}

/** A lookup over Rocket.Chat's database with a short cache (a changed role shows within `ttlMs`). */
export function createPermissionLookup(db: Db, options: { ttlMs?: number; now?: () => number } = {}): PermissionLookup {
  const ttlMs = options.ttlMs ?? 30_000;
  const now = options.now ?? Date.now;
  const cache = new Map<string, Cached<readonly string[]>>();

  async function cached(key: string, load: () => Promise<readonly string[]>, fresh: boolean): Promise<readonly string[]> {
    const hit = cache.get(key);
    if (!fresh && hit && hit.expires > now()) return hit.value;
    const value = await load();
    cache.set(key, { value, expires: now() + ttlMs });
    return value;
  }

  const rolesOfUser = (userId: string, fresh: boolean) =>
    cached(`user:${userId}`, async () => {
      const user = await db.collection<{ _id: string; roles?: unknown }>('users').findOne({ _id: userId }, { projection: { roles: 1 } });
      return Array.isArray(user?.roles) ? user.roles.filter((r): r is string => typeof r === 'string') : [];
    }, fresh);

  const rolesOfPermission = (permission: string, fresh: boolean) =>
    cached(`permission:${permission}`, async () => {
      const doc = await db
        .collection<{ _id: string; roles?: unknown }>('rocketchat_permissions')
        .findOne({ _id: permission }, { projection: { roles: 1 } });
      if (!doc) return DEFAULT_ROLES[permission] ?? [];
      return Array.isArray(doc.roles) ? doc.roles.filter((r): r is string => typeof r === 'string') : [];
    }, fresh);

  return lookupFromRoles(rolesOfUser, rolesOfPermission);
}

/** The roles of a user, or the roles granted a permission; `fresh` bypasses the cache. */
type RolesOf = (id: string, fresh: boolean) => Promise<readonly string[]>;

/** A sender holds a permission when one of their roles is granted it: the rule both sources (database, REST) share. */
export function lookupFromRoles(rolesOfUser: RolesOf, rolesOfPermission: RolesOf): PermissionLookup {
  return {
    async hasRole(userId, role) {
      return (await rolesOfUser(userId, false)).includes(role);
    },
    async holds(userId, permission, options = {}) {
      const fresh = options.fresh === true;
      const [userRoles, permissionRoles] = await Promise.all([rolesOfUser(userId, fresh), rolesOfPermission(permission, fresh)]);
      return userRoles.some((role) => permissionRoles.includes(role));
    },
  };
}
