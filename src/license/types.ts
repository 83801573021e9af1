/**
 * The license shapes the verifier reads (Rocket.Chat's ILicenseV3 and ILicenseV2, as far as the verdict needs them)
 * and the verdict it gives. Declared here so the runtime never depends on Rocket.Chat's type packages.
 */

/** What Rocket.Chat does when a rule of the license is broken. */
export type LicenseBehavior =
  | 'invalidate_license'
  | 'start_fair_policy'
  | 'prevent_action'
  | 'allow_action'
  | 'prevent_installation'
  | 'disable_modules';

/** The counters a license can limit. */
export type LimitKind = 'activeUsers' | 'guestUsers' | 'roomsPerGuest' | 'privateApps' | 'marketplaceApps' | 'monthlyActiveContacts';

/** A plan tag as Rocket.Chat shows it (name and hex colour). */
export interface LicenseTag {
  name: string;
  color: string;
}

/** One server URL rule; every rule of a license must match the workspace URL. */
export interface ServerUrlRule {
  value: string;
  type: 'url' | 'regex' | 'hash';
}

/** A validity period with the behaviour applied outside it. */
export interface LicensePeriod {
  validFrom?: string;
  validUntil?: string;
  invalidBehavior: LicenseBehavior;
  modules?: string[];
}

/** One limit entry: `max` -1 means unlimited. */
export interface LicenseLimit {
  max: number;
  behavior: LicenseBehavior;
  modules?: string[];
}

/** A v3 license (the v2 format is converted to this shape, as Rocket.Chat 6.5+ does). */
export interface LicenseV3 {
  version: '3.0';
  information: {
    id?: string;
    trial?: boolean;
    offline?: boolean;
    createdAt?: string;
    visualExpiration?: string;
    grantedTo?: { name?: string; company?: string; email?: string };
    tags?: LicenseTag[];
  };
  validation: {
    serverUrls: ServerUrlRule[];
    validPeriods: LicensePeriod[];
  };
  grantedModules: { module: string; external?: boolean }[];
  limits: Partial<Record<LimitKind, LicenseLimit[]>>;
}

/** A v2 license as Rocket.Chat ≤ 6.4 issued them. */
export interface LicenseV2 {
  url: string;
  expiry: string;
  maxActiveUsers?: number;
  maxGuestUsers?: number;
  maxRoomsPerGuest?: number;
  modules: string[];
  tag?: LicenseTag;
  meta?: { trial?: boolean; trialEnd?: string; workspaceId?: string };
  apps?: { maxPrivateApps?: number; maxMarketplaceApps?: number };
}

/** Why a license is not valid: `empty`, `format` and `signature` mean it could not be read at all. */
export type VerdictCode = 'empty' | 'format' | 'signature' | 'period' | 'url' | 'limit';

/** One reason, with a message that says what to do. */
export interface VerdictReason {
  code: VerdictCode;
  message: string;
}

/** A limit of the license with the workspace's current value when it is known. */
export interface LimitVerdict {
  kind: LimitKind;
  max: number;
  behavior: LicenseBehavior;
  value?: number;
}

/** The verifier's judgement; never contains the license text itself. */
export interface LicenseVerdict {
  valid: boolean;
  reasons: VerdictReason[];
  /** Format version: 2 (RSA-encrypted JSON) or 3 (`RCV3_` + JWT); null when unreadable. */
  version: 2 | 3 | null;
  tags: LicenseTag[];
  /** Granted module ids (e.g. `auditing`), bundles expanded, disabled modules removed. */
  modules: string[];
  limits: LimitVerdict[];
  /** ISO dates of the window in which every invalidating period holds; null when open-ended. */
  validFrom: string | null;
  validUntil: string | null;
  serverUrls: ServerUrlRule[];
  trial: boolean;
}
