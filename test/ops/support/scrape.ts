/**
 * Scraping the bot's endpoints as Prometheus and a kubelet would: plain HTTP GETs, the metrics text read by a Prometheus
 * text-format parser (parse-prometheus-text-format, a port of the Prometheus Python client's parser), never by regexes.
 */
import parsePrometheusTextFormat from 'parse-prometheus-text-format';

/** Samples keyed `name{label="value",…}` (labels sorted); a histogram gives `name_count{…}` and `name_sum{…}`. */
export type Samples = Map<string, number>;

/** Families by name with their declared type, for checks on names and types. */
export type Families = Map<string, string>;

function key(name: string, labels: Record<string, string> | undefined): string {
  const pairs = Object.entries(labels ?? {})
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${k}="${v}"`);
  return pairs.length ? `${name}{${pairs.join(',')}}` : name;
}

/**
 * Parses exposition text into samples and families. The parser flattens a histogram's series into one and drops their
 * labels, so for the samples histograms are read a second time declared untyped: then each `_bucket`, `_count` and
 * `_sum` line is a sample of its own, with its labels (`le` dropped from the key: only `_count` and `_sum` are kept).
 */
export function parseMetrics(text: string): { samples: Samples; families: Families } {
  const samples: Samples = new Map();
  const families: Families = new Map();
  for (const family of parsePrometheusTextFormat(text)) families.set(family.name, family.type);
  const untyped = text.replace(/^# TYPE (\S+) (histogram|summary)$/gm, '# TYPE $1 untyped');
  for (const family of parsePrometheusTextFormat(untyped)) {
    if (family.name.endsWith('_bucket')) continue;
    for (const sample of family.metrics) samples.set(key(family.name, sample.labels), Number(sample.value));
  }
  return { samples, families };
}

/** GET a path of the ops endpoint. */
export async function get(port: number, path: string): Promise<{ status: number; body: string; type: string }> {
  const res = await fetch(`http://127.0.0.1:${port}${path}`);
  return { status: res.status, body: await res.text(), type: res.headers.get('content-type') ?? '' };
}

/** Scrapes /metrics and parses it. */
export async function scrape(port: number): Promise<{ samples: Samples; families: Families }> {
  const res = await get(port, '/metrics');
  if (res.status !== 200) throw new Error(`/metrics answered ${res.status}`);
  return parseMetrics(res.body);
}

/** What moved between two scrapes, for the samples whose names pass `keep`: only non-zero changes. */
export function deltas(before: Samples, after: Samples, keep: (name: string) => boolean): Record<string, number> {
  const moved: Record<string, number> = {};
  for (const [name, value] of after) {
    if (!keep(name)) continue;
    const change = value - (before.get(name) ?? 0);
    if (change !== 0) moved[name] = change;
  }
  return moved;
}
