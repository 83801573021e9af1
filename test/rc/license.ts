/**
 * Rocket.Chat's license handling (6.5+: ee/packages/license, ee/app/license/server/startup.ts,
 * ee/server/api/licenses.ts) over a workspace's database: what the server holds after reading Enterprise_License,
 * what `licenses.info` / `licenses.maxActiveUsers` answer, and what `licenses.add` writes. Written from
 * Rocket.Chat's source; never imports the bot's code. License text is never logged or put into an error.
 */
import type { BehaviorWithContext, ILicenseV2, ILicenseV3, LicenseInfo, LicenseLimitKind } from '@rocket.chat/core-typings';
import type { Db } from 'mongodb';
import { coreModules } from './license/convert-v2.js';
import { type RcAppCounts, rcLicenseCounters } from './license/counters.js';
import { rcDecodeLicense, rcValidateFormat } from './license/decode.js';
import { rcLicensePublicKeyPem } from './license/public-key.js';
import { APPLY_BEHAVIORS, type RcLicenseCounters, type RcValidation, rcValidateLicense, validateLimits } from './license/validate.js';
import { loadRcSettings } from './settings.js';
import { rcSemantics } from './version.js';

export { convertV2ToV3, tagColor } from './license/convert-v2.js';
export { rcLicenseCounters } from './license/counters.js';
export type { RcAppCounts } from './license/counters.js';
export { rcDecodeLicense, rcValidateFormat } from './license/decode.js';
export type { RcDecodeResult, RcDecodedLicense, RcFormatError } from './license/decode.js';
export { ROCKET_CHAT_LICENSE_PUBLIC_KEY_PEM, rcLicensePublicKeyPem } from './license/public-key.js';
export { rcValidateLicense, workspaceUrl } from './license/validate.js';
export type { RcLicenseCounters, RcValidation, RcValidationContext } from './license/validate.js';

/** Options shared by the database-facing license functions. */
export interface RcLicenseOptions {
  /** Defaults to INFOBOT_LICENSE_PUBLIC_KEY (PEM or path) or Rocket.Chat's published key. */
  publicKeyPem?: string;
  now?: Date;
  /** The Rocket.Chat version whose behaviour to follow; defaults to 8.3.0 (6.5+ only: ≤6.4 had no v3 licenses). */
  version?: string;
  apps?: RcAppCounts;
}

/** Where the server's license stands after it read Enterprise_License (or, after `licenses.add`, the new one). */
export type RcLicenseStatus = 'none' | 'unreadable' | 'pending' | 'valid' | 'invalid';

/** The license as a Rocket.Chat server holds it in memory. */
export interface RcLicenseState {
  status: RcLicenseStatus;
  /** The trimmed license string, when it decoded. */
  encrypted?: string;
  license?: ILicenseV3;
  original?: ILicenseV2 | ILicenseV3;
  format?: 'v2' | 'v3';
  validation?: RcValidation;
  counters: RcLicenseCounters;
}

const LICENSE_SETTINGS = ['Enterprise_License', 'Enterprise_License_Status', 'Site_Url'];
const GLOBAL_LIMITS: readonly LicenseLimitKind[] = ['activeUsers', 'guestUsers', 'privateApps', 'marketplaceApps', 'monthlyActiveContacts'];
const PREVENTABLE: readonly LicenseLimitKind[] = ['activeUsers', 'guestUsers', 'roomsPerGuest', 'privateApps', 'marketplaceApps', 'monthlyActiveContacts'];

function resolved(options: RcLicenseOptions) {
  return {
    publicKeyPem: options.publicKeyPem ?? rcLicensePublicKeyPem(),
    now: options.now ?? new Date(),
    semantics: rcSemantics(options.version ?? '8.3.0'),
  };
}

