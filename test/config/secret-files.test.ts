import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { ConfigError, configVariables, loadConfig } from '../../src/config.js';

const dir = mkdtempSync(join(tmpdir(), 'infobot-secrets-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function secret(name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content, { mode: 0o600 });
  return path;
}

const base = { ROCKETCHAT_URL: 'https://chat.example.com', ROCKETCHAT_USER: 'infobot' };

function problemsOf(env: NodeJS.ProcessEnv): Record<string, string> {
  try {
    loadConfig(env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return Object.fromEntries(error.problems.map((p) => [p.variable, p.message]));
  }
  throw new Error('expected a ConfigError');
}

describe('secrets from files (<NAME>_FILE)', () => {
  test('each secret is read from its file, less the trailing line break a Secret mount or an editor adds', () => {
    const config = loadConfig({
      ...base,
      ROCKETCHAT_PASSWORD_FILE: secret('password', 'p@ss word \n'),
      MONGO_URL_FILE: secret('mongo', 'mongodb://reader:r%40d@mongo:27017/rocketchat?replicaSet=rs0\n'),
      INFOBOT_MONGO_URL_FILE: secret('store', 'mongodb://writer:w@mongo:27017/infobot?replicaSet=rs0\r\n'),
    });
    expect(config.rocketchat.auth).toEqual({ kind: 'password', username: 'infobot', password: 'p@ss word ' });
    expect(config.mongoUrl).toBe('mongodb://reader:r%40d@mongo:27017/rocketchat?replicaSet=rs0');
    expect(config.storeUrl).toBe('mongodb://writer:w@mongo:27017/infobot?replicaSet=rs0');
  });

  test('a personal access token from a file', () => {
    const config = loadConfig({
      ROCKETCHAT_URL: 'https://chat.example.com',
      ROCKETCHAT_USER_ID: 'u1',
      ROCKETCHAT_AUTH_TOKEN_FILE: secret('token', 'tok-123\n'),
      MONGO_URL: 'mongodb://mongo:27017/rocketchat',
    });
    expect(config.rocketchat.auth).toEqual({ kind: 'token', userId: 'u1', token: 'tok-123' });
  });

  test('an unreadable file and a secret given twice are refused, without showing any secret', () => {
    const found = problemsOf({
      ...base,
      ROCKETCHAT_PASSWORD: 'inline-secret',
      ROCKETCHAT_PASSWORD_FILE: secret('password2', 'file-secret'),
      MONGO_URL_FILE: join(dir, 'missing'),
    });
    expect(found.ROCKETCHAT_PASSWORD_FILE).toMatch(/both set: keep one of them/);
    expect(found.MONGO_URL_FILE).toMatch(/cannot be read \(ENOENT\)/);
    expect(JSON.stringify(found)).not.toMatch(/inline-secret|file-secret/);
  });

  test('the list of known variables names the file forms and INFOBOT_HTTP_PORT', () => {
    expect(configVariables()).toEqual(
      expect.arrayContaining(['ROCKETCHAT_PASSWORD_FILE', 'ROCKETCHAT_AUTH_TOKEN_FILE', 'MONGO_URL_FILE', 'INFOBOT_MONGO_URL_FILE', 'INFOBOT_HTTP_PORT', 'MONGO_URL']),
    );
  });
});
