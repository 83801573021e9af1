/**
 * `/info federation dns` as text: the modal's two tabs (Configure DNS, Legacy support) with Rocket.Chat's resolved
 * state, the bot's own look-up judged by the modal's rules (dns-checks.ts), and "Fix now" lines naming each record
 * that is missing or wrong.
 */
import { type DnsRecordInputs, type DnsRecordRow, dnsRecordRows, lookupNames, siteParts } from './dns-records.js';
import { checkOwnLookup } from './dns-checks.js';
import type { FederationLookup } from './dns-lookup.js';

const ICON = { success: '✅', failed: '❌', unknown: '⚪' } as const;
const BLOCKS: Record<DnsRecordRow['block'], string> = { srv: 'SRV record', publicKey: 'Public key TXT record', protocol: 'Protocol TXT record' };
// Values are settings or DNS answers, not user input; backticks are replaced so they stay inside code spans.
const code = (value: string | undefined) => (value === undefined || value === '' ? '(empty)' : `\`${value.replace(/`/g, "'").slice(0, 120)}\``);

function tab(title: string, rows: DnsRecordRow[]): string[] {
  const lines = [`*${title}*`];
  let block: DnsRecordRow['block'] | undefined;
  for (const row of rows) {
    if (row.block !== block) lines.push(`_${BLOCKS[row.block]}_`);
    block = row.block;
    lines.push(`${ICON[row.status]} ${row.title}: ${code(row.expected)}${row.value !== row.expected ? ` (resolved: ${code(row.value)})` : ''}`);
  }
  return lines;
}

const OWN_ICON = { success: '✅', failed: '❌', unknown: '⚪', 'lookup-failed': '⚠️' } as const;

/** The whole answer; `lookup` is undefined when the bot could not look (no domain). */
export function renderDns(inputs: DnsRecordInputs, lookup: FederationLookup | undefined): string {
  const site = siteParts(inputs.siteUrl);
  const rows = dnsRecordRows(inputs, false);
  if (!site || !rows) return `Site_Url ${code(inputs.siteUrl)} is not a URL, so the records cannot be computed: set it under *Administration > Settings > General*.`;
  if (!inputs.domain) return 'No federation domain is set: `/info federation set domain <domain>` first.';
  const legacyRows = dnsRecordRows(inputs, true) ?? [];
  const names = lookupNames(inputs.domain, site.protocol, Boolean(inputs.resolvedProtocolTxt));
  const lines = [`*DNS records for* \`${inputs.domain}\` (Rocket.Chat's resolved state)`, ...tab('Configure DNS', rows), '', ...tab('Legacy support', legacyRows)];
  if (lookup) {
    const checks = checkOwnLookup({ site, publicKey: inputs.publicKey, names }, lookup);
    lines.push('', "*My own look-up*, judged as Rocket.Chat's modal judges its records", ...checks.map((c) => `${OWN_ICON[c.status]} ${c.line}`));
    const fixes = checks.flatMap((c) => (c.fix ? [c.fix] : []));
    if (fixes.length > 0) lines.push('', '*Fix now*', ...fixes.map((f) => `• ${f}`));
  }
  return lines.join('\n');
}
