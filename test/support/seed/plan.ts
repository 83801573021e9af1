/**
 * How many documents each size writes, decided before anything is written: tests and benchmarks can
 * read the plan of a large workspace without seeding one.
 */
import { CORE_ROOM_COUNT } from './core-rooms.js';
import { CORE_USER_COUNT } from './users.js';

export type SeedSize = 'tiny' | 'small' | 'medium' | 'large';

export const SEED_SIZES: readonly SeedSize[] = ['tiny', 'small', 'medium', 'large'];

/** Kinds of generated rooms, in the order their indexes are laid out. */
export type BulkRoomKind = 'c' | 'p' | 'd' | 'discussion' | 'team' | 'teamRoom' | 'l' | 'v';

/** The planned counts of one size. */
export interface SeedPlan {
  size: SeedSize;
  /** All users: the hand-written core (fixed accounts and every edge case) plus generated ones. */
  users: number;
  bulkUsers: number;
  /** All rooms, team main rooms included. */
  rooms: number;
  bulkRooms: Record<BulkRoomKind, number>;
  /** Visible messages written beyond the core's own: in generated rooms and in #general. */
  bulkMessages: number;
}

interface Target {
  users: number;
  rooms: number;
  messages: number;
}

const TARGETS: Record<SeedSize, Target> = {
  tiny: { users: 0, rooms: 0, messages: 0 },
  small: { users: 300, rooms: 200, messages: 5_000 },
  medium: { users: 10_000, rooms: 2_000, messages: 100_000 },
  large: { users: 100_000, rooms: 20_000, messages: 1_000_000 },
};

/** Share of each kind among generated rooms; `c` takes the rounding remainder. */
const ROOM_MIX: readonly (readonly [BulkRoomKind, number])[] = [
  ['p', 0.14],
  ['d', 0.4],
  ['discussion', 0.06],
  ['team', 0.02],
  ['teamRoom', 0.05],
  ['l', 0.1],
  ['v', 0.01],
];

export function planWorkspace(size: SeedSize): SeedPlan {
  const target = TARGETS[size];
  if (!target) throw new Error(`unknown seed size "${size}": use one of ${SEED_SIZES.join(', ')}`);
  const bulkUsers = Math.max(0, target.users - CORE_USER_COUNT);
  const bulkRoomTotal = Math.max(0, target.rooms - CORE_ROOM_COUNT);
  const bulkRooms: Record<BulkRoomKind, number> = { c: 0, p: 0, d: 0, discussion: 0, team: 0, teamRoom: 0, l: 0, v: 0 };
  let assigned = 0;
  for (const [kind, share] of ROOM_MIX) {
    bulkRooms[kind] = Math.floor(bulkRoomTotal * share);
    assigned += bulkRooms[kind];
  }
  // Team rooms need a team to live in.
  if (bulkRooms.teamRoom > 0 && bulkRooms.team === 0) {
    bulkRooms.team = 1;
    assigned += 1;
  }
  bulkRooms.c = Math.max(0, bulkRoomTotal - assigned);
  const rooms = CORE_ROOM_COUNT + Object.values(bulkRooms).reduce((sum, n) => sum + n, 0);
  return { size, users: CORE_USER_COUNT + bulkUsers, bulkUsers, rooms, bulkRooms, bulkMessages: target.messages };
}

/** The kind of the generated room at `index` (indexes are laid out kind after kind). */
export function bulkRoomKindAt(plan: SeedPlan, index: number): BulkRoomKind {
  let start = 0;
  for (const kind of BULK_ROOM_ORDER) {
    start += plan.bulkRooms[kind];
    if (index < start) return kind;
  }
  throw new Error(`generated room index ${index} is beyond the plan`);
}

export const BULK_ROOM_ORDER: readonly BulkRoomKind[] = ['c', 'p', 'd', 'discussion', 'team', 'teamRoom', 'l', 'v'];

export function bulkRoomTotal(plan: SeedPlan): number {
  return BULK_ROOM_ORDER.reduce((sum, kind) => sum + plan.bulkRooms[kind], 0);
}
