/**
 * The root logger: structured JSON (pino) with secrets redacted by key wherever they appear.
 * Everything else gets a child of this logger; nothing builds its own.
 */
import { type DestinationStream, type Logger, pino } from 'pino';
import type { LogLevel } from './config.js';

/** Keys whose values never reach the log, at the top level and one level down. */
const SECRET_KEYS = ['password', 'token', 'authToken', 'resume', 'license', 'licence', 'x-auth-token', 'X-Auth-Token'];

const REDACT_PATHS = [
  ...SECRET_KEYS.flatMap((key) => [`["${key}"]`, `*["${key}"]`]),
  'headers["x-auth-token"]',
  '*.headers["x-auth-token"]',
  'ROCKETCHAT_PASSWORD',
  'ROCKETCHAT_AUTH_TOKEN',
  'rocketchat.auth',
  'config.rocketchat.auth',
];

/** Builds the root logger; tests pass a destination to capture the lines. */
export function createLogger(level: LogLevel, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { name: 'infobot' },
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      serializers: { err: pino.stdSerializers.err },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination,
  );
}

/** A URL fit for the log: the password part of `user:password@` replaced. */
export function redactUrl(url: string): string {
  return url.replace(/(\/\/[^:/@]+:)[^@/]*@/, '$1[redacted]@');
}
