/** The Rocket.Chat workspace seeder: deterministic, Rocket.Chat-shaped documents for tests, benchmarks, the emulator and the sandbox. */
export type { SeedAccount, SeedOptions, SeedResult } from './seed-workspace.js';
export { DEFAULT_NOW, DEFAULT_RC_VERSION, seedWorkspace } from './seed-workspace.js';
export type { SeedPlan, SeedSize } from './plan.js';
export { SEED_SIZES, planWorkspace } from './plan.js';
export { hashPasswordForRocketChat } from './password.js';
