/**
 * The `users` collection: the hand-written core (the fixed accounts and one user for every edge case
 * of the statistics, present in every size) and generated users with the same variety.
 *
 * Finding (Rocket.Chat source, `app/authentication/server/startup/index.js` `Accounts.insertUserDoc`,
 * reached from `saveUser` → `saveNewUser` → `Accounts.createUserAsync`): a user an admin creates gets
 * `type: 'user'` whatever its roles, the `bot` role included; only `rocket.cat`, inserted directly by
 * `server/startup/initialData.ts`, has `type: 'bot'`. So the `infobot` account is `type: 'user'`,
 * which also means Rocket.Chat 7.0+ counts it among `activeUsers` (its bot exclusion is by type).
 */
import type { SeedContext, UserRef } from './context.js';
import { DAY, HOUR, MINUTE, WORKSPACE_AGE, ago, between } from './context.js';
import { hashPasswordWithSalt } from './password.js';
import { rngFor, type Rng } from './random.js';
import { FIRST_NAMES, LANGUAGES, LAST_NAMES } from './words.js';

/** What a user is, for choosing room members and counting. */
export type UserKind = 'human' | 'admin' | 'guest' | 'agent' | 'manager' | 'bot' | 'app' | 'federated' | 'remote';

/** A user known to the generators: its reference, its kind and its document. */
export interface SeedUser {
  ref: UserRef;
  kind: UserKind;
  createdAt: Date;
  active: boolean | undefined;
  doc: Record<string, unknown>;
}

/** The fixed accounts every size has, with the passwords tests log in with. */
export const FIXED_ACCOUNTS = {
  admin: { username: 'admin', name: 'Administrator', password: 'admin-pass-123', roles: ['admin'] },
  user: { username: 'user', name: 'Regular User', password: 'user-pass-123', roles: ['user'] },
  bot: { username: 'infobot', name: 'Info Bot', password: 'bot-pass-123', roles: ['bot', 'admin'] },
} as const;

/** A custom role (an admin-made role, `protected: false`), held by one core user. */
export const CUSTOM_ROLE = { name: 'support-lead', description: 'Support lead' } as const;

type Status = 'online' | 'away' | 'busy' | 'offline' | 'disabled';

interface UserShape {
  username: string;
  name: string;
  kind: UserKind;
  type?: 'user' | 'bot' | 'app';
  roles: string[];
  /** `undefined` writes no `active` field at all. */
  active: boolean | undefined;
  /** `undefined` writes no `status` field. */
  status: Status | undefined;
  /** `undefined` writes no `language` field; `''` is an empty one. */
  language?: string;
  lastLogin?: Date;
  createdAt: Date;
  email?: boolean;
  services?: Record<string, unknown>;
  extra?: Record<string, unknown>;
}

function statusConnection(status: Status | undefined): string {
  if (status === 'online' || status === 'busy') return 'online';
  if (status === 'away') return 'away';
  return 'offline';
}

function emailOf(username: string): string {
  return `${username.replace(/[^a-z0-9.]/gi, '.').replace(/^\.+/, '')}@example.com`;
}

function buildUser(id: string, shape: UserShape): SeedUser {
  const doc: Record<string, unknown> = {
    _id: id,
    createdAt: shape.createdAt,
    username: shape.username,
    name: shape.name,
    type: shape.type ?? 'user',
    roles: shape.roles,
  };
  if (shape.email !== false) doc.emails = [{ address: emailOf(shape.username), verified: true }];
  if (shape.active !== undefined) doc.active = shape.active;
  if (shape.status !== undefined) {
    doc.status = shape.status;
    doc.statusConnection = statusConnection(shape.status);
  }
  doc.utcOffset = 0;
  if (shape.language !== undefined) doc.language = shape.language;
  if (shape.lastLogin) doc.lastLogin = shape.lastLogin;
  doc.services = shape.services ?? (shape.lastLogin ? { resume: { loginTokens: [] } } : {});
  doc.settings = {};
  Object.assign(doc, shape.extra);
  doc._updatedAt = shape.lastLogin && shape.lastLogin > shape.createdAt ? shape.lastLogin : shape.createdAt;
  return {
    ref: { _id: id, username: shape.username, name: shape.name },
    kind: shape.kind,
    createdAt: shape.createdAt,
    active: shape.active,
    doc,
  };
}

