import { availableParallelism } from 'node:os';
import { describe, expect, test } from 'vitest';
import { ConfigError, deriveStoreUrl, loadConfig } from '../src/config.js';

const base = {
  ROCKETCHAT_URL: 'https://chat.example.com',
  ROCKETCHAT_USER: 'infobot',
  ROCKETCHAT_PASSWORD: 's3cret',
  MONGO_URL: 'mongodb://mongo:27017/rocketchat?replicaSet=rs0',
};

function problems(env: NodeJS.ProcessEnv): Record<string, string> {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return Object.fromEntries((error as ConfigError).problems.map((p) => [p.variable, p.message]));
  }
  throw new Error('expected a ConfigError');
}

describe('configuration from the environment', () => {
  test('a complete environment gives a frozen config with the defaults filled in', () => {
    const config = loadConfig(base);
    expect(config).toMatchObject({
      rocketchat: { url: 'https://chat.example.com', useSsl: true, auth: { kind: 'password', username: 'infobot', password: 's3cret' } },
      mongoUrl: base.MONGO_URL,
      storeUrl: 'mongodb://mongo:27017/infobot?replicaSet=rs0',
      rooms: ['infobot-admin'],
      logLevel: 'info',
    });
    expect(Object.isFrozen(config.rocketchat.auth)).toBe(true);
    expect(Object.isFrozen(config.rooms)).toBe(true);
  });

  test('an empty environment names every missing variable with its fix', () => {
    const found = problems({});
    // MONGO_URL is not among them: without it the bot reads Rocket.Chat's REST API (REST-only mode).
    expect(Object.keys(found).sort()).toEqual(['ROCKETCHAT_PASSWORD', 'ROCKETCHAT_URL', 'ROCKETCHAT_USER']);
    expect(found.ROCKETCHAT_URL).toMatch(/e\.g\. https:\/\/chat\.example\.com/);
  });

  test('without MONGO_URL, or with INFOBOT_SOURCE=rest, the bot reads Rocket.Chat through REST and keeps its data under INFOBOT_DATA_DIR', () => {
    const { MONGO_URL: _unused, ...withoutDb } = base;
    expect(loadConfig(withoutDb)).toMatchObject({ source: 'rest', mongoUrl: undefined, storeUrl: undefined, dataDir: 'data' });
    expect(loadConfig({ ...base, INFOBOT_SOURCE: 'rest', INFOBOT_DATA_DIR: '/var/lib/infobot' })).toMatchObject({
      source: 'rest',
      mongoUrl: undefined,
      dataDir: '/var/lib/infobot',
    });
    expect(loadConfig({ ...withoutDb, INFOBOT_MONGO_URL: 'mongodb://mongo:27017/infobot' })).toMatchObject({ source: 'rest', storeUrl: 'mongodb://mongo:27017/infobot' });
    expect(loadConfig(base).source).toBe('database');
    expect(problems({ ...withoutDb, INFOBOT_SOURCE: 'database' }).MONGO_URL).toMatch(/INFOBOT_SOURCE=rest/);
    expect(problems({ ...base, INFOBOT_SOURCE: 'graphql' }).INFOBOT_SOURCE).toMatch(/database or rest/);
  });

  test.each([
    [{ ROCKETCHAT_URL: 'ftp://x' }, 'ROCKETCHAT_URL', /valid address/],
    [{ ROCKETCHAT_USE_SSL: 'maybe' }, 'ROCKETCHAT_USE_SSL', /true or false/],
    [{ MONGO_URL: 'postgres://db/x' }, 'MONGO_URL', /must start with mongodb/],
    [{ MONGO_URL: 'mongodb://mongo:27017' }, 'MONGO_URL', /name the database/],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL', /one of fatal, error, warn, info, debug, trace, silent/],
    [{ INFOBOT_MONGO_URL: 'mongodb://mongo:27017/rocketchat' }, 'INFOBOT_MONGO_URL', /Rocket.Chat's own database/],
    [{ ROCKETCHAT_USER_ID: 'abc' }, 'ROCKETCHAT_AUTH_TOKEN', /personal access token/],
    [{ INFOBOT_LICENSE_PUBLIC_KEY: '/nonexistent/key.pem' }, 'INFOBOT_LICENSE_PUBLIC_KEY', /neither PEM text nor a readable file/],
    [{ INFOBOT_STATS_CONCURRENCY: '0' }, 'INFOBOT_STATS_CONCURRENCY', /whole number of queries from 1 to 64/],
    [{ INFOBOT_STATS_CONCURRENCY: 'lots' }, 'INFOBOT_STATS_CONCURRENCY', /whole number of queries from 1 to 64/],
  ])('%o is refused under %s', (override, variable, message) => {
    expect(problems({ ...base, ...override })[variable]).toMatch(message);
  });

  test("statistics queries in flight default to the machine's cores; INFOBOT_STATS_CONCURRENCY sets them", () => {
    expect(loadConfig(base).statsConcurrency).toBe(availableParallelism());
    expect(loadConfig({ ...base, INFOBOT_STATS_CONCURRENCY: '3' }).statsConcurrency).toBe(3);
  });

  test('the license key is Rocket.Chat\'s unless INFOBOT_LICENSE_PUBLIC_KEY gives PEM text', () => {
    expect(loadConfig(base).licensePublicKeyPem).toMatch(/^-----BEGIN PUBLIC KEY-----/);
    const pem = '-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----';
    expect(loadConfig({ ...base, INFOBOT_LICENSE_PUBLIC_KEY: pem }).licensePublicKeyPem).toBe(pem);
    expect(loadConfig({ ...base, INFOBOT_LICENSE_PUBLIC_KEY: pem }).licensePublicKeyPem).not.toBe(loadConfig(base).licensePublicKeyPem);
  });

  test('a personal access token replaces the password', () => {
    const config = loadConfig({ ...base, ROCKETCHAT_USER: '', ROCKETCHAT_PASSWORD: '', ROCKETCHAT_USER_ID: 'uid1', ROCKETCHAT_AUTH_TOKEN: 'pat' });
    expect(config.rocketchat.auth).toEqual({ kind: 'token', userId: 'uid1', token: 'pat' });
  });

  test.each([
    ['chat.local:3000', undefined, 'http://chat.local:3000', false],
    ['chat.local:3000', 'true', 'https://chat.local:3000', true],
    ['http://chat.local/', 'true', 'http://chat.local', false],
    ['https://chat.local/rc/', undefined, 'https://chat.local/rc', true],
  ])('ROCKETCHAT_URL=%s with USE_SSL=%s means %s', (url, ssl, expected, useSsl) => {
    const config = loadConfig({ ...base, ROCKETCHAT_URL: url, ROCKETCHAT_USE_SSL: ssl });
    expect(config.rocketchat).toMatchObject({ url: expected, useSsl });
  });

  test('INFOBOT_ROOMS takes names or ids, trims them and drops a leading #', () => {
    expect(loadConfig({ ...base, INFOBOT_ROOMS: ' #ops , GENERAL,, ops' }).rooms).toEqual(['ops', 'GENERAL']);
  });

  test('the derived store URL keeps credentials working by authenticating against the original database', () => {
    expect(deriveStoreUrl('mongodb://u:p@a:1,b:2/rocketchat?replicaSet=rs0')).toBe('mongodb://u:p@a:1,b:2/infobot?replicaSet=rs0&authSource=rocketchat');
    expect(deriveStoreUrl('mongodb://u:p@a/rc?authSource=admin')).toBe('mongodb://u:p@a/infobot?authSource=admin');
  });
});
