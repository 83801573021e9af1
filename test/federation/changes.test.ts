/**
 * What the federation commands refuse before proposing anything: on 7.10.2 legacy federation and the Matrix bridge
 * are writable, on 8.0.0 native federation alone. settings.db.test.ts and native.db.test.ts send two of each list
 * through chat and check that no document changes.
 */
import { expect, test } from 'vitest';
import { parseSet, parseSwitch } from '../../src/federation/changes.js';
import { writableGenerations } from '../../src/federation/settings.js';
import { parseRcVersion } from '../../src/stats/version.js';

const writableOn = (text: string) => {
  const version = parseRcVersion(text);
  if (!version) throw new Error(`${text} does not parse`);
  return writableGenerations(version);
};
const writable = writableOn('7.10.2');

test.each([
  ['set', 'domain https://chat.example.com', 'takes a host name'],
  ['set', 'domain bad_domain!', 'takes a host name'],
  ['set', 'domain -lead.example.com', 'takes a host name'],
  ['set', 'discovery carrier-pigeon', 'takes `dns` or `hub`'],
  ['set', 'matrix-url ftp://matrix.example.com', 'takes an http(s) URL'],
  ['set', 'native-domain chat.example.com', '`set` takes one of `domain`, `discovery`, `matrix-url`, `matrix-domain`'],
  ['enable', 'native', '`enable` takes nothing or one of `legacy`, `matrix`'],
] as const)('7.10.2: %s %s is refused: %s', (verb, args, why) => {
  const result = verb === 'set' ? parseSet(args, writable) : parseSwitch(args, true, writable);
  expect(result.ok).toBe(false);
  const text = result.ok ? '' : result.why;
  expect(text).toContain(why);
  expect(text).toContain('Nothing was changed.');
});

test.each([
  ['set', 'domain chat.example.com', '`set` takes one of `native-domain`'],
  ['set', 'matrix-domain chat.example.com', '`set` takes one of `native-domain`'],
  ['enable', 'matrix', '`enable` takes nothing or one of `native`'],
  ['set', 'native-domain https://chat.example.com', 'takes a host name'],
] as const)('8.0.0: %s %s is refused: %s', (verb, args, why) => {
  const on8 = writableOn('8.0.0');
  const result = verb === 'set' ? parseSet(args, on8) : parseSwitch(args, true, on8);
  expect(result.ok).toBe(false);
  expect(result.ok ? '' : result.why).toContain(why);
});

test('the valid forms become proposals with the types the settings are registered with', () => {
  const domain = parseSet('domain Fed.Example.ORG', writable);
  expect(domain.ok && domain.change).toMatchObject({ settingId: 'FEDERATION_Domain', to: 'fed.example.org' });
  const discovery = parseSet('discovery HUB', writable);
  expect(discovery.ok && discovery.change).toMatchObject({ settingId: 'FEDERATION_Discovery_Method', to: 'hub' });
  const off = parseSwitch('matrix', false, writable);
  expect(off.ok && off.change).toMatchObject({ settingId: 'Federation_Matrix_enabled', to: false });
});
