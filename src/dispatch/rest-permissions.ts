/**
 * What a Rocket.Chat user may do, for a bot without database access: the sender's global roles from
 * `GET users.info?userId=` against each permission's roles from `GET permissions.listAll`, the same rule
 * Rocket.Chat applies (authorization/server/functions/hasPermission.ts: any of the user's roles in the permission's
 * roles), cached briefly.
 *
 * users.info answers another user's `roles` (and `createdAt`, `emails`…) only to a caller holding
 * `view-full-other-user-info`; everyone else gets the public fields (api/server/v1/users.ts → lib/getFullUserData.ts).
 * Without it the bot cannot tell who may run a command, and says so in one line instead of refusing everybody.
 */
import { MissingPermissionError } from '../stats/rest/endpoints.js';
import { lookupFromRoles, type PermissionLookup } from './sender-permissions.js';

/** What the lookup needs of the bot's session. */
export interface PermissionReader {
  get<T>(path: string, query?: Record<string, string>): Promise<T>;
  /** The bot's own user id (its own record always comes in full). */
  selfId(): string;
}

/** What users.info's refusal costs, for the one line. */
export const SENDER_ROLES_WHAT = 'other users’ roles (GET /api/v1/users.info), so it cannot tell whether a sender may run a command';

interface Cached<T> {
  value: T;
  expires: number;
}

interface UserView {
  roles?: unknown;
  createdAt?: unknown;
}

/** The lookup over REST with a short cache (a changed role shows within `ttlMs`). */
export function createRestPermissionLookup(rest: PermissionReader, options: { ttlMs?: number; now?: () => number } = {}): PermissionLookup {
  const ttlMs = options.ttlMs ?? 30_000;
  const now = options.now ?? Date.now;
  const users = new Map<string, Cached<readonly string[]>>();
  let permissions: Cached<ReadonlyMap<string, readonly string[]>> | undefined;

  const strings = (value: unknown) => (Array.isArray(value) ? value.filter((r): r is string => typeof r === 'string') : []);

  async function rolesOfUser(userId: string, fresh: boolean): Promise<readonly string[]> {
    const hit = users.get(userId);
    if (!fresh && hit && hit.expires > now()) return hit.value;
    const { user } = await rest.get<{ user?: UserView }>('users.info', { userId });
    // The full view always carries createdAt; the public one never does, and never roles.
    if (userId !== rest.selfId() && user && user.roles === undefined && user.createdAt === undefined) {
      throw new MissingPermissionError('view-full-other-user-info', SENDER_ROLES_WHAT);
    }
    const value = strings(user?.roles);
    users.set(userId, { value, expires: now() + ttlMs });
    return value;
  }

  async function rolesOfPermission(permission: string, fresh: boolean): Promise<readonly string[]> {
    if (fresh || !permissions || permissions.expires <= now()) {
      const { update } = await rest.get<{ update?: { _id?: unknown; roles?: unknown }[] }>('permissions.listAll');
      permissions = { value: new Map((update ?? []).map((doc) => [String(doc._id), strings(doc.roles)])), expires: now() + ttlMs };
    }
    return permissions.value.get(permission) ?? [];
  }

  return lookupFromRoles(rolesOfUser, rolesOfPermission);
}
