/**
 * Which federation settings each release has and which the bot may change, from Rocket.Chat's registries: up to 7.10
 * the legacy settings (apps/meteor/server/settings/federation.ts) and the Matrix bridge (matrix-federation.ts) are
 * writable; from 7.11 (RocketChat/Rocket.Chat#36991) both are registered read-only, kept for information until 8.0
 * (apps/meteor/server/settings/index.ts, server/services/federation/Settings.ts), and native federation
 * (federation-service.ts) is the one to change; 8.x registers native federation alone.
 */
import { expect, test } from 'vitest';
import { parseSet, parseSwitch } from '../../src/federation/changes.js';
import { generationsFor, writableGenerations } from '../../src/federation/settings.js';
import { parseRcVersion } from '../../src/stats/version.js';

const v = (text: string) => {
  const version = parseRcVersion(text);
  if (!version) throw new Error(text);
  return version;
};

test.each([
  ['6.3.0', ['legacy', 'matrix'], ['legacy', 'matrix']],
  ['7.10.2', ['legacy', 'matrix'], ['legacy', 'matrix']],
  ['7.11.0', ['matrix', 'native'], ['native']],
  ['7.13.1', ['matrix', 'native'], ['native']],
  ['8.0.0', ['native'], ['native']],
])('%s: shows %j, changes %j', (version, shown, writable) => {
  expect(generationsFor(v(version))).toEqual(shown);
  expect(writableGenerations(v(version))).toEqual(writable);
});

test('7.11: the read-only Matrix bridge is refused before anything is proposed; enable means native', () => {
  const writable = writableGenerations(v('7.11.0'));
  const refused = parseSet('matrix-domain matrix.example.org', writable);
  expect(refused.ok).toBe(false);
  expect(parseSwitch('matrix', true, writable).ok).toBe(false);
  const enable = parseSwitch('', true, writable);
  expect(enable.ok && enable.change.settingId).toBe('Federation_Service_Enabled');
});
