/**
 * Rocket.Chat's `/api/info`, when ROCKETCHAT_URL is reachable: the full version, Apps-Engine version and commit details
 * that exist only in the server build. Logged in (user + password, or user id + token) it answers in full when the
 * account holds `view-statistics`; anonymously only `major.minor`.
 */

/** The parts of `/api/info` the engine uses. */
export interface ServerInfo {
  version?: string;
  cloudWorkspaceId?: string;
  /** Rocket.Chat's signed supported-versions list (IWorkspaceInfo), read by the Workspace page's VersionCard. */
  supportedVersions?: { signed?: string };
  info?: {
    version?: string;
    marketplaceApiVersion?: string;
    commit?: { hash?: string; branch?: string; subject?: string; date?: string; tag?: string; author?: string };
  };
}

/** Where and how to ask. */
export interface ServerInfoOptions {
  url: string;
  user?: string;
  password?: string;
  userId?: string;
  authToken?: string;
  timeoutMs?: number;
}

/** /api/info could not be read; the message is one line. */
export class ServerInfoError extends Error {}

async function getJson(url: string, init: RequestInit, timeoutMs: number): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).name;
    throw new ServerInfoError(`Rocket.Chat at ${new URL(url).origin} did not answer (${cause}): check ROCKETCHAT_URL.`);
  }
  if (!response.ok) {
    throw new ServerInfoError(`Rocket.Chat answered ${response.status} to ${new URL(url).pathname}: check ROCKETCHAT_URL and the bot's credentials.`);
  }
  return response.json();
}

/**
 * A command-line run's REST session: the given user id and token, or one password login made here, which `close`
 * logs out again (a login leaves a resume token on the account). Anonymous when no account is given.
 */
export interface RestSession {
  /** The same place, with the session's token instead of the password. */
  options: ServerInfoOptions;
  close(): Promise<void>;
}

/** A login hashes the password on the server (bcrypt, cost 10): a busy server can take seconds over it. */
const LOGIN_MS = 30_000;

/** ROCKETCHAT_URL without its trailing slash; one line when it is not a URL. */
export function baseOf(options: ServerInfoOptions): string {
  try {
    return new URL(options.url).toString().replace(/\/$/, '');
  } catch {
    throw new ServerInfoError('ROCKETCHAT_URL is not a URL: use the form https://chat.example.com.');
  }
}

/** Headers that carry the session's token (none when anonymous). */
export function sessionHeaders(options: ServerInfoOptions): Record<string, string> {
  return options.userId && options.authToken ? { 'X-User-Id': options.userId, 'X-Auth-Token': options.authToken } : {};
}

/** Opens one session for every REST call of a run, so a run logs in once however many calls it makes. */
export async function openRestSession(options: ServerInfoOptions): Promise<RestSession> {
  const base = baseOf(options);
  if ((options.userId && options.authToken) || !options.user || !options.password) return { options, close: async () => {} };
  const body = (await getJson(
    `${base}/api/v1/login`,
    { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ user: options.user, password: options.password }) },
    options.timeoutMs ?? LOGIN_MS,
  )) as { data?: { userId?: string; authToken?: string } };
  if (!body.data?.userId || !body.data.authToken) throw new ServerInfoError('Rocket.Chat refused the login: check ROCKETCHAT_USER and ROCKETCHAT_PASSWORD.');
  const session: ServerInfoOptions = { url: options.url, timeoutMs: options.timeoutMs, userId: body.data.userId, authToken: body.data.authToken };
  return {
    options: session,
    close: async () => {
      await fetch(`${base}/api/v1/logout`, { method: 'POST', headers: sessionHeaders(session), signal: AbortSignal.timeout(5_000) }).catch(() => {});
    },
  };
}

/** Fetches /api/info (in a session of its own unless `options` already carries a token). */
export async function fetchServerInfo(options: ServerInfoOptions): Promise<ServerInfo> {
  const base = baseOf(options);
  const session = await openRestSession(options);
  try {
    return (await getJson(`${base}/api/info`, { headers: sessionHeaders(session.options) }, options.timeoutMs ?? 5_000)) as ServerInfo;
  } finally {
    await session.close();
  }
}
