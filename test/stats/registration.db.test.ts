/**
 * "Workspace registered" as Rocket.Chat's retrieveRegistrationStatus decides it (app/cloud/server/functions):
 * both Cloud_Workspace_Client_Id and Cloud_Workspace_Client_Secret hold a non-empty value. The bot counts the two
 * settings instead of reading the secret; the expectation here comes from the documents it inserts.
 */
import { describe, expect, it } from 'vitest';
import { ROCKETCHAT_LICENSE_PUBLIC_KEY } from '../../src/license/public-key.js';
import { insertFixtureWorkspace } from '../rc-tests/fixture-workspace.js';
import { openFileDb } from '../support/db.js';
import { DEFAULT_NOW } from '../support/seed/index.js';
import { computeForTest } from './compute-for-test.js';

describe('the Cloud registration on the Deployment card', () => {
  it.each([
    ['both credentials set', 'client-1', 'secret-1', 'Workspace registered'],
    ['no secret', 'client-1', '', 'Workspace not registered'],
    ['no credentials', undefined, undefined, 'Workspace not registered'],
  ])('%s', async (_what, clientId, secret, expected) => {
    const { db } = await openFileDb();
    await insertFixtureWorkspace(db, DEFAULT_NOW);
    await db.collection('rocketchat_statistics').updateMany({}, { $set: { version: '7.10.2' } });
    const settings = db.collection<{ _id: string; value: unknown }>('rocketchat_settings');
    for (const [id, value] of [['Cloud_Workspace_Client_Id', clientId], ['Cloud_Workspace_Client_Secret', secret]] as const) {
      if (value !== undefined) await settings.updateOne({ _id: id }, { $set: { value } }, { upsert: true });
    }
    const ours = await computeForTest({ db, licensePublicKey: ROCKETCHAT_LICENSE_PUBLIC_KEY, queryTimeoutMs: 20_000, concurrency: 4, now: DEFAULT_NOW, timeZone: 'UTC' });
    expect(ours.cards.deployment.fields.find((field) => field.label === 'Cloud registration')?.value).toBe(expected);
  });
});
