/**
 * `license status`: the installed license as the License card shows it, read live (not from the statistics cache, so
 * it shows an application at once), with Rocket.Chat's own status and whether the bot may apply licenses.
 */
import { licenseCard } from '../../cards/license.js';
import type { Card } from '../../cards/model.js';
import type { LicenseInfo } from '../../stats/collectors/license.js';
import type { Sourced } from '../../stats/types.js';
import type { BotAccess } from './bot-access.js';
import { missingPermissionText } from './check.js';
import type { FlowParts } from './parts.js';

function live<T>(value: T | undefined): Sourced<T> {
  return value === undefined ? { value: null, source: 'unavailable' } : { value, source: 'live' };
}

/** The License card of the installed license, read now. */
export async function installedLicenseCard(parts: FlowParts): Promise<Card> {
  const view = await parts.workspace.read();
  const license: LicenseInfo = {
    installed: live(view.installed !== undefined),
    verdict: view.installed?.verdict ?? null,
    fingerprint: view.installed?.fingerprint ?? null,
    status: live(view.status),
    siteUrl: live(view.siteUrl),
    activeUsers: live(view.usage.activeUsers),
    activeGuests: live(view.usage.activeGuests),
  };
  return licenseCard({ license, now: parts.now(), timeZone: parts.timeZone });
}

/** One line on whether the bot can apply a license. */
export function accessLine(access: BotAccess): string {
  if (access === 'granted') return 'I can apply licenses: send me one here to check it first.';
  if (access === 'missing') return `I can check licenses but not apply them: ${missingPermissionText()}.`;
  return 'I could not check whether I may apply licenses; sending me one will tell.';
}

/** The installed license card with the bot's ability to apply. */
export async function licenseStatus(parts: FlowParts): Promise<{ card: Card; text: string }> {
  const [card, access] = await Promise.all([installedLicenseCard(parts), parts.access.current()]);
  return { card, text: `The installed license, read now from Rocket.Chat. ${accessLine(access)}` };
}
