/**
 * `infobot license check [FILE|-] [--site-url URL] [--active-users N]`: judges a license without applying it and
 * prints the verdict as JSON. Site URL and seat count come from the flags or, with MONGO_URL, from the workspace.
 * Exit 0 valid, 1 invalid, 2 could not judge. The license text is never printed.
 */
import { readFile } from 'node:fs/promises';
import yargsParser from 'yargs-parser';
import { MongoUrlError } from '../db/mongo-url.js';
import { DatabaseUnreachableError, openRocketChatDb } from '../db/open.js';
import { LicenseKeyConfigError, resolveLicensePublicKey } from '../license/public-key.js';
import { type LicenseCounters, readLicenseCounters } from '../license/counters.js';
import { verifyLicense } from '../license/verify.js';
import { QueryRunner } from '../stats/query-runner.js';
import { deriveUserCounts, userTallies } from '../stats/queries/users.js';
import { readSettings } from '../stats/settings.js';
import { readLastSnapshot } from '../stats/snapshot.js';
import { resolveSemantics } from '../stats/version.js';
import { type CliIo, complain, rejectUnknownFlags, UsageError } from './io.js';

/** How `infobot license check` is invoked. */
export const LICENSE_CHECK_USAGE = 'infobot license check [FILE|-] [--site-url URL] [--active-users N] [--rc-version X.Y.Z]';

const CLI_SERVER_SELECTION_MS = 3_000;
const MAX_LICENSE_BYTES = 64 * 1024;

interface Options {
  file: string;
  siteUrl?: string;
  activeUsers?: number;
  rcVersion?: string;
}

function parse(args: string[]): Options {
  const parsed = yargsParser(args, {
    string: ['site-url', 'active-users', 'rc-version'],
    configuration: { 'camel-case-expansion': false },
  });
  rejectUnknownFlags(parsed, ['site-url', 'active-users', 'rc-version']);
  if (parsed._.length > 1) throw new UsageError('give one license file (or - for standard input)');
  const rawUsers = parsed['active-users'] as string | undefined;
  if (rawUsers !== undefined && !/^\d+$/.test(rawUsers)) throw new UsageError(`--active-users must be a whole number, not "${rawUsers}"`);
  const siteUrl = parsed['site-url'] as string | undefined;
  if (siteUrl !== undefined && !/^https?:\/\/[^\s/]+/i.test(siteUrl)) {
    throw new UsageError(`--site-url must be the workspace's URL, e.g. https://chat.example.com, not "${siteUrl}"`);
  }
  return {
    file: String(parsed._[0] ?? '-'),
    siteUrl,
    activeUsers: rawUsers === undefined ? undefined : Number(rawUsers),
    rcVersion: parsed['rc-version'] as string | undefined,
  };
}

async function readLicenseText(file: string, io: CliIo): Promise<string> {
  if (file !== '-') {
    try {
      return (await readFile(file)).subarray(0, MAX_LICENSE_BYTES).toString('utf8');
    } catch (error) {
      throw new UsageError(`cannot read the license file ${file} (${(error as NodeJS.ErrnoException).code ?? 'unreadable'})`);
    }
  }
  if (io.stdin.isTTY) throw new UsageError('give a license file, or pipe the license into standard input (… | infobot license check -)');
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of io.stdin) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buffer.length;
    if (size > MAX_LICENSE_BYTES) break;
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Reads Site_Url and the seat count from the workspace. */
interface WorkspaceFacts {
  siteUrl?: string;
  counters?: LicenseCounters;
  rcVersion?: string;
}

async function workspaceFacts(mongoUrl: string, rcVersion: string | undefined): Promise<WorkspaceFacts> {
  const rc = await openRocketChatDb(mongoUrl, { serverSelectionTimeoutMS: CLI_SERVER_SELECTION_MS, appName: 'infobot-cli' });
  try {
    const runner = new QueryRunner({ db: rc.db, timeoutMs: 10_000, concurrency: 3 });
    const warnings: string[] = [];
    const [settings, snapshot, groups] = await Promise.all([readSettings(runner, ['Site_Url']), readLastSnapshot(runner, warnings), userTallies(runner)]);
    if (!settings.ok) throw new DatabaseUnreachableError(`Could not read Site_Url from Rocket.Chat's database (${settings.error}).`);
    if (!groups.ok) throw new DatabaseUnreachableError(`Could not count active users in Rocket.Chat's database (${groups.error}).`);
    const semantics = resolveSemantics({ override: rcVersion, snapshot: typeof snapshot?.doc.version === 'string' ? snapshot.doc.version : undefined });
    const counts = deriveUserCounts(groups.value, semantics);
    const siteUrl = settings.get('Site_Url');
    const counters = await readLicenseCounters(runner, { rcMajor: semantics.version.major, now: new Date(), users: counts });
    return { siteUrl: typeof siteUrl === 'string' && siteUrl ? siteUrl : undefined, counters, rcVersion: semantics.version.text };
  } finally {
    await rc.close();
  }
}

/** Runs `infobot license check`; resolves to the exit code. */
export async function runLicenseCheck(args: string[], io: CliIo): Promise<number> {
  const options = parse(args);
  let publicKeyPem: string;
  try {
    publicKeyPem = resolveLicensePublicKey(io.env);
  } catch (error) {
    if (!(error instanceof LicenseKeyConfigError)) throw error;
    complain(io, error.message);
    return 2;
  }
  let facts: WorkspaceFacts = {};
  if (io.env.MONGO_URL?.trim()) {
    try {
      facts = await workspaceFacts(io.env.MONGO_URL, options.rcVersion);
    } catch (error) {
      if (error instanceof MongoUrlError || error instanceof DatabaseUnreachableError) {
        complain(io, error.message);
        return 2;
      }
      throw error;
    }
  }
  const siteUrl = options.siteUrl ?? facts.siteUrl;
  if (!siteUrl) {
    complain(io, "cannot judge the license's server URLs without the workspace's site URL: pass --site-url URL or set MONGO_URL");
    return 2;
  }
  const text = await readLicenseText(options.file, io);
  const activeUsers = options.activeUsers ?? facts.counters?.activeUsers;
  // A license checked here is one about to be applied: prevent_installation rules count (isNewLicense).
  const verdict = await verifyLicense(text, {
    siteUrl,
    counters: { ...facts.counters, ...(activeUsers !== undefined && { activeUsers }) },
    isNewLicense: true,
    publicKeyPem,
    rcVersion: options.rcVersion ?? facts.rcVersion,
  });
  io.stdout.write(`${JSON.stringify(verdict, null, 2)}\n`);
  return verdict.valid ? 0 : 1;
}
