/**
 * The bot's own look-up of the federation records, through Node's resolver (servers settable, so a deployment can
 * name its resolver and tests a local double). Every answer is found, missing (NXDOMAIN / no data) or failed (the
 * resolver did not answer): a failure is reported, never thrown.
 */
import { Resolver } from 'node:dns/promises';

/** One record's look-up. */
export type LookupOutcome<T> = { state: 'found'; records: T[] } | { state: 'missing' } | { state: 'failed'; why: string };

/** The SRV and TXT answers. */
export interface FederationLookup {
  srv: LookupOutcome<{ name: string; port: number; priority: number; weight: number }>;
  publicKeyTxt: LookupOutcome<string>;
  protocolTxt: LookupOutcome<string>;
}

const MISSING_CODES = new Set(['ENOTFOUND', 'ENODATA', 'NXDOMAIN']);

async function outcome<T>(query: () => Promise<T[]>): Promise<LookupOutcome<T>> {
  try {
    const records = await query();
    return records.length > 0 ? { state: 'found', records } : { state: 'missing' };
  } catch (error) {
    const code = (error as { code?: string }).code ?? '';
    if (MISSING_CODES.has(code)) return { state: 'missing' };
    return { state: 'failed', why: code || (error instanceof Error ? error.message : String(error)) };
  }
}

/** Looks the three names up; `servers` (ip or ip:port) replace the system's resolvers when given. */
export async function lookUpFederation(names: { srv: string; publicKeyTxt: string; protocolTxt: string }, options: { servers?: readonly string[]; timeoutMs?: number } = {}): Promise<FederationLookup> {
  const resolver = new Resolver({ timeout: options.timeoutMs ?? 2_000, tries: 1 });
  if (options.servers?.length) resolver.setServers([...options.servers]);
  // A TXT record may be split in chunks of ≤ 255 bytes: its value is their concatenation.
  const txt = (name: string) => resolver.resolveTxt(name).then((rows) => rows.map((chunks) => chunks.join('')));
  const [srv, publicKeyTxt, protocolTxt] = await Promise.all([outcome(() => resolver.resolveSrv(names.srv)), outcome(() => txt(names.publicKeyTxt)), outcome(() => txt(names.protocolTxt))]);
  return { srv, publicKeyTxt, protocolTxt };
}
