/**
 * The license shapes the verifier reads (derived from the zod schemas in schema.ts) and the verdict it gives.
 * Declared here so the runtime never depends on Rocket.Chat's type packages.
 */
import type { z } from 'zod';
import type { LicenseBehavior, LimitKind } from './rules.js';
import type { licenseTagSchema, licenseV2Schema, licenseV3Schema, serverUrlRuleSchema } from './schema.js';

export type { LicenseBehavior, LimitKind } from './rules.js';

/** A plan tag as Rocket.Chat shows it (name and hex colour). */
export type LicenseTag = z.infer<typeof licenseTagSchema>;
/** One server URL rule; every rule of a license must match the workspace URL. */
export type ServerUrlRule = z.infer<typeof serverUrlRuleSchema>;
export type LicenseV3 = z.infer<typeof licenseV3Schema>;
export type LicenseV2 = z.infer<typeof licenseV2Schema>;
/** One limit entry: `max` -1 means unlimited. */
export type LicenseLimit = NonNullable<LicenseV3['limits'][LimitKind]>[number];

/**
 * Why a license is not valid: `empty`, `format` and `signature` mean it could not be read at all; `pending` means
 * Rocket.Chat keeps it without validating until Site_Url is set. Also the kind of a warning (`period`, `limit`).
 */
export type VerdictCode = 'empty' | 'format' | 'signature' | 'period' | 'url' | 'limit' | 'pending';

/** One reason, with a message that says what to do. */
export interface VerdictReason {
  code: VerdictCode;
  message: string;
}

/** A limit entry of the license with the workspace's current value when it is known. */
export interface LimitVerdict {
  kind: LimitKind;
  max: number;
  behavior: LicenseBehavior;
  value?: number;
  /** Whether Rocket.Chat's rule for this behaviour is reached at the current value (rules.ts limitReached). */
  reached?: boolean;
}

/**
 * valid: Rocket.Chat would hold it valid; invalid: a triggered rule invalidates it; pending: readable, but Rocket.Chat
 * does not validate it before Site_Url is set (isReadyForValidation.ts); unreadable: not a license for this key/version.
 */
export type LicenseStatus = 'valid' | 'invalid' | 'pending' | 'unreadable';

/** The verifier's judgement; never contains the license text itself. */
export interface LicenseVerdict {
  status: LicenseStatus;
  /** status === 'valid'. */
  valid: boolean;
  /** What makes it not valid (invalidating rules, or why it could not be read or judged). */
  reasons: VerdictReason[];
  /** Triggered rules that leave it valid: prevent_action ("new users are blocked"), start_fair_policy, disable_modules. */
  warnings: VerdictReason[];
  /** Format version: 2 (RSA-encrypted JSON) or 3 (`RCV3_` + JWT); null when unreadable. */
  version: 2 | 3 | null;
  tags: LicenseTag[];
  /** Granted module ids (e.g. `auditing`), bundles expanded, disabled modules removed. */
  modules: string[];
  /** Granted modules a triggered disable_modules rule turns off. */
  disabledModules: string[];
  limits: LimitVerdict[];
  /** ISO dates of the window in which every invalidating period holds; null when open-ended. */
  validFrom: string | null;
  validUntil: string | null;
  serverUrls: ServerUrlRule[];
  trial: boolean;
}
