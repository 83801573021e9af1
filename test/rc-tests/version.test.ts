import { describe, expect, it } from 'vitest';
import { rcSemantics } from '../rc/version.js';

describe('Rocket.Chat version semantics', () => {
  it.each([
    ['6.3.0', { botsExcludedFromActiveUsers: false, discussionMessagesSplit: false, post63Fields: false, estimatedTotals: false, v8: false, licenseV3: false }],
    ['6.4.0', { botsExcludedFromActiveUsers: true, discussionMessagesSplit: false, post63Fields: true, fingerprintMacPeakStatistics: false, licenseV3: false }],
    ['6.5.1', { botsExcludedFromActiveUsers: true, discussionMessagesSplit: true, post63Fields: true, fingerprintMacPeakStatistics: true, estimatedTotals: false, v8: false, licenseV3: true }],
    ['7.0.0', { botsExcludedFromActiveUsers: true, discussionMessagesSplit: true, estimatedTotals: false, v8: false, privateAppsDefaultMax: 0 }],
    ['7.10.2', { estimatedTotals: true, v8: false, otrStatistics: true }],
    ['8.0.0', { v8: true, otrStatistics: false }],
    ['8.3.0-develop', { estimatedTotals: true, v8: true }],
  ])('%s', (version, expected) => {
    expect(rcSemantics(version)).toMatchObject(expected);
  });

  it('names the expected form when the version is not X.Y', () => {
    expect(() => rcSemantics('latest')).toThrow('Rocket.Chat version "latest" is not of the form X.Y or X.Y.Z');
  });
});
