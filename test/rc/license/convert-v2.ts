/** Rocket.Chat's v2 → v3 license conversion (ee/packages/license/src/v2/convertToV3.ts, bundles.ts, getTagColor.ts). */
import type { ILicenseTag, ILicenseV2, ILicenseV3, InternalModuleName } from '@rocket.chat/core-typings';
import type { RcSemantics } from '../version.js';

// CoreModules as of core-typings 8.8.1; 7.x stops at 'teams-voip', 6.5–6.x at 'accessibility-certification'.
const CORE_MODULES_8 = [
  'auditing',
  'canned-responses',
  'ldap-enterprise',
  'livechat-enterprise',
  'voip-enterprise',
  'omnichannel-mobile-enterprise',
  'engagement-dashboard',
  'push-privacy',
  'scalability',
  'teams-mention',
  'saml-enterprise',
  'oauth-enterprise',
  'device-management',
  'federation',
  'videoconference-enterprise',
  'message-read-receipt',
  'outlook-calendar',
  'hide-watermark',
  'custom-roles',
  'accessibility-certification',
  'unlimited-presence',
  'contact-id-verification',
  'teams-voip',
  'outbound-messaging',
  'abac',
  'fips',
] as const satisfies readonly InternalModuleName[];

/** Rocket.Chat's internal module names for a version (anything else granted is an external module). */
export function coreModules(semantics: RcSemantics): readonly string[] {
  const last = semantics.v8 ? 'fips' : semantics.major >= 7 ? 'teams-voip' : 'accessibility-certification';
  return CORE_MODULES_8.slice(0, CORE_MODULES_8.indexOf(last) + 1);
}

// The 6.5–6.x 'enterprise' bundle listed 'teams-mention' after 'outlook-calendar'; the set is what counts.
function bundles(semantics: RcSemantics): Record<string, readonly string[]> {
  return { enterprise: coreModules(semantics), pro: [] };
}

function bundleName(module: string): string | undefined {
  return /(.*):\*$/.exec(module)?.[1];
}

function isBundle(module: string): boolean {
  return module === '*' || bundleName(module) !== undefined;
}

function bundleModules(module: string, semantics: RcSemantics): readonly string[] {
  const all = bundles(semantics);
  if (module === '*') return Object.values(all).flat();
  const name = bundleName(module);
  return (name !== undefined && all[name]) || [];
}

/** The colour Rocket.Chat gives a v2 bundle tag. */
export function tagColor(tag: string): string {
  switch (tag) {
    case 'bronze':
      return '#BD5A0B';
    case 'silver':
      return '#9EA2A8';
    case 'gold':
      return '#F3BE08';
    default:
      return '#4411DD';
  }
}

/**
 * Converts a decoded v2 license as Rocket.Chat 6.5+ does when it loads one. 7.x/8.x silently grant extra modules
 * to every v2 license; `createdAt` is the moment of conversion.
 */
export function convertV2ToV3(v2: ILicenseV2, semantics: RcSemantics, now: Date): ILicenseV3 {
  const expiry = v2.meta?.trialEnd || v2.expiry;
  const tags: ILicenseTag[] = v2.tag
    ? [v2.tag]
    : v2.modules
        .filter(isBundle)
        .map(bundleName)
        .filter((name): name is string => Boolean(name))
        .map((name) => ({ name, color: tagColor(name) }));
  const extraModules = semantics.v8
    ? ['outbound-messaging', 'teams-voip', 'contact-id-verification', 'hide-watermark']
    : semantics.major >= 7
      ? ['teams-voip', 'contact-id-verification', 'hide-watermark']
      : [];
  const granted = [...new Set([...extraModules, ...v2.modules].flatMap((m) => (isBundle(m) ? bundleModules(m, semantics) : [m])))];
  const limit = (max: number | undefined) => (max ? [{ max, behavior: 'prevent_action' as const }] : undefined);
  const limits: ILicenseV3['limits'] = {};
  const activeUsers = limit(v2.maxActiveUsers);
  const guestUsers = limit(v2.maxGuestUsers);
  const roomsPerGuest = limit(v2.maxRoomsPerGuest);
  const privateApps = limit(v2.apps?.maxPrivateApps);
  const marketplaceApps = limit(v2.apps?.maxMarketplaceApps);
  if (activeUsers) limits.activeUsers = activeUsers;
  if (guestUsers) limits.guestUsers = guestUsers;
  if (roomsPerGuest) limits.roomsPerGuest = roomsPerGuest;
  if (privateApps) limits.privateApps = privateApps;
  if (marketplaceApps) limits.marketplaceApps = marketplaceApps;
  return {
    version: '3.0',
    information: {
      autoRenew: false,
      ...(expiry && { visualExpiration: new Date(Date.parse(expiry)).toISOString() }),
      trial: v2.meta?.trial || false,
      offline: false,
      createdAt: now.toISOString(),
      grantedBy: { method: 'manual', seller: 'V2' },
      tags,
    },
    validation: {
      serverUrls: [{ value: v2.url, type: 'regex' }],
      validPeriods: [{ validUntil: new Date(Date.parse(v2.expiry)).toISOString(), invalidBehavior: 'invalidate_license' }],
      statisticsReport: { required: true },
    },
    grantedModules: granted.map((module) => ({ module: module as InternalModuleName })),
    limits,
    cloudMeta: v2.meta,
  };
}
