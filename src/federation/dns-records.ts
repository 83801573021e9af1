/**
 * The DNS records the legacy federation modal lists, with their state, computed as Rocket.Chat's client computes
 * them (apps/meteor/client/views/admin/info/FederationCard/components/FederationModal/DNSRecords.tsx, Types.ts,
 * FederationModal.tsx): Site_Url gives the protocol, host and port; FEDERATION_Domain's subdomain (by the public
 * suffix list, as the modal's `psl.parse`) names the records; FEDERATION_ResolvedSRV (JSON), _ResolvedPublicKeyTXT
 * and _ResolvedProtocolTXT, written by the federation cron (apps/meteor/server/cron/federation.ts), are what
 * Rocket.Chat resolved. Two tabs: "Configure DNS" and "Legacy support" (`legacy`). Pure.
 */
import { parse as parseDomain } from 'psl';

/** A row's state with the card's meaning (SectionStatus in Section.tsx). */
export type DnsRecordStatus = 'success' | 'failed' | 'unknown';

/** One row of the modal. */
export interface DnsRecordRow {
  /** SRV, public-key TXT or protocol TXT block. */
  block: 'srv' | 'publicKey' | 'protocol';
  title: string;
  expected: string;
  value: string | undefined;
  status: DnsRecordStatus;
}

/** What the modal reads. */
export interface DnsRecordInputs {
  siteUrl: string;
  domain: string;
  publicKey: string;
  resolvedSrv: string | null | undefined;
  resolvedPublicKeyTxt: string | null | undefined;
  resolvedProtocolTxt: string | null | undefined;
}

/** The subdomain part of a federation domain (`chat` for chat.example.com, empty for example.com). */
export function federationSubdomain(domain: string): string {
  const parsed = parseDomain(domain);
  return 'subdomain' in parsed && parsed.subdomain ? parsed.subdomain : '';
}

/** The protocol, host and port of Site_Url as `new URL` gives them (the port is empty for the scheme's default). */
export function siteParts(siteUrl: string): { protocol: string; host: string; port: string } | undefined {
  try {
    const url = new URL(siteUrl);
    return { protocol: url.protocol.slice(0, -1), host: url.hostname, port: url.port };
  } catch {
    return undefined;
  }
}

function parseSrv(json: string | null | undefined): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(json || '{}');
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

const capitalize = (word: string) => word.charAt(0).toUpperCase() + word.slice(1).toLowerCase();

/** The rows of one tab, with the modal's titles, expected values and states. */
export function dnsRecordRows(inputs: DnsRecordInputs, legacy: boolean): DnsRecordRow[] | undefined {
  const site = siteParts(inputs.siteUrl);
  if (!site) return undefined;
  const sub = federationSubdomain(inputs.domain);
  const srv = parseSrv(inputs.resolvedSrv);
  const txt: Record<'host' | 'protocol', string | undefined> = { host: inputs.resolvedPublicKeyTxt || undefined, protocol: inputs.resolvedProtocolTxt || undefined };

  // A root-level row names the record: its value is what it must be; an SRV one fails while nothing resolved, a TXT
  // one is never failed by that. Other rows compare what resolved to what is expected.
  const row = (block: DnsRecordRow['block'], kind: 'srv' | 'txt', name: string, expected: string, opts: { root?: boolean; title?: string; longValueTitle?: string } = {}): DnsRecordRow => {
    const title = opts.title ?? (kind === 'txt' && !opts.root ? 'Value' : capitalize(name));
    let value: string | undefined = opts.root ? expected : undefined;
    let status: DnsRecordStatus = 'unknown';
    if (kind === 'srv' && srv[name]) value = String(srv[name]);
    if (kind === 'txt' && !opts.root) value = txt[name as 'host' | 'protocol'];
    if (opts.root) status = kind === 'srv' ? (Object.keys(srv).length > 0 ? 'success' : 'failed') : txt[name as 'host' | 'protocol'] ? 'success' : 'unknown';
    if (status !== 'failed') status = value === expected ? 'success' : 'failed';
    if (opts.longValueTitle) return { block, title, expected: opts.longValueTitle, value: `${value?.slice(0, 40)}...`, status };
    return { block, title, expected, value, status };
  };

  const rows: DnsRecordRow[] = [
    row('srv', 'srv', 'service', '_rocketchat', { root: true }),
    row('srv', 'srv', 'protocol', legacy ? '_tcp' : `_${site.protocol}`, { root: true }),
    row('srv', 'srv', 'name', sub, { root: true }),
    row('srv', 'srv', 'target', site.host),
    row('srv', 'srv', 'port', site.port),
    row('srv', 'srv', 'weight', '1'),
    row('srv', 'srv', 'priority', '1'),
    row('srv', 'srv', 'ttl', '1', { root: true, title: 'TTL' }),
    row('publicKey', 'txt', 'host', `rocketchat-public-key${sub ? `.${sub}` : ''}`, { root: true }),
    row('publicKey', 'txt', 'host', inputs.publicKey, { longValueTitle: '<my-public-key>' }),
  ];
  if (legacy) {
    rows.push(row('protocol', 'txt', 'protocol', `rocketchat-tcp-protocol${sub ? `.${sub}` : ''}`, { root: true }), row('protocol', 'txt', 'protocol', site.protocol));
  }
  return rows;
}

/**
 * The names the federation cron looks up (server/cron/federation.ts): the public-key and protocol TXT records, and
 * the SRV record under `_tcp` when a protocol TXT record resolved, else under Site_Url's protocol.
 */
export function lookupNames(domain: string, siteProtocol: string, protocolTxtResolved: boolean) {
  return {
    srv: `_rocketchat._${protocolTxtResolved ? 'tcp' : siteProtocol}.${domain}`,
    publicKeyTxt: `rocketchat-public-key.${domain}`,
    protocolTxt: `rocketchat-tcp-protocol.${domain}`,
  };
}
