/**
 * The Rocket.Chat REST endpoints the REST-only source reads, each with the permission Rocket.Chat checks before it
 * answers, and one read per endpoint that turns a refusal into a MissingPermissionError naming that permission.
 *
 * Rules, from Rocket.Chat's source (apps/meteor/…):
 * - GET statistics, statistics.list: logged in; getLastStatistics / getStatistics throw Error('error-not-allowed')
 *   without `view-statistics`, which the API answers 400 (app/api/server/v1/stats.ts →
 *   app/statistics/server/functions/getLastStatistics.ts, getStatistics.ts).
 * - GET instances.get: `view-statistics`, else 403 (app/api/server/v1/instances.ts).
 * - GET settings/:_id: `view-privileged-setting`, else 403; a hidden or unknown setting is a bare 400 failure
 *   (app/api/server/v1/settings.ts).
 * - GET licenses.info: logged in; the license and its limits only with `view-privileged-setting`.
 *   GET licenses.maxActiveUsers: logged in only (ee/server/api/licenses.ts).
 * - GET /api/info: no login; the full version, commit and Apps-Engine version only for a caller holding
 *   `view-statistics` (app/api/server/default/info.ts → app/api/server/lib/getServerInfo.ts).
 */
import { type CallOptions, RestError } from '../../chat/rest.js';
import { UserError } from '../../dispatch/errors.js';

/** A REST figure the bot account may not read: a known condition, shown in chat as its one line. */
export class MissingPermissionError extends UserError {
  readonly permission: string;
  constructor(permission: string, what: string) {
    super('bot-permission', { permission, what });
    this.name = 'MissingPermissionError';
    this.permission = permission;
  }
}

/** What the REST source needs of the bot's session. */
export interface RestReader {
  get<T>(path: string, query?: Record<string, string>, options?: CallOptions): Promise<T>;
}

/** The permission each endpoint needs, and what the bot reads it for (the self-check and the error lines say this). */
export const ENDPOINT_PERMISSIONS = {
  statistics: { permission: 'view-statistics', what: 'Rocket.Chat’s statistics snapshot (GET /api/v1/statistics)' },
  'statistics.list': { permission: 'view-statistics', what: 'Rocket.Chat’s past snapshots (GET /api/v1/statistics.list)' },
  'instances.get': { permission: 'view-statistics', what: 'the server instances (GET /api/v1/instances.get)' },
  settings: { permission: 'view-privileged-setting', what: 'the license, Site URL and federation settings (GET /api/v1/settings/:_id)' },
} as const;

/** An endpoint the source reads that a permission guards. */
export type GuardedEndpoint = keyof typeof ENDPOINT_PERMISSIONS;

/** The error for a refused endpoint: which permission, for what, and the fix, in one line. */
export function missingPermission(endpoint: GuardedEndpoint): MissingPermissionError {
  const { permission, what } = ENDPOINT_PERMISSIONS[endpoint];
  return new MissingPermissionError(permission, what);
}

function refusedBy(endpoint: GuardedEndpoint, error: unknown): boolean {
  if (!(error instanceof RestError)) return false;
  if (endpoint === 'statistics' || endpoint === 'statistics.list') return error.status === 400 && error.message.endsWith(': error-not-allowed');
  return error.status === 403;
}

/** GETs a guarded endpoint; a refusal becomes a MissingPermissionError, anything else is thrown as it is. */
export async function readGuarded<T>(rest: RestReader, endpoint: GuardedEndpoint, path: string, query: Record<string, string> = {}, options?: CallOptions): Promise<T> {
  try {
    return await rest.get<T>(path, query, options);
  } catch (error) {
    if (refusedBy(endpoint, error)) throw missingPermission(endpoint);
    throw error;
  }
}
