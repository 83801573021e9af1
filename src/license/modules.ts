/** License modules: Rocket.Chat's bundles, plan-tag colours and the feature names its Info page shows. */

/** Rocket.Chat's core modules (CoreModules, core-typings 8.8.1): what the `enterprise` bundle grants. */
export const CORE_MODULES = [
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
] as const;

/** Major and minor of the Rocket.Chat version whose license rules apply. */
export interface LicenseRulesVersion {
  major: number;
  minor: number;
}

/** The core modules of a Rocket.Chat version: 7.x stops at teams-voip, 6.x at accessibility-certification. */
export function coreModulesOf(version: LicenseRulesVersion): readonly string[] {
  const last = version.major >= 8 ? 'fips' : version.major >= 7 ? 'teams-voip' : 'accessibility-certification';
  return CORE_MODULES.slice(0, CORE_MODULES.indexOf(last) + 1);
}

function bundlesOf(version: LicenseRulesVersion): Record<string, readonly string[]> {
  return { enterprise: coreModulesOf(version), pro: [] };
}

/** True for `*` and `<bundle>:*` entries of a v2 license's `modules`. */
export function isBundle(entry: string): boolean {
  return entry === '*' || /^.+:\*$/.test(entry);
}

/** The bundle name of a `<bundle>:*` entry. */
export function bundleName(entry: string): string | undefined {
  return /^(.+):\*$/.exec(entry)?.[1];
}

/** The modules a bundle entry grants; `*` is every bundle. Unknown bundles grant nothing, as in Rocket.Chat. */
export function bundleModules(entry: string, version: LicenseRulesVersion): string[] {
  const bundles = bundlesOf(version);
  if (entry === '*') return Object.values(bundles).flat();
  const name = bundleName(entry);
  return name ? [...(bundles[name] ?? [])] : [];
}

/** Rocket.Chat's colour for a v2 bundle tag (getTagColor). */
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

/** The features the classic Info page's License card lists, by Rocket.Chat's label, with the module behind each. */
export const INFO_PAGE_FEATURES: readonly { label: string; module: string }[] = [
  { label: 'Omnichannel', module: 'livechat-enterprise' },
  { label: 'Auditing', module: 'auditing' },
  { label: 'Canned Responses', module: 'canned-responses' },
  { label: 'Engagement Dashboard', module: 'engagement-dashboard' },
  { label: 'Read receipts', module: 'message-read-receipt' },
];

const FEATURE_NAMES: Record<string, string> = {
  'livechat-enterprise': 'Omnichannel',
  auditing: 'Auditing',
  'canned-responses': 'Canned Responses',
  'engagement-dashboard': 'Engagement Dashboard',
  'message-read-receipt': 'Read receipts',
  'ldap-enterprise': 'LDAP Premium',
  'voip-enterprise': 'VoIP',
  'omnichannel-mobile-enterprise': 'Omnichannel Mobile',
  'push-privacy': 'Push privacy',
  scalability: 'High scalability',
  'teams-mention': 'Team mentions',
  'saml-enterprise': 'SAML Premium',
  'oauth-enterprise': 'OAuth Premium',
  'device-management': 'Device management',
  federation: 'Federation',
  'videoconference-enterprise': 'Video call manager',
  'outlook-calendar': 'Outlook calendar',
  'hide-watermark': 'Remove Rocket.Chat watermark',
  'custom-roles': 'Custom roles',
  'accessibility-certification': 'Accessibility certification',
  'unlimited-presence': 'Unlimited presence',
  'contact-id-verification': 'Contact ID verification',
  'teams-voip': 'Teams voice calls',
  'outbound-messaging': 'Outbound messaging',
  abac: 'Attribute-based access control',
  fips: 'FIPS',
};

/** The name Rocket.Chat shows for a module; unknown (e.g. external app) modules keep their id. */
export function featureName(module: string): string {
  return FEATURE_NAMES[module] ?? module;
}
