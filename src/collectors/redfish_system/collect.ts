/**
 * redfish_system: one sample of a CS-X system over Redfish. Reads the data ports'
 * EthernetInterfaces and the 17 `NetworkInterface.*` metric reports at the same time (the client
 * keeps at most its per-BMC limit in flight) and maps them with mapCsx.
 *
 * Partial results are normal: a report the system does not offer (404) is a warning, a report
 * that fails (HTTP error, bad JSON, timeout) is an error of that device while everything else it
 * answered is kept. Only when nothing at all could be read does the sample fail as a whole.
 */
import { ErrorCodes, LinkmonError, toLinkmonError } from '../../core/errors.js';
import type { LinkObservation } from '../../core/link.js';
import type { MetricFamily } from '../../core/metrics.js';
import type { RedfishClient, RedfishTarget } from '../../transports/http/redfish.js';
import { CSX_INTERFACES_PATH, CSX_METRICS, csxReportPath, mapCsx } from './map.js';

export interface CsxCollectOptions {
  /** Deadline of the whole sample. */
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
}

export interface CsxCollectResult {
  readonly links: LinkObservation[];
  /** The `system_network_*` series (labels system, port). */
  readonly families: MetricFamily[];
  readonly errors: LinkmonError[];
  /** Requests the sample needed. */
  readonly requests: number;
}

/** Failures listed one by one before the rest are summed up. */
const MAX_LISTED_FAILURES = 3;

export async function collectCsx(client: RedfishClient, target: RedfishTarget, opts: CsxCollectOptions): Promise<CsxCollectResult> {
  const req = { timeoutMs: opts.timeoutMs, ...(opts.signal ? { signal: opts.signal } : {}) };
  const settled = await Promise.allSettled([
    client.getAll(target, CSX_INTERFACES_PATH, req),
    ...CSX_METRICS.map((m) => client.get(target, csxReportPath(m.report), { ...req, optional: true })),
  ]);
  const [ifaces, ...reportResults] = settled;
  const failures = settled.filter((s): s is PromiseRejectedResult => s.status === 'rejected').map((s) => toLinkmonError(s.reason, ErrorCodes.REDFISH_CONNECT, target.id));
  // Nothing answered: the system is down, refuses us, or the run was cancelled.
  if (failures.length === settled.length) throw failures[0];

  const errors: LinkmonError[] = [];
  for (const f of failures.slice(0, MAX_LISTED_FAILURES)) errors.push(f);
  if (failures.length > MAX_LISTED_FAILURES) {
    errors.push(
      new LinkmonError(
        failures[MAX_LISTED_FAILURES]?.code ?? ErrorCodes.REDFISH_HTTP,
        `${failures.length - MAX_LISTED_FAILURES} more Redfish request(s) failed the same way or otherwise`,
        { target: target.id },
      ),
    );
  }

  const reports = new Map<string, unknown>();
  const absent: string[] = [];
  reportResults.forEach((r, i) => {
    const m = CSX_METRICS[i];
    if (m === undefined || r === undefined || r.status !== 'fulfilled') return;
    if (r.value === undefined) absent.push(m.report);
    else reports.set(m.report, r.value);
  });
  if (absent.length > 0) {
    errors.push(
      new LinkmonError(
        ErrorCodes.REDFISH_PARTIAL,
        absent.length === CSX_METRICS.length
          ? 'the system offers no NetworkInterface metric reports (TelemetryService): only link status and MAC were read'
          : `metric report(s) not offered by the system: ${absent.map((a) => `NetworkInterface.${a}`).join(', ')}`,
        { target: target.id, severity: 'warning' },
      ),
    );
  }

  const mapped = mapCsx(target.id, { interfaces: ifaces?.status === 'fulfilled' ? ifaces.value : [], reports });
  if (mapped.unmatched.length > 0) {
    errors.push(
      new LinkmonError(
        ErrorCodes.PARSE_UNMATCHED,
        `${mapped.unmatched.length} Redfish value(s) not understood (first: ${mapped.unmatched[0] ?? ''})`,
        { target: target.id, severity: 'warning' },
      ),
    );
  }
  return { links: mapped.links, families: mapped.families, errors, requests: settled.length };
}
