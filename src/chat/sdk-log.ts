/**
 * The SDK's logger interface over pino. The SDK logs every frame at debug (login results included) and
 * `[DDP driver] Login with {"token":…}` at info, so its debug output is dropped, anything that looks
 * like a credential is dropped, and the rest goes to debug: the link logs what matters itself.
 */
import type { Logger } from 'pino';

/** The logger shape `new Bot({ logger })` and the SDK's module logger expect. */
export interface SdkLogger {
  debug(...args: unknown[]): void;
  info(...args: unknown[]): void;
  warn(...args: unknown[]): void;
  warning(...args: unknown[]): void;
  error(...args: unknown[]): void;
}

const CREDENTIALS = /login with|resume|token|password|authorization|x-auth/i;

function text(args: unknown[]): string {
  return args
    .map((a) => (typeof a === 'string' ? a : a instanceof Error ? a.message : (JSON.stringify(a) ?? String(a))))
    .join(' ');
}

/** An SDK logger writing to `log` at debug level, without credentials. */
export function sdkLogger(log: Logger): SdkLogger {
  const child = log.child({ component: 'sdk' });
  const write = (...args: unknown[]) => {
    if (!child.isLevelEnabled('debug')) return;
    const line = text(args);
    if (!CREDENTIALS.test(line)) child.debug(line);
  };
  return { debug: () => {}, info: write, warn: write, warning: write, error: write };
}
