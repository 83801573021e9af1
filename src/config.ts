/**
 * The bot's configuration: read once from the environment, validated by one schema, frozen.
 * Names follow the Rocket.Chat SDK's conventions (ROCKETCHAT_*) plus Rocket.Chat's own MONGO_URL.
 */
import { readFileSync } from 'node:fs';
import { LicenseKeyConfigError, resolveLicensePublicKey } from './license/public-key.js';
import { z } from 'zod';
import { type AlertSettings, alertEnvShape, readAlertSettings } from './alerts/settings.js';
import { cronProblem, timeZoneProblem } from './schedule/daily-plan.js';
import { canonicalTimeZone } from './schedule/zoned-time.js';
import { type ReadText, resolveSecretFiles, SECRET_FILE_VARIABLES } from './secret-files.js';
import { defaultStatsConcurrency } from './stats/query-gate.js';

/** pino's level names, plus `silent`. */
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

/** How the bot account signs in: its password, or a personal access token with the account's user id. */
export type RocketChatAuth =
  | { kind: 'password'; username: string; password: string }
  | { kind: 'token'; userId: string; token: string };

/** The validated, frozen configuration the composition root wires from. */
export interface Config {
  rocketchat: {
    /** Base URL with scheme, no trailing slash, e.g. `https://chat.example.com`. */
    url: string;
    /** True when the realtime socket must use `wss://`. */
    useSsl: boolean;
    auth: RocketChatAuth;
  };
  /**
   * Where the figures come from: `database` reads Rocket.Chat's MongoDB (MONGO_URL); `rest` reads Rocket.Chat's REST
   * API with the bot's session, for workspaces that give the bot no database access (INFOBOT_SOURCE=rest, or no MONGO_URL).
   */
  source: 'database' | 'rest';
  /** Rocket.Chat's MongoDB (read-only for the bot); the path names the database. Undefined in REST-only mode. */
  mongoUrl: string | undefined;
  /** The bot's own database (claims, history, audit); never Rocket.Chat's database. Undefined: the embedded store. */
  storeUrl: string | undefined;
  /** INFOBOT_DATA_DIR: where the embedded store keeps its file when there is no database for the bot (default ./data). */
  dataDir: string;
  /** Room names or ids where the bot answers, besides direct messages. */
  rooms: readonly string[];
  logLevel: LogLevel;
  /** INFOBOT_HTTP_PORT: where /livez, /readyz and /metrics are served; null when `off`. */
  httpPort: number | null;
  /** The PEM public key licenses are verified with (INFOBOT_LICENSE_PUBLIC_KEY, default Rocket.Chat's published key). */
  licensePublicKeyPem: string;
  /** The daily summary post (INFOBOT_DAILY, INFOBOT_DAILY_CRON, INFOBOT_TIMEZONE, INFOBOT_DAILY_ROOM, INFOBOT_HISTORY_DAYS). */
  daily: {
    enabled: boolean;
    /** node-cron expression, read as wall-clock time in `timeZone`. */
    cron: string;
    /** Canonical IANA zone name. */
    timeZone: string;
    /** Room name or id the summary is posted to. */
    room: string;
    /** Days of snapshots kept. */
    historyDays: number;
  };
  /** Alerts (INFOBOT_ALERTS, INFOBOT_ALERT_*; src/alerts/settings.ts). */
  alerts: AlertSettings;
  /** INFOBOT_STATS_CONCURRENCY: statistics queries in flight at once, all requests together (default: the cores). */
  statsConcurrency: number;
}

/** One bad variable and how to fix it. */
export interface ConfigProblem {
  variable: string;
  message: string;
}

/** Thrown by loadConfig; its message lists every bad variable with its fix. */
export class ConfigError extends Error {
  readonly problems: readonly ConfigProblem[];
  constructor(problems: ConfigProblem[]) {
    super(
      `Invalid configuration (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n${problems
        .map((p) => `  ${p.variable}: ${p.message}`)
        .join('\n')}`,
    );
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
const DEFAULT_ROOMS = ['infobot-admin'];
const STORE_DB_DEFAULT = 'infobot';

const optionalText = z
  .string()
  .optional()
  .transform((v) => (v?.trim() ? v.trim() : undefined));

const booleanText = optionalText.transform((v) => v?.toLowerCase()).pipe(
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'], {
      error: 'must be true or false. Set ROCKETCHAT_USE_SSL=true for https/wss servers, or leave it unset',
    })
    .optional()
    .transform((v) => v === 'true' || v === '1' || v === 'yes'),
);

