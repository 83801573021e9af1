/**
 * Rocket.Chat's REST API as the bot, through the SDK's REST helper, with a deadline on every call and
 * one error type: the SDK throws bare `{status, data}` objects, and network failures as TypeErrors.
 */
import type { Bot } from '@rocket.chat/sdk';
import { downloadFromRocketChat } from './download.js';
import { withTimeout } from './timeout.js';

/** A failed REST call: HTTP status (0 when the server was not reached) and Rocket.Chat's error text. */
export class RestError extends Error {
  readonly status: number;
  readonly path: string;
  /** Rocket.Chat's `errorType` when it sent one, e.g. `invalid-params`. */
  readonly errorType?: string;
  constructor(method: string, path: string, status: number, reason: string, errorType?: string) {
    super(`${method} ${path} failed${status ? ` with HTTP ${status}` : ''}: ${reason}`);
    this.name = 'RestError';
    this.status = status;
    this.path = path;
    if (errorType) this.errorType = errorType;
  }
}

/** The bot's REST session: JSON calls, multipart posts and binary downloads, all authenticated. */
export interface RestClient {
  /** `timeoutMs` replaces the session's deadline for a call Rocket.Chat answers only after long work. */
  get<T>(path: string, query?: Record<string, string>, options?: CallOptions): Promise<T>;
  post<T>(path: string, body?: unknown): Promise<T>;
  postForm<T>(path: string, form: FormData): Promise<T>;
  /** GETs JSON from a server-relative path outside /api/v1 (e.g. `/api/info`) with the session's credentials. */
  getOutsideApi<T>(path: string): Promise<T>;
  /** Downloads a server-relative path (e.g. `/file-upload/…`) from Rocket.Chat as the bot, refusing more than `maxBytes`. */
  download(path: string, maxBytes: number): Promise<Buffer>;
  /** Signs the session in with a user id and token (login result or personal access token). */
  authenticate(userId: string, token: string): void;
  /** POST /api/v1/login with a password; returns the new token and the user id. */
  login(username: string, password: string): Promise<{ userId: string; token: string }>;
}

/** One call's own deadline, instead of the session's. */
export interface CallOptions {
  timeoutMs?: number;
}

type Json = Record<string, unknown>;

function normalise(method: string, path: string, error: unknown): RestError {
  if (error instanceof RestError) return error;
  if (typeof error === 'object' && error !== null && 'status' in error) {
    const { status, data } = error as { status: unknown; data?: Json };
    const reason = String(data?.error ?? data?.message ?? 'no reason given');
    const errorType = typeof data?.errorType === 'string' ? data.errorType : undefined;
    return new RestError(method, path, Number(status) || 0, reason, errorType);
  }
  const reason = error instanceof Error ? `${error.message}${error.cause instanceof Error ? ` (${error.cause.message})` : ''}` : String(error);
  return new RestError(method, path, 0, reason);
}

/** Wraps an SDK client used only for REST (its socket is never opened). */
export function createRestClient(sdk: Bot, baseUrl: string, timeoutMs: number): RestClient {
  let auth: { userId: string; token: string } | undefined;
  const authHeaders = (): Record<string, string> => (auth ? { 'X-User-Id': auth.userId, 'X-Auth-Token': auth.token } : {});

  async function call<T>(method: 'GET' | 'POST', path: string, run: () => Promise<unknown>, deadlineMs = timeoutMs): Promise<T> {
    try {
      return (await withTimeout(run(), deadlineMs, `${method} ${path}`)) as T;
    } catch (error) {
      throw normalise(method, path, error);
    }
  }

  return {
    get: (path, query = {}, options = {}) => call('GET', path, () => sdk.get(path, query, true), options.timeoutMs),
    post: (path, body = {}) => call('POST', path, () => sdk.post(path, body, true)),
    // The SDK sends FormData as is; its JSON content type must go, or the multipart boundary is lost.
    postForm: (path, form) => call('POST', path, () => sdk.post(path, form, true, undefined, { customHeaders: authHeaders() })),
    async getOutsideApi<T>(path: string): Promise<T> {
      const url = new URL(path, `${baseUrl}/`);
      try {
        const response = await fetch(url, { headers: authHeaders(), signal: AbortSignal.timeout(timeoutMs) });
        if (!response.ok) throw new RestError('GET', url.pathname, response.status, response.statusText || 'request refused');
        return (await response.json()) as T;
      } catch (error) {
        throw normalise('GET', url.pathname, error);
      }
    },
    // Built from the file id on the Rocket.Chat origin by the caller; the credentials never leave that origin.
    download: (path, maxBytes) => downloadFromRocketChat(baseUrl, path, auth, { maxBytes, timeoutMs }).catch((error: unknown) => {
      throw normalise('GET', path, error);
    }),
    authenticate(userId, token) {
      auth = { userId, token };
      sdk.userId = userId;
      sdk.currentLogin = { username: '', userId, authToken: token, result: { status: 'success', data: { userId, authToken: token } } };
      sdk.client.headers = authHeaders();
    },
    async login(username, password) {
      const result = await call<{ data?: { userId?: string; authToken?: string } }>('POST', 'login', () =>
        sdk.post('login', { username, password }, false),
      );
      const userId = result.data?.userId;
      const token = result.data?.authToken;
      if (!userId || !token) throw new RestError('POST', 'login', 200, 'the answer carried no user id or token');
      return { userId, token };
    },
  };
}