function passwordServices(rng: Rng, password: string): Record<string, unknown> {
  const salt = Array.from({ length: 16 }, () => rng.int(0, 255));
  return { password: { bcrypt: hashPasswordWithSalt(password, salt) }, resume: { loginTokens: [] } };
}

function totp(rng: Rng, enabled: boolean): Record<string, unknown> {
  return { enabled, secret: rng.hex(32).toUpperCase(), hashedBackup: [] };
}

function email2fa(changedAt: Date, enabled: boolean): Record<string, unknown> {
  return { enabled, changedAt };
}

/** Builders of the core users, in a fixed order (their index seeds their id). */
function coreShapes(ctx: SeedContext, rng: Rng, customRoleId: string): UserShape[] {
  const installed = ctx.installedAt;
  const day = (n: number) => new Date(installed.getTime() + n * DAY);
  return [
    {
      ...FIXED_ACCOUNTS.admin,
      roles: [...FIXED_ACCOUNTS.admin.roles],
      kind: 'admin',
      active: true,
      status: 'online',
      language: 'en',
      lastLogin: ago(ctx, 15 * MINUTE),
      createdAt: installed,
      services: passwordServices(rng, FIXED_ACCOUNTS.admin.password),
      extra: { statusDefault: 'online', requirePasswordChange: false },
    },
    {
      ...FIXED_ACCOUNTS.user,
      roles: [...FIXED_ACCOUNTS.user.roles],
      kind: 'human',
      active: true,
      status: 'away',
      language: 'pt-BR',
      lastLogin: ago(ctx, 2 * HOUR),
      createdAt: day(3),
      services: passwordServices(rng, FIXED_ACCOUNTS.user.password),
    },
    {
      ...FIXED_ACCOUNTS.bot,
      roles: [...FIXED_ACCOUNTS.bot.roles],
      kind: 'bot',
      type: 'user',
      active: true,
      status: 'online',
      lastLogin: ago(ctx, HOUR),
      createdAt: day(5),
      services: passwordServices(rng, FIXED_ACCOUNTS.bot.password),
    },
    {
      username: 'rocket.cat',
      name: 'Rocket.Cat',
      kind: 'bot',
      type: 'bot',
      roles: ['bot'],
      active: true,
      status: 'online',
      createdAt: installed,
      email: false,
      extra: { statusDefault: 'online' },
    },
    { username: 'guest.only', name: 'Gina Guest', kind: 'guest', roles: ['guest'], active: true, status: 'offline', language: '', lastLogin: ago(ctx, 3 * DAY), createdAt: day(30) },
    {
      username: 'guest.and.user',
      name: 'Gus Both',
      kind: 'human',
      roles: ['guest', 'user'],
      active: true,
      status: 'busy',
      language: 'de',
      lastLogin: ago(ctx, 5 * HOUR),
      createdAt: day(31),
      services: { resume: { loginTokens: [] }, totp: totp(rng, false) },
    },
    {
      username: 'guest.deactivated',
      name: 'Dora Former',
      kind: 'guest',
      roles: ['guest'],
      active: false,
      status: 'offline',
      lastLogin: ago(ctx, 60 * DAY),
      createdAt: day(40),
      extra: { inactiveReason: 'deactivated' },
    },
    {
      username: 'guest.remote',
      name: 'Remo Guest',
      kind: 'remote',
      roles: ['guest'],
      active: true,
      status: 'offline',
      createdAt: day(50),
      email: false,
      extra: { isRemote: true, federation: { _id: rng.id(), peer: 'remote.example.com' } },
    },
    {
      username: 'guest.federated',
      name: 'Fed Guest',
      kind: 'federated',
      roles: ['guest'],
      active: true,
      status: 'online',
      createdAt: day(52),
      email: false,
      extra: { federated: true },
    },
    {
      username: 'poll.bot',
      name: 'Poll App',
      kind: 'app',
      type: 'app',
      roles: ['app'],
      active: true,
      status: 'online',
      createdAt: day(60),
      email: false,
      extra: { appId: rng.uuid() },
    },
    { username: 'bot.legacy', name: 'Legacy Bot', kind: 'bot', type: 'bot', roles: ['bot'], active: true, status: 'offline', lastLogin: ago(ctx, 30 * DAY), createdAt: day(10), email: false },
    {
      username: 'deactivated.totp',
      name: 'Otto Gone',
      kind: 'human',
      roles: ['user'],
      active: false,
      status: 'offline',
      language: 'en',
      lastLogin: ago(ctx, 200 * DAY),
      createdAt: day(12),
      services: { resume: { loginTokens: [] }, totp: totp(rng, true), email2fa: email2fa(day(13), true) },
      extra: { inactiveReason: 'deactivated' },
    },
    { username: 'deactivated.online', name: 'Stale Presence', kind: 'human', roles: ['user'], active: false, status: 'online', language: 'en', lastLogin: ago(ctx, 9 * DAY), createdAt: day(14) },
    { username: 'no.active.field', name: 'Imported Ivo', kind: 'human', roles: ['user'], active: undefined, status: undefined, createdAt: day(15), extra: { importIds: [rng.id(9)] } },
    { username: 'status.disabled', name: 'Dis Abled', kind: 'human', roles: ['user'], active: true, status: 'disabled', language: 'en', lastLogin: ago(ctx, 20 * DAY), createdAt: day(16) },
    {
      username: 'totp.user',
      name: 'Tara Totp',
      kind: 'human',
      roles: ['user'],
      active: true,
      status: 'online',
      language: 'es',
      lastLogin: ago(ctx, 10 * MINUTE),
      createdAt: day(17),
      services: { resume: { loginTokens: [] }, totp: totp(rng, true), email2fa: email2fa(day(18), false) },
    },
    {
      username: 'email2fa.user',
      name: 'Emil Code',
      kind: 'human',
      roles: ['user'],
      active: true,
      status: 'away',
      language: 'fr',
      lastLogin: ago(ctx, 4 * HOUR),
      createdAt: day(19),
      services: { resume: { loginTokens: [] }, email2fa: email2fa(day(19), true) },
    },
    {
      username: '@alice:matrix.example.org',
      name: 'Alice Matrix',
      kind: 'federated',
      roles: ['user'],
      active: true,
      status: 'offline',
      createdAt: day(70),
      email: false,
      extra: { federated: true, federation: { version: 1, mui: '@alice:matrix.example.org', origin: 'matrix.example.org' } },
    },
    {
      username: 'bob@remote.example.com',
      name: 'Bob Remote',
      kind: 'remote',
      roles: ['user'],
      active: true,
      status: 'offline',
      createdAt: day(71),
      email: false,
      extra: { isRemote: true, federation: { _id: rng.id(), peer: 'remote.example.com' } },
    },
    {
      username: 'agent.lena',
      name: 'Lena Agent',
      kind: 'agent',
      roles: ['user', 'livechat-agent'],
      active: true,
      status: 'online',
      language: 'en',
      lastLogin: ago(ctx, 30 * MINUTE),
      createdAt: day(80),
      extra: { statusLivechat: 'available', livechat: { maxNumberSimultaneousChat: 5 } },
    },
    { username: 'manager.oskar', name: 'Oskar Manager', kind: 'manager', roles: ['user', 'livechat-manager'], active: true, status: 'away', language: 'de', lastLogin: ago(ctx, 6 * HOUR), createdAt: day(81) },
    { username: 'monitor.rosa', name: 'Rosa Monitor', kind: 'manager', roles: ['user', 'livechat-monitor'], active: true, status: 'offline', language: 'it', lastLogin: ago(ctx, 2 * DAY), createdAt: day(82) },
    {
      username: 'admin.agent',
      name: 'Ada Agent-Admin',
      kind: 'admin',
      roles: ['admin', 'livechat-agent'],
      active: true,
      status: 'online',
      language: 'en',
      lastLogin: ago(ctx, 45 * MINUTE),
      createdAt: day(83),
      extra: { statusLivechat: 'not-available' },
    },
    {
      username: 'ldap.user',
      name: 'Lars Directory',
      kind: 'human',
      roles: ['user'],
      active: true,
      status: 'offline',
      language: 'en',
      lastLogin: ago(ctx, DAY),
      createdAt: day(90),
      services: { resume: { loginTokens: [] }, ldap: { id: rng.hex(32), idAttribute: 'uid' } },
      extra: { ldap: true },
    },
    {
      username: 'ldap.guest',
      name: 'Lia Directory-Guest',
      kind: 'guest',
      roles: ['guest'],
      active: true,
      status: 'offline',
      lastLogin: ago(ctx, 8 * DAY),
      createdAt: day(91),
      services: { resume: { loginTokens: [] }, ldap: { id: rng.hex(32), idAttribute: 'uid' } },
      extra: { ldap: true },
    },
    {
      username: 'google.user',
      name: 'Gael Oauth',
      kind: 'human',
      roles: ['user'],
      active: true,
      status: 'online',
      language: 'pt-BR',
      lastLogin: ago(ctx, 20 * MINUTE),
      createdAt: day(92),
      services: {
        resume: { loginTokens: [] },
        google: { id: String(rng.int(1e9, 9e9)), email: 'google.user@example.com', verified_email: true, name: 'Gael Oauth' },
        github: { id: rng.int(1e5, 9e6), username: 'gael-oauth' },
      },
    },
    {
      username: 'saml.user',
      name: 'Sam Sso',
      kind: 'human',
      roles: ['user'],
      active: false,
      status: 'offline',
      lastLogin: ago(ctx, 100 * DAY),
      createdAt: day(93),
      services: { saml: { provider: 'corp-idp', idp: 'https://idp.example.com', nameID: 'sam.sso@example.com' } },
    },
    { username: 'voip.user', name: 'Vic Phone', kind: 'human', roles: ['user'], active: true, status: 'busy', language: 'en', lastLogin: ago(ctx, 3 * HOUR), createdAt: day(94), extra: { extension: '1001' } },
    { username: 'support.lead', name: 'Sol Lead', kind: 'human', roles: ['user', customRoleId], active: true, status: 'online', language: 'pl', lastLogin: ago(ctx, HOUR), createdAt: day(95) },
    { username: 'never.logged', name: 'Nia Newcomer', kind: 'human', roles: ['user'], active: true, status: 'offline', createdAt: ago(ctx, 2 * DAY), extra: { requirePasswordChange: true } },
  ];
}