const mongoUrlText = (example: string) =>
  optionalText.pipe(
    z
      .string({ error: `is missing. Set it to a MongoDB connection string with the database name, e.g. ${example}` })
      .refine((v) => /^mongodb(\+srv)?:\/\//.test(v), {
        error: `must start with mongodb:// or mongodb+srv://, e.g. ${example}`,
        abort: true,
      })
      .refine((v) => databaseName(v) !== undefined, {
        error: `must name the database in its path, e.g. ${example}`,
      })
      // Unset means REST-only mode (issue 18): the figures come from Rocket.Chat's REST API.
      .optional(),
  );

const envSchema = z.object({
  ROCKETCHAT_URL: optionalText.pipe(
    z
      .string({ error: 'is missing. Set it to your Rocket.Chat address, e.g. https://chat.example.com' })
      .refine((v) => parseHttpUrl(v) !== undefined, {
        error: 'is not a valid address. Use the URL you open in a browser, e.g. https://chat.example.com',
      }),
  ),
  ROCKETCHAT_USE_SSL: booleanText,
  ROCKETCHAT_USER: optionalText,
  ROCKETCHAT_PASSWORD: z.string().optional(),
  ROCKETCHAT_USER_ID: optionalText,
  ROCKETCHAT_AUTH_TOKEN: optionalText,
  MONGO_URL: mongoUrlText('mongodb://mongo:27017/rocketchat?replicaSet=rs0'),
  INFOBOT_SOURCE: optionalText.transform((v) => v?.toLowerCase()).pipe(
    z.enum(['database', 'rest'], { error: 'must be database or rest (default: database when MONGO_URL is set, rest otherwise)' }).optional(),
  ),
  INFOBOT_DATA_DIR: optionalText,
  INFOBOT_MONGO_URL: optionalText.pipe(
    z
      .string()
      .refine((v) => /^mongodb(\+srv)?:\/\//.test(v) && databaseName(v) !== undefined, {
        error: 'must be a MongoDB connection string naming the bot’s own database, e.g. mongodb://mongo:27017/infobot',
      })
      .optional(),
  ),
  INFOBOT_ROOMS: optionalText,
  LOG_LEVEL: optionalText.pipe(
    z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')} (default info)` }).optional(),
  ),
  INFOBOT_DAILY: optionalText.transform((v) => v?.toLowerCase()).pipe(
    z.enum(['on', 'off', 'true', 'false', '1', '0', 'yes', 'no'], { error: 'must be on or off (default on)' }).optional(),
  ),
  INFOBOT_DAILY_CRON: optionalText.superRefine((v, ctx) => {
    const problem = v === undefined ? undefined : cronProblem(v);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  }),
  INFOBOT_TIMEZONE: optionalText.superRefine((v, ctx) => {
    const problem = v === undefined ? undefined : timeZoneProblem(v);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  }),
  INFOBOT_DAILY_ROOM: optionalText,
  INFOBOT_HTTP_PORT: optionalText.pipe(
    z
      .string()
      .regex(/^(off|\d{1,5})$/i, { error: 'must be a port number from 0 to 65535, or off (default 8080)' })
      .refine((v) => v.toLowerCase() === 'off' || Number(v) <= 65_535, { error: 'must be a port number from 0 to 65535, or off (default 8080)' })
      .optional(),
  ),
  INFOBOT_HISTORY_DAYS: optionalText
    .refine((v) => v === undefined || (/^\d+$/.test(v) && Number(v) >= 1 && Number(v) <= 3650), {
      error: 'must be a whole number of days from 1 to 3650 (default 400)',
    })
    .transform((v) => (v === undefined ? undefined : Number(v))),
  INFOBOT_STATS_CONCURRENCY: optionalText
    .refine((v) => v === undefined || (/^\d+$/.test(v) && Number(v) >= 1 && Number(v) <= 64), {
      error: "must be a whole number of queries from 1 to 64 (default: the machine's cores)",
    })
    .transform((v) => (v === undefined ? undefined : Number(v))),
  ...alertEnvShape,
});