/** Judges one license string for a workspace, as LicenseManager.setLicense does (without keeping anything). */
export function judgeLicense(
  encoded: string,
  workspace: { siteUrl: string | undefined; counters: RcLicenseCounters },
  options: RcLicenseOptions & { isNewLicense?: boolean },
): Omit<RcLicenseState, 'counters'> {
  const { publicKeyPem, now, semantics } = resolved(options);
  const trimmed = (encoded ?? '').trim();
  if (!trimmed) return { status: 'none' };
  const decoded = rcDecodeLicense(trimmed, publicKeyPem, { semantics, now });
  if (!decoded.ok) return { status: 'unreadable' };
  const base = { encrypted: trimmed, license: decoded.license, original: decoded.original, format: decoded.format };
  // Without a workspace URL the license waits as "pending" (isReadyForValidation).
  if (!workspace.siteUrl) return { status: 'pending', ...base };
  try {
    const validation = rcValidateLicense(decoded.license, {
      siteUrl: workspace.siteUrl,
      counters: workspace.counters,
      now,
      behaviors: APPLY_BEHAVIORS,
      isNewLicense: options.isNewLicense ?? false,
    });
    return { status: validation.valid ? 'valid' : 'invalid', ...base, validation };
  } catch {
    // A signed payload that is not license-shaped makes Rocket.Chat's validators throw: it is never activated.
    return { status: 'unreadable' };
  }
}

/** The license the server holds after reading Enterprise_License at startup (applyLicense(value, false)). */
export async function rcLicenseState(db: Db, options: RcLicenseOptions = {}): Promise<RcLicenseState> {
  const { now, semantics } = resolved(options);
  const settings = await loadRcSettings(db, LICENSE_SETTINGS);
  const counters = await rcLicenseCounters(db, { semantics, now, apps: options.apps });
  const state = judgeLicense(settings.get<string>('Enterprise_License') ?? '', { siteUrl: settings.get<string>('Site_Url'), counters }, options);
  return { ...state, counters };
}

// getLicenseLimit: the smallest `max` of a kind, -1 when the kind has no limits; Rocket.Chat's defaults without a license.
function limitMax(license: ILicenseV3 | undefined, kind: LicenseLimitKind, privateAppsDefaultMax: number): number {
  const defaults: ILicenseV3['limits'] = {
    privateApps: [{ behavior: 'prevent_action', max: privateAppsDefaultMax }],
    marketplaceApps: [{ behavior: 'prevent_action', max: 5 }],
  };
  const list = license ? license.limits[kind] : defaults[kind];
  if (!list?.length) return -1;
  return Math.min(...list.map(({ max }) => max));
}

/**
 * The body of GET /api/v1/licenses.info (`{ license: LicenseInfo }`). `privileged` = the caller has
 * view-privileged-setting: only then are the license object and the limits included, and `loadValues` honoured.
 */
export async function rcLicenseInfo(
  db: Db,
  options: RcLicenseOptions & { privileged: boolean; loadValues?: boolean },
): Promise<{ license: LicenseInfo }> {
  const { semantics, now } = resolved(options);
  const state = await rcLicenseState(db, options);
  const valid = state.status === 'valid' ? state.license : undefined;
  const internal = new Set(coreModules(semantics));
  const defaults: ILicenseV3['limits'] = {
    privateApps: [{ behavior: 'prevent_action', max: semantics.privateAppsDefaultMax }],
    marketplaceApps: [{ behavior: 'prevent_action', max: 5 }],
  };
  const preventedActions = Object.fromEntries(
    PREVENTABLE.map((kind) => {
      const behaviors = validateLimits(valid ? valid.limits : defaults, {
        siteUrl: undefined,
        counters: state.counters,
        now,
        behaviors: ['prevent_action'],
        limits: [kind],
      });
      return [kind, behaviors.some(({ behavior }) => behavior === 'prevent_action')];
    }),
  ) as Record<LicenseLimitKind, boolean>;
  const limits = options.privileged
    ? Object.fromEntries(
        GLOBAL_LIMITS.map((kind) => [
          kind,
          { ...(options.loadValues && { value: state.counters[kind] }), max: limitMax(valid, kind, semantics.privateAppsDefaultMax) },
        ]),
      )
    : {};
  const info: LicenseInfo = {
    ...(options.privileged && valid && { license: valid }),
    activeModules: (state.status === 'valid' ? (state.validation?.modules ?? []) : []) as LicenseInfo['activeModules'],
    externalModules: valid
      ? valid.grantedModules.filter((granted): granted is { module: `${string}.${string}`; external: true } => !internal.has(granted.module))
      : [],
    preventedActions,
    limits: limits as LicenseInfo['limits'],
    tags: valid?.information.tags || [],
    trial: Boolean(valid?.information.trial),
    hasValidLicense: Boolean(valid),
  };
  return { license: info };
}

