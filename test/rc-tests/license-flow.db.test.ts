import type { Db } from 'mongodb';
import { beforeEach, describe, expect, it } from 'vitest';
import { rcApplyLicense, rcLicenseInfo, rcLicenseState, rcMaxActiveUsers } from '../rc/license.js';
import { openFileDb } from '../support/db.js';
import { encryptLicenseV2, generateLicenseKeys, makeLicenseV2, makeLicenseV3, signLicenseV3 } from '../support/license-signer.js';

const keys = generateLicenseKeys();
const now = new Date('2026-11-26T12:00:00Z');
const DAY = 86_400_000;
const options = { publicKeyPem: keys.publicKeyPem, now, version: '8.3.0' };

const t = await openFileDb();
const db: Db = t.db;
const settings = db.collection<{ _id: string; value: unknown; blocked?: boolean }>('rocketchat_settings');

async function value(id: string): Promise<unknown> {
  return (await settings.findOne({ _id: id }))?.value;
}

async function resetWorkspace(activeUsers: number, siteUrl = 'http://localhost:3000') {
  await db.dropDatabase();
  await settings.insertMany([
    { _id: 'Site_Url', value: siteUrl },
    { _id: 'Enterprise_License', value: '' },
    { _id: 'Enterprise_License_Status', value: '' },
  ]);
  const users = Array.from({ length: activeUsers }, (_, i) => ({ _id: `u${i}`, active: true, type: 'user', roles: ['user'] }));
  // Neither a bot, a guest nor an inactive user takes a seat.
  users.push(
    { _id: 'bot', active: true, type: 'bot', roles: ['bot'] },
    { _id: 'guest', active: true, type: 'user', roles: ['guest'] },
    { _id: 'gone', active: false, type: 'user', roles: ['user'] },
  );
  await db.collection('users').insertMany(users as never[]);
}

const valid = () => signLicenseV3(makeLicenseV3({}, now), keys.privateKeyPem);
const expired = () =>
  signLicenseV3(
    makeLicenseV3({ validation: { validPeriods: [{ validUntil: new Date(now.getTime() - DAY).toISOString(), invalidBehavior: 'invalidate_license' }] } }, now),
    keys.privateKeyPem,
  );

describe('licenses.add as Rocket.Chat applies it', () => {
  beforeEach(() => resetWorkspace(3));

  it('rejects an empty license with "Empty license" and writes nothing', async () => {
    expect(await rcApplyLicense(db, '', options)).toEqual({ ok: false, error: 'Empty license' });
    expect(await value('Enterprise_License')).toBe('');
  });

  it('rejects a string the key cannot decrypt with "Invalid license" and writes nothing', async () => {
    const foreign = signLicenseV3(makeLicenseV3({}, now), generateLicenseKeys().privateKeyPem);
    expect(await rcApplyLicense(db, foreign, options)).toEqual({ ok: false, error: 'Invalid license' });
    expect(await value('Enterprise_License')).toBe('');
    expect(await value('Enterprise_License_Status')).toBe('');
  });

  it('rejects a v3 license with leading blanks: the format check looks for "RCV3_" at the very start', async () => {
    expect(await rcApplyLicense(db, `  ${valid()}`, options)).toEqual({ ok: false, error: 'Invalid license' });
  });

  it('stores a valid license trimmed and sets the status to Valid', async () => {
    const license = valid();
    const result = await rcApplyLicense(db, `${license}\n`, options);
    expect(result).toEqual({ ok: true, outcome: 'valid', behaviors: [] });
    expect(await value('Enterprise_License')).toBe(license);
    expect(await value('Enterprise_License_Status')).toBe('Valid');
    expect((await rcLicenseState(db, options)).status).toBe('valid');
  });

  it('stores an invalid license but leaves the status alone when no valid license was active', async () => {
    const license = expired();
    const result = await rcApplyLicense(db, license, options);
    expect(result).toMatchObject({ ok: true, outcome: 'invalid', behaviors: [{ behavior: 'invalidate_license', reason: 'period' }] });
    expect(await value('Enterprise_License')).toBe(license);
    expect(await value('Enterprise_License_Status')).toBe('');
  });

  it('sets the status to Invalid when an invalid license replaces a valid one', async () => {
    await rcApplyLicense(db, valid(), options);
    const wrongUrl = signLicenseV3(makeLicenseV3({ validation: { serverUrls: [{ type: 'url', value: 'chat.example.com' }] } }, now), keys.privateKeyPem);
    expect(await rcApplyLicense(db, wrongUrl, options)).toMatchObject({ ok: true, outcome: 'invalid', behaviors: [{ reason: 'url' }] });
    expect(await value('Enterprise_License')).toBe(wrongUrl);
    expect(await value('Enterprise_License_Status')).toBe('Invalid');
    expect((await rcLicenseState(db, options)).status).toBe('invalid');
  });

  it('does nothing more when the same value is sent again (no settings change event)', async () => {
    const license = valid();
    await rcApplyLicense(db, license, options);
    await settings.updateOne({ _id: 'Enterprise_License_Status' }, { $set: { value: 'marker' } });
    expect(await rcApplyLicense(db, license, options)).toEqual({ ok: true, outcome: 'unchanged', behaviors: [] });
    expect(await value('Enterprise_License_Status')).toBe('marker');
  });

  it('keeps the license pending, status untouched, while Site_Url is not set', async () => {
    await resetWorkspace(3, '');
    expect(await rcApplyLicense(db, valid(), options)).toEqual({ ok: true, outcome: 'pending', behaviors: [] });
    expect(await value('Enterprise_License_Status')).toBe('');
  });

  it('cannot change a blocked setting', async () => {
    await settings.updateOne({ _id: 'Enterprise_License' }, { $set: { blocked: true } });
    expect(await rcApplyLicense(db, valid(), options)).toEqual({ ok: true, outcome: 'unchanged', behaviors: [] });
    expect(await value('Enterprise_License')).toBe('');
  });

  it('accepts a v2 license and validates its wildcard URL as a regex', async () => {
    const v2 = encryptLicenseV2(makeLicenseV2({ url: 'localhost:*' }, now), keys.privateKeyPem);
    expect(await rcApplyLicense(db, v2, options)).toMatchObject({ ok: true, outcome: 'valid' });
    expect(await value('Enterprise_License_Status')).toBe('Valid');
  });
});

