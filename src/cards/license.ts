/**
 * The License card: plan tags, the features the classic Info page lists, validity, seats and other limits, the URL
 * check, and the verifier's reasons when the installed license is not valid. Never shows the license text.
 */
import { featureName, INFO_PAGE_FEATURES } from '../license/modules.js';
import { EXPIRY_WARNING_DAYS } from '../license/rules.js';
import type { LicenseInfo } from '../stats/collectors/license.js';
import { sourcedField, textField, worstState } from './fields.js';
import { daysUntil, formatDay } from './format.js';
import { limitFields } from './license-limits.js';
import type { Card, CardField, CardState } from './model.js';

/** What the card is built from. */
export interface LicenseCardInput {
  license: LicenseInfo;
  now: Date;
  timeZone: string;
}

/** Builds the License card. */
export function licenseCard(input: LicenseCardInput): Card {
  const { license, now, timeZone } = input;
  const { verdict } = license;
  const notes: string[] = [];
  const states: (CardState | undefined)[] = [];
  const fields: CardField[] = [];
  const granted = new Set(verdict?.valid ? verdict.modules : []);

  fields.push(textField('Plan', verdict?.valid && verdict.tags.length ? verdict.tags.map((t) => t.name).join(' ') : 'Community', { short: true }));
  if (license.installed.source === 'failed') {
    fields.push(sourcedField('License', license.installed, () => '', { short: true }));
  } else if (!verdict) {
    fields.push(textField('License', 'none installed', { short: true }));
  } else {
    const status =
      verdict.status === 'valid'
        ? 'Valid'
        : verdict.status === 'pending'
          ? 'Pending (Site_Url not set)'
          : `Invalid (${[...new Set(verdict.reasons.map((r) => r.code))].join(', ')})`;
    const state = verdict.valid ? 'ok' : verdict.status === 'pending' ? 'warning' : 'danger';
    fields.push(textField('License', `${status}, v${verdict.version ?? '?'}${verdict.trial ? ', trial' : ''}`, { short: true, state }));
  }
  if (license.status.value) {
    fields.push(sourcedField("Rocket.Chat's status", license.status, (v) => v, { short: true }));
  }
  for (const feature of INFO_PAGE_FEATURES) {
    fields.push(textField(feature.label, granted.has(feature.module) ? '✔ included' : '✘ not included', { short: true, section: 'Features' }));
  }
  if (verdict && verdict.version !== null) {
    if (verdict.validUntil) {
      const until = new Date(verdict.validUntil);
      const days = daysUntil(until, now);
      const state: CardState = days < 0 ? 'danger' : days <= EXPIRY_WARNING_DAYS ? 'warning' : 'ok';
      states.push(state);
      fields.push(textField('Valid until', `${formatDay(until, timeZone)} (${days < 0 ? `expired ${-days} days ago` : `${days} days left`})`, { short: true, state }));
    } else {
      fields.push(textField('Valid until', 'no end date', { short: true }));
    }
    if (verdict.validFrom) fields.push(textField('Valid from', formatDay(new Date(verdict.validFrom), timeZone), { short: true }));
    for (const field of limitFields(verdict.limits)) {
      states.push(field.state);
      fields.push(field);
    }
    fields.push(
      textField(
        'Server URLs',
        verdict.serverUrls.map((rule) => (rule.type === 'hash' ? 'hashed URL' : `${rule.value} (${rule.type})`)).join('\n') || 'any',
      ),
    );
    const others = verdict.modules.filter((m) => !INFO_PAGE_FEATURES.some((f) => f.module === m)).map(featureName);
    if (others.length) fields.push(textField('Other modules', others.join(', ')));
    for (const reason of [...verdict.reasons, ...verdict.warnings]) notes.push(reason.message);
  }
  if (license.fingerprint) fields.push(textField('Fingerprint', `sha256:${license.fingerprint.slice(0, 16)}`, { short: true }));
  if (license.siteUrl.value) fields.push(sourcedField('Site URL', license.siteUrl, (v) => v, { short: true }));

  if (!verdict && license.installed.source !== 'failed') notes.push('No license is installed (Enterprise_License is empty): the workspace runs the Community plan.');
  if (license.status.value === 'Valid' && verdict && !verdict.valid) {
    notes.push("Rocket.Chat's status says Valid, but the license does not pass the checks above (before 6.5 'Valid' only meant it could be decrypted).");
  }
  notes.push(`To ${verdict ? 'change' : 'apply'} the offline license, send it to the bot in a direct message.`);
  const state = !verdict ? 'info' : verdict.valid || verdict.status === 'pending' ? worstState([...states, ...fields.map((f) => f.state)]) : 'danger';
  return { id: 'license', title: 'License', state, fields, notes, asOf: now };
}