/** The body of GET /api/v1/licenses.maxActiveUsers. */
export async function rcMaxActiveUsers(db: Db, options: RcLicenseOptions = {}): Promise<{ maxActiveUsers: number | null; activeUsers: number }> {
  const { semantics } = resolved(options);
  const state = await rcLicenseState(db, options);
  const max = limitMax(state.status === 'valid' ? state.license : undefined, 'activeUsers', semantics.privateAppsDefaultMax);
  return { maxActiveUsers: max > 0 ? max : null, activeUsers: state.counters.activeUsers };
}

/** What `licenses.add` led to. `ok: false` is the endpoint's 400 (nothing written). */
export type RcApplyResult =
  | { ok: false; error: 'Empty license' | 'Invalid license' }
  | {
      ok: true;
      /**
       * unchanged: same value as stored, no settings change event; current: already the active license;
       * pending: no Site_Url yet; unreadable: passed the format check but does not parse as a license;
       * valid / invalid: the verdict, with the behaviours that decided it.
       */
      outcome: 'unchanged' | 'current' | 'pending' | 'unreadable' | 'valid' | 'invalid';
      behaviors: BehaviorWithContext[];
    };

async function updateValueById(db: Db, id: string, value: string, now: Date): Promise<boolean> {
  // Settings.updateValueById: only when not blocked and different; BaseRaw adds _updatedAt.
  const result = await db
    .collection<{ _id: string }>('rocketchat_settings')
    .updateOne({ _id: id, blocked: { $ne: true }, value: { $ne: value } }, { $set: { value, _updatedAt: now } });
  return result.modifiedCount > 0;
}

/**
 * POST /api/v1/licenses.add after the permission check, and what the server then does (8.x):
 * 1. validateFormat → 400 'Empty license' / 'Invalid license', nothing written;
 * 2. Settings.updateValueById('Enterprise_License', license) as sent;
 * 3. if that changed the value, the settings watcher runs applyLicenseOrRemove(value, true): the trimmed string is
 *    decoded and validated (prevent_installation counts for a new license); valid → Enterprise_License = trimmed
 *    string and Enterprise_License_Status = 'Valid'; invalid → 'Invalid' only if a valid license was active before
 *    (otherwise the status is left as it was); pending or unparsable → nothing more.
 * "Active before" is judged from the stored value, as the server would have loaded it.
 */
export async function rcApplyLicense(db: Db, encoded: string, options: RcLicenseOptions = {}): Promise<RcApplyResult> {
  const { publicKeyPem, now, semantics } = resolved(options);
  const format = rcValidateFormat(encoded, publicKeyPem, { semantics, now });
  if (!format.ok) return { ok: false, error: format.error };

  const before = await rcLicenseState(db, options);
  if (!(await updateValueById(db, 'Enterprise_License', encoded, now))) return { ok: true, outcome: 'unchanged', behaviors: [] };

  const trimmed = encoded.trim();
  if (before.status === 'valid' && before.encrypted === trimmed) return { ok: true, outcome: 'current', behaviors: [] };

  const settings = await loadRcSettings(db, LICENSE_SETTINGS);
  const counters = await rcLicenseCounters(db, { semantics, now, apps: options.apps });
  const judged = judgeLicense(trimmed, { siteUrl: settings.get<string>('Site_Url'), counters }, { ...options, isNewLicense: true });
  const behaviors = judged.validation?.behaviors ?? [];
  switch (judged.status) {
    case 'valid':
      await updateValueById(db, 'Enterprise_License', trimmed, now);
      await updateValueById(db, 'Enterprise_License_Status', 'Valid', now);
      return { ok: true, outcome: 'valid', behaviors };
    case 'invalid':
      if (before.status === 'valid') await updateValueById(db, 'Enterprise_License_Status', 'Invalid', now);
      return { ok: true, outcome: 'invalid', behaviors };
    case 'pending':
      return { ok: true, outcome: 'pending', behaviors };
    default:
      return { ok: true, outcome: 'unreadable', behaviors };
  }
}
