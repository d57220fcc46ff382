/**
 * Maps what a CS-X system's Redfish service says about its 12 data ports to link observations
 * and to the `system_network_*` series of the seed's system exporter. Pure; never throws on odd
 * input: what it cannot read is listed in `unmatched`.
 *
 * Sources: `Systems/system/EthernetInterfaces/N00…N11` (LinkStatus, MACAddress) and the
 * TelemetryService metric reports `NetworkInterface.<metric>`, whose MetricValues carry one value
 * per port in MetricIds ending `DATA_NETWORK_IF_<n>` (n = port index + 1). Values of other
 * interfaces (management ports) are not data ports and are skipped.
 */
import type { LinkCounter, LinkObservation } from '../../core/link.js';
import type { MetricDesc, MetricFamily, Sample } from '../../core/metrics.js';
import { isObject } from '../../core/json.js';

export interface CsxMetric {
  /** Report name after `NetworkInterface.`. */
  readonly report: string;
  /** Series name and HELP, as the seed's system exporter writes them. */
  readonly name: string;
  readonly help: string;
  /** The normalized counter it feeds, if any. */
  readonly counter?: LinkCounter;
  /** A count that only grows (kept as a raw counter) or a level (kept as a fact). */
  readonly kind: 'counter' | 'level';
}

/** The 17 reports the seed reads, in its order. */
export const CSX_METRICS: readonly CsxMetric[] = [
  { report: 'link_flap_count', name: 'system_network_flap_count', help: 'system network flap count', counter: 'carrier_changes', kind: 'counter' },
  { report: 'rx_bytes', name: 'system_network_rx_bytes', help: 'system network RX bytes', counter: 'rx_bytes', kind: 'counter' },
  { report: 'rx_pkt_bad_fcs', name: 'system_network_rx_pkt_bad_fcs', help: 'system network packets with bad FCS', counter: 'rx_crc_errors', kind: 'counter' },
  {
    report: 'rx_fec_corr',
    name: 'system_network_rx_fec_corrected_pkts',
    help: 'system network packets with corrected FEC errors',
    counter: 'fec_corrected_codewords',
    kind: 'counter',
  },
  {
    report: 'rx_fec_uncorr',
    name: 'system_network_rx_fec_uncorrected_pkts',
    help: 'system network packets with uncorrectable FEC errors',
    counter: 'fec_uncorrected_codewords',
    kind: 'counter',
  },
  { report: 'rx_local_link_flt', name: 'system_network_rx_local_link_flt', help: 'system network local link faults', kind: 'counter' },
  { report: 'rx_remote_link_flt', name: 'system_network_rx_remote_link_flt', help: 'system network remote link faults', kind: 'counter' },
  { report: 'err_qps', name: 'system_network_err_qps', help: 'system network error QPs', kind: 'level' },
  { report: 'active_qps', name: 'system_network_active_qps', help: 'system network active QPs', kind: 'level' },
  { report: 'sqd_qps', name: 'system_network_sqd_qps', help: 'system network squad QPs', kind: 'level' },
  { report: 'rx_sequence_errors', name: 'system_network_rx_sequence_errors', help: 'system network RX sequence errors', kind: 'counter' },
  { report: 'tx_sequence_errors', name: 'system_network_tx_sequence_errors', help: 'system network TX sequence errors', kind: 'counter' },
  { report: 'rx_pause', name: 'system_network_rx_pause', help: 'system network RX pause count', kind: 'counter' },
  { report: 'tx_pause', name: 'system_network_tx_pause', help: 'system network TX pause count', kind: 'counter' },
  {
    report: 'ack_timeouts',
    name: 'system_network_ack_timeouts',
    help: 'system network ACK timeouts',
    counter: 'rdma_local_ack_timeout_err',
    kind: 'counter',
  },
  { report: 'rx_bytes_sec', name: 'system_network_rx_bytes_per_second', help: 'system network RX bytes/s', kind: 'level' },
  { report: 'tx_bytes_sec', name: 'system_network_tx_bytes_per_second', help: 'system network TX bytes/s', kind: 'level' },
];

/** Path of the metric report of one metric. */
export function csxReportPath(report: string): string {
  return `/redfish/v1/TelemetryService/MetricReports/NetworkInterface.${report}`;
}

export const CSX_INTERFACES_PATH = '/redfish/v1/Systems/system/EthernetInterfaces';

export interface CsxResources {
  /** EthernetInterface resources (members of CSX_INTERFACES_PATH). */
  readonly interfaces: readonly unknown[];
  /** Metric reports by report name (`rx_bytes`); reports that could not be read are absent. */
  readonly reports: ReadonlyMap<string, unknown>;
}

export interface CsxMapResult {
  readonly links: LinkObservation[];
  readonly families: MetricFamily[];
  /** What was present but could not be read, one description each. */
  readonly unmatched: string[];
}

const DATA_IF_RE = /DATA_NETWORK_IF_(\d+)$/;

/** `n00` for port index 0: the seed's port names. */
export function csxPortName(index: number): string {
  return `n${String(index).padStart(2, '0')}`;
}

/** A MetricValue as a number (Redfish writes them as strings). */
function metricNumber(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v !== 'string' || v.trim() === '') return undefined;
  const n = Number(v.trim());
  return Number.isFinite(n) ? n : undefined;
}

/** A counter value as an exact unsigned integer: digits are taken as they are, other numbers rounded. */
function metricCounter(v: unknown): bigint | undefined {
  if (typeof v === 'string' && /^\s*\d+\s*$/.test(v)) return BigInt(v.trim());
  const n = metricNumber(v);
  if (n === undefined || n < 0) return undefined;
  return BigInt(Math.round(n));
}