/** How many core users there are (the same in every size). */
export const CORE_USER_COUNT = 30;

/** The id of the custom role: Rocket.Chat gives admin-made roles a random id, not their name. */
export function customRoleId(ctx: SeedContext): string {
  return rngFor(ctx.seed, 'custom-role').id();
}

/** The core users; ids come from the seed, except `rocket.cat`, whose id is its name as in Rocket.Chat. */
export function coreUsers(ctx: SeedContext): SeedUser[] {
  const rng = rngFor(ctx.seed, 'core-users');
  const shapes = coreShapes(ctx, rng, customRoleId(ctx));
  if (shapes.length !== CORE_USER_COUNT) throw new Error(`CORE_USER_COUNT is ${CORE_USER_COUNT} but ${shapes.length} core users are defined`);
  return shapes.map((shape, index) => buildUser(shape.username === 'rocket.cat' ? 'rocket.cat' : rngFor(ctx.seed, 'core-user', index).id(), shape));
}

const BULK_KINDS: readonly (readonly [UserKind | 'guestUser', number])[] = [
  ['human', 0.905],
  ['guest', 0.025],
  ['guestUser', 0.005],
  ['agent', 0.012],
  ['manager', 0.003],
  ['admin', 0.003],
  ['bot', 0.002],
  ['app', 0.001],
  ['federated', 0.002],
  ['remote', 0.002],
];