describe('licenses.info as Rocket.Chat answers it', () => {
  beforeEach(() => resetWorkspace(3));

  // Ported from Rocket.Chat's apps/meteor/tests/end-to-end/api/licenses.ts (shapes of the licenses.info body).
  it('gives a normal user a license object without license.license and with a tags array', async () => {
    await rcApplyLicense(db, valid(), options);
    const { license } = await rcLicenseInfo(db, { ...options, privileged: false, loadValues: true });
    expect(license).not.toHaveProperty('license');
    expect(Array.isArray(license.tags)).toBe(true);
    expect(license.limits).toEqual({});
  });

  it('gives an admin the license object, the tags, and limits with values when asked', async () => {
    await rcApplyLicense(db, valid(), options);
    const { license } = await rcLicenseInfo(db, { ...options, privileged: true, loadValues: true });
    expect(license.license).toMatchObject({ version: '3.0', information: { tags: [{ name: 'Premium', color: '#1D74F5' }] } });
    expect(license.tags).toEqual([{ name: 'Premium', color: '#1D74F5' }]);
    expect(license.hasValidLicense).toBe(true);
    expect(license.trial).toBe(false);
    expect(license.activeModules).toContain('auditing');
    expect(license.externalModules).toEqual([]);
    expect(license.limits).toEqual({
      activeUsers: { value: 3, max: 1000 },
      guestUsers: { value: 1, max: -1 },
      privateApps: { value: 0, max: -1 },
      marketplaceApps: { value: 0, max: -1 },
      monthlyActiveContacts: { value: 0, max: -1 },
    });
    const withoutValues = await rcLicenseInfo(db, { ...options, privileged: true });
    expect(withoutValues.license.limits.activeUsers).toEqual({ max: 1000 });
  });

  it("shows a community workspace Rocket.Chat's default app limits and no modules", async () => {
    const { license } = await rcLicenseInfo(db, { ...options, privileged: true });
    expect(license).toMatchObject({ activeModules: [], externalModules: [], tags: [], trial: false, hasValidLicense: false });
    expect(license.limits.privateApps).toEqual({ max: 0 });
    expect(license.limits.marketplaceApps).toEqual({ max: 5 });
    // max 0 prevents at once; 0 of 5 marketplace apps does not.
    expect(license.preventedActions).toEqual({
      activeUsers: false,
      guestUsers: false,
      roomsPerGuest: false,
      privateApps: true,
      marketplaceApps: false,
      monthlyActiveContacts: false,
    });
  });

  it('marks activeUsers as prevented once the seats are all taken', async () => {
    await resetWorkspace(5);
    const full = signLicenseV3(makeLicenseV3({ limits: { activeUsers: [{ max: 5, behavior: 'prevent_action' }] } }, now), keys.privateKeyPem);
    await rcApplyLicense(db, full, options);
    const { license } = await rcLicenseInfo(db, { ...options, privileged: true });
    expect(license.preventedActions.activeUsers).toBe(true);
    expect(license.hasValidLicense).toBe(true);
    expect(await rcMaxActiveUsers(db, options)).toEqual({ maxActiveUsers: 5, activeUsers: 5 });
  });

  it('lists modules outside Rocket.Chat’s core list as external modules', async () => {
    const license = signLicenseV3(
      makeLicenseV3({ grantedModules: [{ module: 'auditing' }, { module: 'acme.reports', external: true }] }, now),
      keys.privateKeyPem,
    );
    await rcApplyLicense(db, license, options);
    const info = await rcLicenseInfo(db, { ...options, privileged: true });
    expect(info.license.activeModules).toEqual(['auditing', 'acme.reports']);
    expect(info.license.externalModules).toEqual([{ module: 'acme.reports', external: true }]);
  });

  it('answers maxActiveUsers with null when no license limits seats', async () => {
    expect(await rcMaxActiveUsers(db, options)).toEqual({ maxActiveUsers: null, activeUsers: 3 });
  });
});
