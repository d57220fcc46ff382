/**
 * The scrape's own series, emitted with every collection: whether each device could be read and
 * how long it took. Alert on `linkmon_scrape_success == 0`.
 */
import type { MetricDesc, MetricFamily } from '../../core/metrics.js';

export interface ScrapeOutcome {
  /** Collector id (`redfish_system`, `switch_cli`, …). */
  readonly collector: string;
  readonly device: string;
  readonly success: boolean;
  readonly durationMs: number;
}

export const SCRAPE_SUCCESS: MetricDesc = {
  name: 'linkmon_scrape_success',
  help: 'Whether the device could be read in the last collection (1) or not (0)',
  type: 'gauge',
  labelNames: ['collector', 'device'],
};

export const SCRAPE_DURATION: MetricDesc = {
  name: 'linkmon_scrape_duration_seconds',
  help: 'Time the last collection of the device took, in seconds',
  type: 'gauge',
  labelNames: ['collector', 'device'],
};

export function scrapeFamilies(outcomes: readonly ScrapeOutcome[]): MetricFamily[] {
  return [
    { desc: SCRAPE_SUCCESS, samples: outcomes.map((o) => ({ labels: { collector: o.collector, device: o.device }, value: o.success ? 1 : 0 })) },
    { desc: SCRAPE_DURATION, samples: outcomes.map((o) => ({ labels: { collector: o.collector, device: o.device }, value: o.durationMs / 1000 })) },
  ];
}