/** Every variable the bot reads (deployment manifests are checked against this list). */
export function configVariables(): string[] {
  return [
    ...Object.keys(envSchema.shape),
    ...SECRET_FILE_VARIABLES.map((name) => `${name}_FILE`),
    'INFOBOT_LICENSE_PUBLIC_KEY',
  ];
}

/**
 * Reads and validates the configuration; throws ConfigError naming each bad variable and its fix.
 * Secrets may come from files (`<NAME>_FILE`, see secret-files.ts).
 */
export function loadConfig(rawEnv: NodeJS.ProcessEnv, readText: ReadText = (path) => readFileSync(path, 'utf8')): Config {
  const { env, problems: fileProblems } = resolveSecretFiles(rawEnv, readText);
  const parsed = envSchema.safeParse(env);
  const problems: ConfigProblem[] = [
    ...fileProblems,
    ...(parsed.success ? [] : parsed.error.issues.map((issue) => ({ variable: String(issue.path[0] ?? 'environment'), message: issue.message }))),
  ];

  const auth = readAuth(env, problems);
  const licensePublicKeyPem = readLicenseKey(env, problems);
  if (!parsed.success || fileProblems.length > 0 || auth === undefined || licensePublicKeyPem === undefined) throw new ConfigError(problems);

  const v = parsed.data;
  const { url, useSsl } = rocketChatAddress(v.ROCKETCHAT_URL, v.ROCKETCHAT_USE_SSL);
  const source = v.INFOBOT_SOURCE ?? (v.MONGO_URL ? 'database' : 'rest');
  if (source === 'database' && !v.MONGO_URL) {
    throw new ConfigError([
      { variable: 'MONGO_URL', message: 'is missing while INFOBOT_SOURCE=database. Set it to Rocket.Chat’s MongoDB, or set INFOBOT_SOURCE=rest to read Rocket.Chat’s REST API instead' },
    ]);
  }
  // In REST-only mode Rocket.Chat's database is not the bot's to read, even when MONGO_URL is set.
  const mongoUrl = source === 'database' ? v.MONGO_URL : undefined;
  const storeUrl = v.INFOBOT_MONGO_URL ?? (mongoUrl ? deriveStoreUrl(mongoUrl) : undefined);
  if (storeUrl && mongoUrl && databaseName(storeUrl) === databaseName(mongoUrl) && sameServer(storeUrl, mongoUrl)) {
    throw new ConfigError([
      {
        variable: 'INFOBOT_MONGO_URL',
        message: `names Rocket.Chat's own database; the bot never writes there. Use another database, e.g. ${deriveStoreUrl(mongoUrl)}`,
      },
    ]);
  }

  return deepFreeze({
    rocketchat: { url, useSsl, auth },
    source,
    mongoUrl,
    storeUrl,
    dataDir: v.INFOBOT_DATA_DIR ?? 'data',
    rooms: parseRooms(v.INFOBOT_ROOMS),
    logLevel: v.LOG_LEVEL ?? 'info',
    httpPort: v.INFOBOT_HTTP_PORT?.toLowerCase() === 'off' ? null : Number(v.INFOBOT_HTTP_PORT ?? 8080),
    licensePublicKeyPem,
    daily: {
      enabled: !['off', 'false', '0', 'no'].includes(v.INFOBOT_DAILY ?? 'on'),
      cron: v.INFOBOT_DAILY_CRON ?? '0 9 * * *',
      timeZone: canonicalTimeZone(v.INFOBOT_TIMEZONE ?? 'UTC') ?? 'UTC',
      room: v.INFOBOT_DAILY_ROOM?.replace(/^#/, '') || (parseRooms(v.INFOBOT_ROOMS)[0] as string),
      historyDays: v.INFOBOT_HISTORY_DAYS ?? 400,
    },
    alerts: readAlertSettings(v, v.INFOBOT_DAILY_ROOM?.replace(/^#/, '') || (parseRooms(v.INFOBOT_ROOMS)[0] as string)),
    statsConcurrency: v.INFOBOT_STATS_CONCURRENCY ?? defaultStatsConcurrency(),
  });
}

function readLicenseKey(env: NodeJS.ProcessEnv, problems: ConfigProblem[]): string | undefined {
  try {
    return resolveLicensePublicKey(env);
  } catch (error) {
    if (!(error instanceof LicenseKeyConfigError)) throw error;
    problems.push({ variable: 'INFOBOT_LICENSE_PUBLIC_KEY', message: error.message.replace(/^INFOBOT_LICENSE_PUBLIC_KEY /, '') });
    return undefined;
  }
}

function readAuth(env: NodeJS.ProcessEnv, problems: ConfigProblem[]): RocketChatAuth | undefined {
  const user = env.ROCKETCHAT_USER?.trim();
  const password = env.ROCKETCHAT_PASSWORD;
  const userId = env.ROCKETCHAT_USER_ID?.trim();
  const token = env.ROCKETCHAT_AUTH_TOKEN?.trim();
  if (userId || token) {
    if (userId && token) return { kind: 'token', userId, token };
    problems.push(
      userId
        ? { variable: 'ROCKETCHAT_AUTH_TOKEN', message: 'is missing. Set it to the bot account’s personal access token (it pairs with ROCKETCHAT_USER_ID)' }
        : { variable: 'ROCKETCHAT_USER_ID', message: 'is missing. Set it to the bot account’s user id, shown when you create its personal access token' },
    );
    return undefined;
  }
  if (user && password) return { kind: 'password', username: user, password };
  if (!user) {
    problems.push({
      variable: 'ROCKETCHAT_USER',
      message: 'is missing. Set ROCKETCHAT_USER and ROCKETCHAT_PASSWORD to the bot account, or ROCKETCHAT_USER_ID and ROCKETCHAT_AUTH_TOKEN to a personal access token',
    });
  }
  if (!password) {
    problems.push({ variable: 'ROCKETCHAT_PASSWORD', message: 'is missing. Set it to the bot account’s password, or use ROCKETCHAT_USER_ID and ROCKETCHAT_AUTH_TOKEN instead' });
  }
  return undefined;
}

function parseHttpUrl(text: string): URL | undefined {
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `http://${text}`;
  try {
    const url = new URL(withScheme);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : undefined;
  } catch {
    return undefined;
  }
}

/** An explicit scheme wins; without one, ROCKETCHAT_USE_SSL chooses https (the SDK's convention). */
function rocketChatAddress(text: string, useSslFlag: boolean | undefined): { url: string; useSsl: boolean } {
  const hasScheme = /^https?:\/\//i.test(text);
  const url = parseHttpUrl(hasScheme ? text : `${useSslFlag ? 'https' : 'http'}://${text}`) as URL;
  const base = `${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, '')}`;
  return { url: base, useSsl: url.protocol === 'https:' };
}

/** The database named in a MongoDB connection string's path, if any. */
export function databaseName(mongoUrl: string): string | undefined {
  const match = /^mongodb(?:\+srv)?:\/\/[^/]+\/([^?]+)/.exec(mongoUrl);
  const name = match?.[1] ? decodeURIComponent(match[1]) : undefined;
  return name || undefined;
}

function serverPart(mongoUrl: string): string {
  return (/^mongodb(?:\+srv)?:\/\/(?:[^@/]*@)?([^/?]+)/.exec(mongoUrl)?.[1] ?? '').toLowerCase();
}

function sameServer(a: string, b: string): boolean {
  return serverPart(a) === serverPart(b);
}

/**
 * The bot's own database on Rocket.Chat's server: same hosts and options, database `infobot`.
 * Credentials in the URL authenticate against the path's database unless authSource says otherwise,
 * so the original database is kept as authSource when the URL carries credentials.
 */
export function deriveStoreUrl(mongoUrl: string): string {
  const match = /^(mongodb(?:\+srv)?:\/\/)([^/]+)\/([^?]*)(\?.*)?$/.exec(mongoUrl);
  if (!match) return mongoUrl;
  const [, scheme, authority = '', originalDb = '', query = ''] = match;
  const params = new URLSearchParams(query.replace(/^\?/, ''));
  if (authority.includes('@') && !params.has('authSource') && originalDb) params.set('authSource', decodeURIComponent(originalDb));
  const rest = params.toString();
  return `${scheme}${authority}/${STORE_DB_DEFAULT}${rest ? `?${rest}` : ''}`;
}

function parseRooms(text: string | undefined): string[] {
  const rooms = (text ?? '')
    .split(',')
    .map((r) => r.trim().replace(/^#/, ''))
    .filter((r) => r.length > 0);
  return rooms.length > 0 ? [...new Set(rooms)] : [...DEFAULT_ROOMS];
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}
