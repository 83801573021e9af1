/**
 * The bot's own DNS answers judged as Rocket.Chat's federation modal judges its resolved ones
 * (apps/meteor/client/views/admin/info/FederationCard/components/FederationModal/DNSRecords.tsx, FederationModal.tsx):
 * the SRV record found under the federation domain must point at Site_Url's host (Target) and port (Port, compared
 * as text with `new URL(Site_Url).port`), with weight and priority 1; the public-key TXT record must hold
 * FEDERATION_Public_Key; the protocol TXT record (Legacy support tab) must be Site_Url's protocol. Like the federation
 * cron (apps/meteor/server/cron/federation.ts) only the first SRV answer counts. Each check that fails names its fix.
 * Pure.
 */
import type { FederationLookup } from './dns-lookup.js';

/** One judged answer. */
export interface OwnDnsCheck {
  status: 'success' | 'failed' | 'unknown' | 'lookup-failed';
  /** What was found and how it compares, without the icon. */
  line: string;
  /** What to change in DNS, when something must change. */
  fix?: string;
}

/** What the checks compare with. */
export interface OwnDnsInputs {
  site: { protocol: string; host: string; port: string };
  publicKey: string;
  names: { srv: string; publicKeyTxt: string; protocolTxt: string };
}

const DEFAULT_PORTS: Record<string, number> = { https: 443, http: 80 };
// Names and values come from DNS answers: backticks replaced and bounded so each stays one code span.
const code = (value: string | number) => `\`${String(value).replace(/`/g, "'").slice(0, 120)}\``;

/** The port a client reaches Site_Url on (its explicit port, else the scheme's default). */
export const effectivePort = (site: OwnDnsInputs['site']) => (site.port ? Number(site.port) : (DEFAULT_PORTS[site.protocol] ?? 0));

function srvChecks(inputs: OwnDnsInputs, srv: FederationLookup['srv']): OwnDnsCheck[] {
  const { site, names } = inputs;
  const port = effectivePort(site);
  const addRecord = `add the SRV record ${code(names.srv)} → target ${code(site.host)}, port ${code(port)}, priority 1, weight 1`;
  if (srv.state === 'failed') return [{ status: 'lookup-failed', line: `${code(names.srv)}: the look-up failed (${srv.why})` }];
  if (srv.state === 'missing') return [{ status: 'failed', line: `${code(names.srv)}: no such record`, fix: addRecord }];
  const [first] = srv.records;
  if (!first) return [{ status: 'failed', line: `${code(names.srv)}: no such record`, fix: addRecord }];
  const checks: OwnDnsCheck[] = [];
  const target = first.name === site.host;
  checks.push({
    status: target ? 'success' : 'failed',
    line: `${code(names.srv)} target ${code(first.name)}${target ? ", Site_Url's host" : `, but Site_Url's host is ${code(site.host)}`}`,
    ...(target ? {} : { fix: `change the target of ${code(names.srv)} to ${code(site.host)} (Site_Url's host)` }),
  });
  if (String(first.port) === site.port) {
    checks.push({ status: 'success', line: `${code(names.srv)} port ${code(first.port)}, Site_Url's port` });
  } else if (site.port === '' && first.port === port) {
    // `new URL('https://host').port` is '': the modal's Port row expects that empty text, so it fails for a record
    // that names the scheme's default port, which is the port Site_Url is served on.
    checks.push({
      status: 'success',
      line: `${code(names.srv)} port ${code(first.port)}, the default port of Site_Url's ${site.protocol} (Rocket.Chat's modal still marks its Port row failed: it compares with Site_Url's written port, which is empty)`,
    });
  } else {
    checks.push({
      status: 'failed',
      line: `${code(names.srv)} port ${code(first.port)}, but Site_Url is served on ${code(port)}`,
      fix: `change the port of ${code(names.srv)} to ${code(port)}`,
    });
  }
  const ones = first.priority === 1 && first.weight === 1;
  checks.push({
    status: ones ? 'success' : 'failed',
    line: `${code(names.srv)} priority ${code(first.priority)}, weight ${code(first.weight)}${ones ? '' : ' (the modal expects 1 and 1)'}`,
    ...(ones ? {} : { fix: `set priority 1 and weight 1 on ${code(names.srv)}` }),
  });
  return checks;
}

function publicKeyCheck(inputs: OwnDnsInputs, txt: FederationLookup['publicKeyTxt']): OwnDnsCheck {
  const name = code(inputs.names.publicKeyTxt);
  const fix = `add the TXT record ${name} with this server's public key (*Administration > Settings > Federation > Public Key*)`;
  if (txt.state === 'failed') return { status: 'lookup-failed', line: `${name}: the look-up failed (${txt.why})` };
  if (txt.state === 'missing') return { status: 'failed', line: `${name}: no such record`, fix };
  const holds = txt.records.includes(inputs.publicKey);
  return holds ? { status: 'success', line: `${name}: the public key` } : { status: 'failed', line: `${name}: a value that is not the public key`, fix: `replace the value of ${name} with this server's public key (*Administration > Settings > Federation > Public Key*)` };
}

function protocolCheck(inputs: OwnDnsInputs, txt: FederationLookup['protocolTxt']): OwnDnsCheck {
  const name = code(inputs.names.protocolTxt);
  if (txt.state === 'failed') return { status: 'lookup-failed', line: `${name}: the look-up failed (${txt.why})` };
  // The Legacy support tab: only for DNS providers without `_http`/`_https` SRV records (then the SRV is under `_tcp`).
  if (txt.state === 'missing') return { status: 'unknown', line: `${name}: no such record (needed only for the Legacy support setup, an SRV record under \`_tcp\`)` };
  const holds = txt.records.includes(inputs.site.protocol);
  return holds
    ? { status: 'success', line: `${name}: ${code(inputs.site.protocol)}, Site_Url's protocol` }
    : { status: 'failed', line: `${name}: ${txt.records.map((v) => code(v)).join(', ')}, but Site_Url's protocol is ${code(inputs.site.protocol)}`, fix: `set ${name} to ${code(inputs.site.protocol)}` };
}

/** Every check of the bot's own look-up, SRV first. */
export function checkOwnLookup(inputs: OwnDnsInputs, lookup: FederationLookup): OwnDnsCheck[] {
  return [...srvChecks(inputs, lookup.srv), publicKeyCheck(inputs, lookup.publicKeyTxt), protocolCheck(inputs, lookup.protocolTxt)];
}
