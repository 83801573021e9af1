/**
 * `/info federation dns` as text: the modal's two tabs (Configure DNS, Legacy support) with Rocket.Chat's resolved
 * state, the bot's own look-up, and "Fix now" lines naming each record that is missing.
 */
import { type DnsRecordInputs, type DnsRecordRow, dnsRecordRows, lookupNames, siteParts } from './dns-records.js';
import type { FederationLookup, LookupOutcome } from './dns-lookup.js';

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

function seen<T>(name: string, result: LookupOutcome<T>, show: (records: T[]) => string): string {
  if (result.state === 'found') return `✅ \`${name}\`: ${show(result.records)}`;
  if (result.state === 'missing') return `❌ \`${name}\`: no such record`;
  return `⚠️ \`${name}\`: the look-up failed (${result.why})`;
}

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
    lines.push(
      '',
      '*My own look-up*',
      seen(names.srv, lookup.srv, (r) => r.map((s) => `target ${code(s.name)} port ${s.port}`).join(', ')),
      seen(names.publicKeyTxt, lookup.publicKeyTxt, (r) => (r.includes(inputs.publicKey) ? 'the public key' : 'a value that is not the public key')),
      seen(names.protocolTxt, lookup.protocolTxt, (r) => r.map((v) => code(v)).join(', ')),
    );
    const fixes: string[] = [];
    if (lookup.srv.state === 'missing') fixes.push(`add the SRV record \`${names.srv}\` → target ${code(site.host)}, port ${code(site.port || (site.protocol === 'https' ? '443' : '80'))}, priority 1, weight 1`);
    if (lookup.publicKeyTxt.state === 'missing' || (lookup.publicKeyTxt.state === 'found' && !lookup.publicKeyTxt.records.includes(inputs.publicKey))) {
      fixes.push(`add the TXT record \`${names.publicKeyTxt}\` with this server's public key (*Administration > Settings > Federation > Public Key*)`);
    }
    if (fixes.length > 0) lines.push('', '*Fix now*', ...fixes.map((f) => `• ${f}`));
  }
  return lines.join('\n');
}
