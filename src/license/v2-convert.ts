/** Converts a v2 license to the v3 shape, following Rocket.Chat's convertToV3 (6.5+). */
import { bundleModules, bundleName, isBundle, type LicenseRulesVersion, tagColor } from './modules.js';
import type { LicenseLimit, LicenseV2, LicenseV3, LimitKind } from './types.js';

// Rocket.Chat 7.x/8.x grant these to every converted v2 license, in addition to the listed modules.
function impliedModules(version: LicenseRulesVersion): string[] {
  if (version.major >= 8) return ['outbound-messaging', 'teams-voip', 'contact-id-verification', 'hide-watermark'];
  return version.major >= 7 ? ['teams-voip', 'contact-id-verification', 'hide-watermark'] : [];
}

function toIso(date: string): string {
  const parsed = new Date(date);
  return Number.isNaN(parsed.getTime()) ? date : parsed.toISOString();
}

/**
 * The v3 form of a v2 license as the given Rocket.Chat version converts it: URL as a wildcard rule, expiry as one
 * period, bundles expanded, limits as prevent_action.
 */
export function convertV2ToV3(v2: LicenseV2, version: LicenseRulesVersion): LicenseV3 {
  const modules = new Set<string>(impliedModules(version));
  for (const entry of v2.modules) {
    if (isBundle(entry)) for (const module of bundleModules(entry, version)) modules.add(module);
    else modules.add(entry);
  }
  const tags = v2.tag
    ? [v2.tag]
    : // convertToV3.ts keeps only named bundles as tags: the bare `*` bundle gives none.
      v2.modules
        .filter(isBundle)
        .map(bundleName)
        .filter((name): name is string => Boolean(name))
        .map((name) => ({ name, color: tagColor(name) }));
  const limits: Partial<Record<LimitKind, LicenseLimit[]>> = {};
  const addLimit = (kind: LimitKind, max: number | undefined) => {
    if (max) limits[kind] = [{ max, behavior: 'prevent_action' }];
  };
  addLimit('activeUsers', v2.maxActiveUsers);
  addLimit('guestUsers', v2.maxGuestUsers);
  addLimit('roomsPerGuest', v2.maxRoomsPerGuest);
  addLimit('privateApps', v2.apps?.maxPrivateApps);
  addLimit('marketplaceApps', v2.apps?.maxMarketplaceApps);
  return {
    version: '3.0',
    information: {
      trial: v2.meta?.trial ?? false,
      offline: false,
      visualExpiration: toIso(v2.meta?.trialEnd || v2.expiry),
      tags,
    },
    validation: {
      serverUrls: [{ value: v2.url, type: 'regex' }],
      validPeriods: [{ validUntil: toIso(v2.expiry), invalidBehavior: 'invalidate_license' }],
    },
    grantedModules: [...modules].map((module) => ({ module })),
    limits,
  };
}