const ACTIVE_STATUS: readonly (readonly [Status, number])[] = [
  ['online', 0.2],
  ['away', 0.1],
  ['busy', 0.06],
  ['offline', 0.635],
  ['disabled', 0.005],
];

function bulkLanguage(rng: Rng): string | undefined {
  const roll = rng.next();
  if (roll < 0.45) return 'en';
  if (roll < 0.49) return '';
  if (roll < 0.7) return undefined;
  return rng.pick(LANGUAGES);
}

/** Generated user number `index`: the same index and seed always give the same user. */
export function bulkUser(ctx: SeedContext, index: number): SeedUser {
  const rng = rngFor(ctx.seed, 'bulk-user', index);
  const picked = rng.weighted(BULK_KINDS);
  const first = rng.pick(FIRST_NAMES);
  const last = rng.pick(LAST_NAMES);
  const base = `${first}.${last}.${index}`.toLowerCase();
  const name = `${first} ${last}`;
  const createdAt = between(new Date(ctx.now.getTime() - WORKSPACE_AGE + DAY), ago(ctx, HOUR), rng.next());
  const activeRoll = rng.next();
  const active = activeRoll < 0.94 ? true : activeRoll < 0.995 ? false : undefined;
  const status: Status | undefined = active === undefined ? undefined : active ? rng.weighted(ACTIVE_STATUS) : rng.chance(0.03) ? 'online' : 'offline';
  const loggedIn = rng.chance(active ? 0.9 : 0.5);
  const sinceCreation = ctx.now.getTime() - createdAt.getTime();
  const lastLogin = loggedIn ? new Date(ctx.now.getTime() - Math.floor(sinceCreation * rng.next() ** 3)) : undefined;
  const language = bulkLanguage(rng);
  const services: Record<string, unknown> = loggedIn ? { resume: { loginTokens: [] } } : {};
  if (rng.chance(0.03)) services.totp = totp(rng, rng.chance(0.9));
  if (rng.chance(0.05)) services.email2fa = email2fa(createdAt, rng.chance(0.9));
  if (rng.chance(0.04)) services.ldap = { id: rng.hex(32), idAttribute: 'uid' };
  const id = rng.id();
  const common = { name, active, status, language, lastLogin, createdAt, services };
  switch (picked) {
    case 'guest':
      return buildUser(id, { ...common, username: base, kind: 'guest', roles: ['guest'] });
    case 'guestUser':
      return buildUser(id, { ...common, username: base, kind: 'human', roles: ['guest', 'user'] });
    case 'agent':
      return buildUser(id, { ...common, username: base, kind: 'agent', roles: ['user', 'livechat-agent'], extra: { statusLivechat: rng.pick(['available', 'not-available']) } });
    case 'manager':
      return buildUser(id, { ...common, username: base, kind: 'manager', roles: ['user', 'livechat-manager'] });
    case 'admin':
      return buildUser(id, { ...common, username: base, kind: 'admin', roles: rng.chance(0.5) ? ['admin'] : ['user', 'admin'] });
    case 'bot':
      return buildUser(id, { ...common, username: `${base}.bot`, kind: 'bot', type: 'bot', roles: ['bot'], email: false, language: undefined });
    case 'app':
      return buildUser(id, {
        ...common,
        username: `${base}.app`,
        kind: 'app',
        type: 'app',
        roles: ['app'],
        active: true,
        status: 'online',
        email: false,
        lastLogin: undefined,
        services: {},
        extra: { appId: rng.uuid() },
      });
    case 'federated': {
      const username = `@${base}:matrix.example.org`;
      return buildUser(id, {
        ...common,
        username,
        kind: 'federated',
        roles: ['user'],
        email: false,
        extra: { federated: true, federation: { version: 1, mui: username, origin: 'matrix.example.org' } },
      });
    }
    case 'remote':
      return buildUser(id, {
        ...common,
        username: `${base}@remote.example.com`,
        kind: 'remote',
        roles: ['user'],
        email: false,
        extra: { isRemote: true, federation: { _id: rng.id(), peer: 'remote.example.com' } },
      });
    default:
      return buildUser(id, { ...common, username: base, kind: 'human', roles: ['user'] });
  }
}

/** Kinds that join ordinary rooms (not bots, apps or users of other servers). */
export function joinsRooms(kind: UserKind): boolean {
  return kind === 'human' || kind === 'admin' || kind === 'guest' || kind === 'agent' || kind === 'manager';
}
