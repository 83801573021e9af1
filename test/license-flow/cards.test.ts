import { describe, expect, test } from 'vitest';
import { cardToAttachment } from '../../src/cards/attachments.js';
import type { AuditEntry } from '../../src/license/flow/audit.js';
import { comparisonCard, confirmationActions, historyLines, verdictCard } from '../../src/license/flow/cards.js';
import { compareLicenses } from '../../src/license/flow/compare.js';
import { featureName } from '../../src/license/modules.js';
import { licenseFingerprint, verifyLicense } from '../../src/license/verify.js';
import { generateLicenseKeys, makeLicenseV3, signLicenseV3 } from '../support/license-signer.js';

const keys = generateLicenseKeys();
const now = new Date('2026-11-26T12:00:00Z');
const DAY = 86_400_000;
const context = { siteUrl: 'http://localhost:3000', counters: { activeUsers: 812, guestUsers: 3 }, now, publicKeyPem: keys.publicKeyPem };
const sign = (overrides: Parameters<typeof makeLicenseV3>[0]) => signLicenseV3(makeLicenseV3(overrides, now), keys.privateKeyPem);

const fieldsOf = (card: ReturnType<typeof verdictCard>) => Object.fromEntries(card.fields.map((f) => [f.label, f.value]));

describe('the verdict card', () => {
  test('a valid license shows its plan, features by Rocket.Chat’s names, seats against current use and the days left', async () => {
    const text = sign({ limits: { activeUsers: [{ max: 1000, behavior: 'prevent_action' }] } });
    const verdict = await verifyLicense(text, context);
    const card = verdictCard({ verdict, fingerprint: licenseFingerprint(text), now, timeZone: 'UTC' });
    const fields = fieldsOf(card);
    expect(card.state).toBe('warning'); // 812 of 1000 seats is past the 80 % mark
    expect(fields.Verdict).toBe('✔ valid for this workspace');
    expect(fields.Plan).toBe('Premium');
    expect(fields['Seats (active users)']).toBe('812 / 1000 (188 seats left)');
    expect(fields['Valid until']).toBe('November 26, 2027 (365 days left)');
    for (const module of makeLicenseV3({}, now).grantedModules) expect(fields['Features granted']).toContain(featureName(module.module));
    expect(fields['Features granted']).toContain('Read receipts');
    expect(fields.Fingerprint).toBe(`sha256:${licenseFingerprint(text).slice(0, 16)}`);
  });

  test('an invalid license says why, with the reason codes on the verdict and the messages as notes', async () => {
    const text = sign({ validation: { validPeriods: [{ validUntil: new Date(now.getTime() - 3 * DAY).toISOString(), invalidBehavior: 'invalidate_license' }] } });
    const verdict = await verifyLicense(text, { ...context, siteUrl: 'https://chat.example.com' });
    const card = verdictCard({ verdict, fingerprint: licenseFingerprint(text), now, timeZone: 'UTC' });
    expect(card.state).toBe('danger');
    expect(fieldsOf(card).Verdict).toBe('✘ not valid (period, url)');
    expect(fieldsOf(card)['Valid until']).toBe('November 23, 2026 (expired 3 days ago)');
    expect(card.notes.join(' ')).toMatch(/expired on 2026-11-23/);
    expect(card.notes.join(' ')).toMatch(/not for this workspace \(chat\.example\.com\)/);
  });

  test('an unreadable text gets a verdict card with the reason and no license details', async () => {
    const verdict = await verifyLicense('not a license', context);
    const card = verdictCard({ verdict, fingerprint: licenseFingerprint('not a license'), now, timeZone: 'UTC' });
    expect(card.fields.map((f) => f.label)).toEqual(['Verdict', 'Fingerprint']);
    expect(card.notes).toEqual(verdict.reasons.map((r) => r.message));
  });
});

