import { expect, test } from 'vitest';
import { createLogger, redactUrl } from '../src/log.js';

test('secrets are redacted wherever they sit in a log line', () => {
  const lines: string[] = [];
  const log = createLogger('debug', { write: (line: string) => void lines.push(line) });
  log.info({ password: 'pw-1', user: { token: 'tok-2' }, headers: { 'x-auth-token': 'hdr-3' }, license: 'LIC-4' }, 'one');
  log.child({ component: 'x' }).warn({ request: { authToken: 'auth-5', resume: 'res-6' } }, 'two');
  const out = lines.join('\n');
  for (const secret of ['pw-1', 'tok-2', 'hdr-3', 'LIC-4', 'auth-5', 'res-6']) expect(out).not.toContain(secret);
  expect(out.match(/\[redacted\]/g)).toHaveLength(6);
  expect(JSON.parse(lines[0] ?? '{}')).toMatchObject({ msg: 'one', name: 'infobot' });
});

test('a connection string in the log keeps its user but not its password', () => {
  expect(redactUrl('mongodb://reader:hunter2@db:27017/rocketchat')).toBe('mongodb://reader:[redacted]@db:27017/rocketchat');
  expect(redactUrl('mongodb://db:27017/rocketchat')).toBe('mongodb://db:27017/rocketchat');
});