/** Redfish LinkStatus → the normalized operational state. */
function operState(linkStatus: string): string {
  switch (linkStatus) {
    case 'LinkUp':
      return 'up';
    case 'LinkDown':
    case 'NoLink':
      return 'down';
    default:
      return linkStatus.toLowerCase();
  }
}

function normalizeMac(v: unknown): string | undefined {
  if (typeof v !== 'string' || v.trim() === '') return undefined;
  return v.trim().toLowerCase().replace(/-/g, ':');
}

/** Port index of an EthernetInterface: its Id `N07` (or the last segment of its @odata.id). */
function interfaceIndex(iface: Record<string, unknown>): number | undefined {
  const id = typeof iface.Id === 'string' ? iface.Id : typeof iface['@odata.id'] === 'string' ? (iface['@odata.id'].split('/').pop() ?? '') : '';
  const m = /^[Nn](\d+)$/.exec(id);
  return m ? Number(m[1]) : undefined;
}

interface PortBuild {
  mac?: string;
  linkStatus?: string;
  readonly counters: Partial<Record<LinkCounter, bigint>>;
  readonly raw: Map<string, bigint>;
  readonly info: Record<string, string>;
}

export function mapCsx(system: string, res: CsxResources): CsxMapResult {
  const unmatched: string[] = [];
  const ports = new Map<number, PortBuild>();
  const port = (i: number): PortBuild => {
    let p = ports.get(i);
    if (!p) {
      p = { counters: {}, raw: new Map(), info: {} };
      ports.set(i, p);
    }
    return p;
  };

  for (const iface of Array.isArray(res?.interfaces) ? res.interfaces : []) {
    if (!isObject(iface)) {
      unmatched.push('an EthernetInterfaces member is not an object');
      continue;
    }
    const i = interfaceIndex(iface);
    if (i === undefined) {
      unmatched.push(`EthernetInterface ${JSON.stringify(iface.Id ?? iface['@odata.id'] ?? '?')} is not a data port N<nn>`);
      continue;
    }
    const p = port(i);
    const mac = normalizeMac(iface.MACAddress);
    if (mac !== undefined) p.mac = mac;
    if (typeof iface.LinkStatus === 'string' && iface.LinkStatus !== '') p.linkStatus = iface.LinkStatus;
    const status = isObject(iface.Status) ? iface.Status : undefined;
    if (typeof status?.Health === 'string') p.info.health = status.Health;
    if (typeof status?.State === 'string') p.info.state = status.State;
    if (typeof iface.SpeedMbps === 'number') p.info.speed_mbps = String(iface.SpeedMbps);
  }

  const samples = new Map<string, Sample[]>();
  for (const m of CSX_METRICS) {
    const report = res?.reports?.get(m.report);
    if (report === undefined) continue;
    const list: Sample[] = [];
    samples.set(m.report, list);
    const values = isObject(report) ? report.MetricValues : undefined;
    if (values === undefined || values === null) continue; // a report without values: nothing measured yet
    if (!Array.isArray(values)) {
      unmatched.push(`NetworkInterface.${m.report}: MetricValues is not a list`);
      continue;
    }
    for (const v of values) {
      const id = isObject(v) && typeof v.MetricId === 'string' ? v.MetricId : undefined;
      if (id === undefined) {
        unmatched.push(`NetworkInterface.${m.report}: a MetricValue without MetricId`);
        continue;
      }
      const dm = DATA_IF_RE.exec(id);
      if (!dm) continue; // not a data port (management interface)
      const n = Number(dm[1]);
      if (n < 1) {
        unmatched.push(`NetworkInterface.${m.report}: ${id} numbers no port`);
        continue;
      }
      const value = isObject(v) ? v.MetricValue : undefined;
      const num = metricNumber(value);
      if (num === undefined) {
        unmatched.push(`NetworkInterface.${m.report}: ${id} has MetricValue ${JSON.stringify(value)}, not a number`);
        continue;
      }
      const i = n - 1;
      list.push({ labels: { system, port: csxPortName(i) }, value: num });
      const p = port(i);
      if (m.kind === 'counter') {
        const c = metricCounter(value);
        if (c === undefined) {
          unmatched.push(`NetworkInterface.${m.report}: ${id} has MetricValue ${JSON.stringify(value)}, not a count`);
          continue;
        }
        p.raw.set(`csx.${m.report}`, c);
        if (m.counter !== undefined) p.counters[m.counter] = c;
      } else {
        p.info[`csx.${m.report}`] = String(num);
      }
    }
  }

  const links: LinkObservation[] = [...ports.keys()]
    .sort((a, b) => a - b)
    .map((i) => {
      const p = ports.get(i) as PortBuild;
      const info: Record<string, string> = { ...p.info };
      if (p.linkStatus !== undefined) info.link_status = p.linkStatus;
      const speed = Number(p.info.speed_mbps);
      return {
        port: csxPortName(i),
        ...(p.mac !== undefined ? { mac: p.mac } : {}),
        ...(p.linkStatus !== undefined ? { operState: operState(p.linkStatus), carrier: p.linkStatus === 'LinkUp' } : {}),
        ...(Number.isFinite(speed) && speed > 0 ? { speedMbps: speed } : {}),
        counters: p.counters,
        laneCounters: {},
        raw: p.raw,
        info,
      };
    });

  const families: MetricFamily[] = [];
  for (const m of CSX_METRICS) {
    const list = samples.get(m.report);
    if (list === undefined) continue;
    const desc: MetricDesc = { name: m.name, help: m.help, type: 'gauge', labelNames: ['system', 'port'] };
    families.push({ desc, samples: list });
  }
  return { links, families, unmatched };
}