describe('the comparison with the installed license', () => {
  test('against nothing installed: everything is gained, from Community', async () => {
    const text = sign({});
    const verdict = await verifyLicense(text, context);
    const comparison = compareLicenses(undefined, verdict, licenseFingerprint(text));
    expect(comparison.installed).toBe('none');
    expect(comparison.planBefore).toBe('Community');
    expect(comparison.gained).toEqual(verdict.modules.map(featureName).sort((a, b) => a.localeCompare(b)));
    expect(comparison.lost).toEqual([]);
    expect(comparison.limits).toEqual([{ kind: 'activeUsers', before: null, after: 1000 }]);
  });

  test('against another license: features gained and lost, limits and expiry before → after', async () => {
    const installedText = sign({
      information: { tags: [{ name: 'Starter', color: '#000000' }] },
      grantedModules: [{ module: 'auditing' }, { module: 'hide-watermark' }],
      limits: { activeUsers: [{ max: 2000, behavior: 'prevent_action' }] },
      validation: { validPeriods: [{ validUntil: new Date(now.getTime() + 10 * DAY).toISOString(), invalidBehavior: 'invalidate_license' }] },
    });
    const candidateText = sign({ grantedModules: [{ module: 'auditing' }, { module: 'custom-roles' }] });
    const installed = { fingerprint: licenseFingerprint(installedText), verdict: await verifyLicense(installedText, context) };
    const candidate = await verifyLicense(candidateText, context);
    const comparison = compareLicenses(installed, candidate, licenseFingerprint(candidateText));
    expect(comparison).toMatchObject({
      installed: 'other',
      planBefore: 'Starter',
      planAfter: 'Premium',
      gained: ['Custom roles'],
      lost: ['Remove Rocket.Chat watermark'],
      limits: [{ kind: 'activeUsers', before: 2000, after: 1000 }],
    });
    const card = comparisonCard({ comparison, installedFingerprint: installed.fingerprint, installedValid: true, now, timeZone: 'UTC' });
    const fields = fieldsOf(card);
    expect(card.state).toBe('warning');
    expect(fields['Seats (active users)']).toBe('2000 → 1000');
    expect(fields['Valid until']).toBe('December 6, 2026 → November 26, 2027');
    expect(card.notes).toContain('Applying it would turn off: Remove Rocket.Chat watermark.');
  });

  test('an installed license that no longer passes the checks counts as granting nothing', async () => {
    const expired = sign({ validation: { validPeriods: [{ validUntil: new Date(now.getTime() - DAY).toISOString(), invalidBehavior: 'invalidate_license' }] } });
    const candidateText = sign({});
    const comparison = compareLicenses(
      { fingerprint: licenseFingerprint(expired), verdict: await verifyLicense(expired, context) },
      await verifyLicense(candidateText, context),
      licenseFingerprint(candidateText),
    );
    expect(comparison.planBefore).toBe('Community');
    expect(comparison.lost).toEqual([]);
    expect(comparison.expiryBefore).toBeNull();
  });

  test('the same license as installed is recognised by its fingerprint', async () => {
    const text = sign({});
    const verdict = await verifyLicense(text, context);
    expect(compareLicenses({ fingerprint: licenseFingerprint(text), verdict }, verdict, licenseFingerprint(text)).installed).toBe('same');
  });
});

describe('confirmation buttons and history lines', () => {
  test('the Apply button posts `apply <code>` in the chat window as the admin; Cancel posts `cancel`', () => {
    expect(confirmationActions('K7Q2XM')).toEqual([
      { type: 'button', text: 'Apply license', msg: 'apply K7Q2XM', msg_in_chat_window: true },
      { type: 'button', text: 'Cancel', msg: 'cancel', msg_in_chat_window: true },
    ]);
  });

  test('cards render as attachments Rocket.Chat accepts: every field has a title and a non-empty value', async () => {
    const verdict = await verifyLicense(sign({}), context);
    const attachment = cardToAttachment(verdictCard({ verdict, fingerprint: 'f'.repeat(64), now, timeZone: 'UTC' }));
    for (const field of attachment.fields ?? []) {
      expect(field.title.trim()).not.toBe('');
      expect(field.value.trim()).not.toBe('');
    }
  });

  test('a history line names who, what, which license, the verdict, the outcome and the license before', () => {
    const entry: AuditEntry = {
      at: now,
      action: 'apply',
      user: { id: 'u1', username: 'ada' },
      roomId: 'r1',
      messageId: 'm1',
      fingerprint: 'a'.repeat(64),
      verdict: { valid: true, version: 3, reasons: [] },
      outcome: 'applied, valid',
      previousFingerprint: 'b'.repeat(64),
    };
    expect(historyLines([entry], 'UTC')).toEqual([
      `• November 26, 2026 12:00 PM UTC: @ada applied sha256:${'a'.repeat(16)} (valid, v3) → applied, valid; installed before: sha256:${'b'.repeat(16)}`,
    ]);
  });
});
