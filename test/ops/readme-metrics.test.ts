import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import type { LinkState } from '../../src/chat/link.js';
import { createMetrics } from '../../src/ops/metrics.js';
import { parseMetrics } from './support/scrape.js';

describe('README, Deploy > Health and metrics', () => {
  test('lists every infobot_ metric the registry exposes, and no other', async () => {
    const metrics = createMetrics({
      link: { state: (): LinkState => 'online', onStateChange: () => undefined },
      readiness: () => ({ ready: true, checkedAt: null, checks: [], features: [] }),
    });
    try {
      const exposed = [...(parseMetrics(await metrics.registry.metrics()).families.keys())].filter((n) => n.startsWith('infobot_'));
      // Gauges without a figure yet have no sample but are still declared: read the declared names too.
      const declared = (await metrics.registry.getMetricsAsJSON()).map((m) => m.name).filter((n) => n.startsWith('infobot_'));
      expect(declared).toEqual(expect.arrayContaining(exposed));
      const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
      const section = readme.slice(readme.indexOf('### Health and metrics'), readme.indexOf('## Tests'));
      const documented = [...new Set([...section.matchAll(/`(infobot_[a-z_]+)`/g)].map((m) => m[1] as string))];
      expect(documented.sort()).toEqual([...declared].sort());
    } finally {
      metrics.close();
    }
  });
});
