/**
 * A simulated CS-X system as its Redfish service shows it: 12 data ports (`N00`…`N11`) under
 * `Systems/system/EthernetInterfaces`, and the TelemetryService metric reports
 * `NetworkInterface.<metric>` that carry one value per data port in MetricIds ending
 * `DATA_NETWORK_IF_<n>` (n = port index + 1), plus one value of the management interface
 * (`…_MGMT_IF_1`), which is not a data port.
 *
 * Plugs into the Redfish simulator (server.ts) as a BMC's `tree` (the static resources) and
 * `dynamic` hook (the interfaces and reports, computed at request time). Counters are exact
 * integers (bigint, written as decimal strings) computed from the time each port has been up:
 * rx_bytes grows at the port's rate (a few GB/s), rx_fec_corr at a few per second (a healthy
 * port has some corrected errors, far from many per KiB), the error counters stay flat until an
 * event adds to them. `active_qps`, `rx_bytes_sec` and `tx_bytes_sec` are levels (0 while down).
 *
 * Events (the switch simulator's, for a system): `flap` (link_flap_count and rx_local_link_flt
 * += N), `fec` (rx_fec_corr += N), `fec_uncorrected` (rx_fec_uncorr += N), `crc`
 * (rx_pkt_bad_fcs += N), `down` (LinkDown, traffic stops; the loss of link counts as one flap and
 * one local fault), `up`. Everything is deterministic given the seed and the clock.
 */
import type { RedfishTree } from './server.js';

/** The 17 metric reports, by the name after `NetworkInterface.`. */
export const CSX_REPORT_NAMES = [
  'link_flap_count',
  'rx_bytes',
  'rx_pkt_bad_fcs',
  'rx_fec_corr',
  'rx_fec_uncorr',
  'rx_local_link_flt',
  'rx_remote_link_flt',
  'err_qps',
  'active_qps',
  'sqd_qps',
  'rx_sequence_errors',
  'tx_sequence_errors',
  'rx_pause',
  'tx_pause',
  'ack_timeouts',
  'rx_bytes_sec',
  'tx_bytes_sec',
] as const;

export type CsxReportName = (typeof CSX_REPORT_NAMES)[number];

export const CSX_SYSTEM_PATH = '/redfish/v1/Systems/system';
export const CSX_INTERFACES = `${CSX_SYSTEM_PATH}/EthernetInterfaces`;
export const CSX_METRIC_REPORTS = '/redfish/v1/TelemetryService/MetricReports';
const DEFINITIONS = '/redfish/v1/TelemetryService/MetricReportDefinitions';

/** Data ports of a CS-X system. */
export const CSX_PORTS = 12;

/** Events injected into a simulated system; `port` is the 0-based port index, `count` defaults to 1. */
export type CsxEvent =
  | { readonly kind: 'flap'; readonly port: number; readonly count?: number }
  | { readonly kind: 'fec'; readonly port: number; readonly count?: number }
  | { readonly kind: 'fec_uncorrected'; readonly port: number; readonly count?: number }
  | { readonly kind: 'crc'; readonly port: number; readonly count?: number }
  | { readonly kind: 'down'; readonly port: number }
  | { readonly kind: 'up'; readonly port: number };

/** One port as a client should read it now. */
export interface CsxPortState {
  /** 0-based index; the MetricId suffix is `DATA_NETWORK_IF_<index + 1>`. */
  readonly index: number;
  /** `N00`… */
  readonly id: string;
  readonly mac: string;
  readonly linkUp: boolean;
  /** link_flap_count */
  readonly flaps: bigint;
  /** rx_fec_corr */
  readonly fecCorrected: bigint;
  /** rx_fec_uncorr */
  readonly fecUncorrected: bigint;
  /** rx_pkt_bad_fcs */
  readonly badFcs: bigint;
  /** rx_bytes */
  readonly rxBytes: bigint;
  /** Every report's value for this port. */
  readonly metrics: Readonly<Record<CsxReportName, bigint>>;
}

export interface CsxSystemState {
  readonly name: string;
  /** Simulated clock (ms since the epoch) the values are computed at. */
  readonly atMs: number;
  readonly ports: readonly CsxPortState[];
}

export interface CsxSystem {
  readonly name: string;
  /** Static resources: service root, Systems, the system, the collections, TelemetryService. */
  readonly tree: RedfishTree;
  /** The EthernetInterfaces `N??` and the metric reports at request time; undefined for other paths. */
  dynamic(path: string): unknown;
  /** Injects an event now. Throws for a port the system does not have. */
  apply(event: CsxEvent): void;
  /** Every port's values now (a fresh snapshot at each read). */
  readonly state: CsxSystemState;
}

/** Counters that only events change (plus the two that grow with up time). */
type Counter = Exclude<CsxReportName, 'active_qps' | 'rx_bytes_sec' | 'tx_bytes_sec'>;

interface PortModel {
  readonly index: number;
  readonly id: string;
  readonly mac: string;
  /** Bytes per second received and sent while up. */
  readonly rxRate: bigint;
  readonly txRate: bigint;
  /** Corrected FEC errors per second while up. */
  readonly fecRate: bigint;
  readonly qpsBase: number;
  /** Counter values at zero up time (events add to them). */
  readonly base: Record<Counter, bigint>;
  /** Up time accumulated before the current up period (ms). */
  upMsBefore: bigint;
  /** Start of the current up period (ms since the epoch); undefined while down. */
  upSince: number | undefined;
}

/** mulberry32: a small deterministic generator, one per system seed. */
function generator(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function portId(i: number): string {
  return `N${String(i).padStart(2, '0')}`;
}

function mac(seed: number, i: number): string {
  const b = [0x02, 0xc5, (seed >> 16) & 255, (seed >> 8) & 255, seed & 255, i & 255];
  return b.map((x) => x.toString(16).padStart(2, '0')).join(':');
}

function reportPath(name: string): string {
  return `${CSX_METRIC_REPORTS}/NetworkInterface.${name}`;
}

function link(p: string): { '@odata.id': string } {
  return { '@odata.id': p };
}

function collection(p: string, type: string, name: string, members: readonly string[]): unknown {
  return { '@odata.id': p, '@odata.type': type, Name: name, 'Members@odata.count': members.length, Members: members.map(link) };
}

/** Values of the management interface in each report: present in the reports, never a data port. */
const MGMT_VALUES: Readonly<Record<CsxReportName, string>> = {
  link_flap_count: '7',
  rx_bytes: '918273645',
  rx_pkt_bad_fcs: '3',
  rx_fec_corr: '0',
  rx_fec_uncorr: '0',
  rx_local_link_flt: '7',
  rx_remote_link_flt: '2',
  err_qps: '0',
  active_qps: '0',
  sqd_qps: '0',
  rx_sequence_errors: '0',
  tx_sequence_errors: '0',
  rx_pause: '0',
  tx_pause: '0',
  ack_timeouts: '0',
  rx_bytes_sec: '125000',
  tx_bytes_sec: '98000',
};

export function createCsxSystem(opts: { name: string; ports?: number; seed?: number; now?: () => number }): CsxSystem {
  const count = opts.ports ?? CSX_PORTS;
  if (!Number.isInteger(count) || count < 1 || count > 100) throw new Error(`a CS-X system has 1 to 100 data ports, not ${count}`);
  const seed = opts.seed ?? 1;
  const clock = opts.now ?? Date.now;
  const rand = generator(seed * 2654435761);
  const start = Math.floor(clock());
  let last = start;
  /** The clock, never going back. */
  const now = (): number => {
    last = Math.max(last, Math.floor(clock()));
    return last;
  };

  const ports: PortModel[] = [];
  for (let i = 0; i < count; i++) {
    const rxRate = BigInt(Math.round(1.5e9 + rand() * 4.5e9));
    const txRate = (rxRate * BigInt(90 + Math.floor(rand() * 20))) / 100n;
    const fecRate = BigInt(1 + Math.floor(rand() * 5));
    // Counters as after 40 to 120 days of half-busy uptime: the fast ports are beyond 2^53.
    const pastS = BigInt(Math.round((40 + rand() * 80) * 86_400 * 0.5));
    const flaps = BigInt(Math.floor(rand() * 3));
    ports.push({
      index: i,
      id: portId(i),
      mac: mac(seed, i),
      rxRate,
      txRate,
      fecRate,
      qpsBase: 64 + Math.floor(rand() * 192),
      base: {
        link_flap_count: flaps,
        rx_bytes: rxRate * pastS,
        rx_pkt_bad_fcs: 0n,
        rx_fec_corr: fecRate * pastS,
        rx_fec_uncorr: 0n,
        rx_local_link_flt: flaps,
        rx_remote_link_flt: BigInt(Math.floor(rand() * 2)),
        err_qps: 0n,
        sqd_qps: 0n,
        rx_sequence_errors: BigInt(Math.floor(rand() * 4)),
        tx_sequence_errors: BigInt(Math.floor(rand() * 4)),
        rx_pause: BigInt(Math.floor(rand() * 5000)),
        tx_pause: BigInt(Math.floor(rand() * 5000)),
        ack_timeouts: BigInt(Math.floor(rand() * 3)),
      },
      upMsBefore: 0n,
      upSince: start,
    });
  }

  const upMs = (p: PortModel, t: number): bigint => p.upMsBefore + (p.upSince === undefined ? 0n : BigInt(t - p.upSince));

  const values = (p: PortModel, t: number): Record<CsxReportName, bigint> => {
    const up = upMs(p, t);
    const isUp = p.upSince !== undefined;
    // A gauge that moves every 10 s, deterministically.
    const wiggle = Number((BigInt(Math.floor(t / 10_000)) * 2654435761n + BigInt(p.index) * 97n) % 9n);
    return {
      ...p.base,
      rx_bytes: p.base.rx_bytes + (p.rxRate * up) / 1000n,
      rx_fec_corr: p.base.rx_fec_corr + (p.fecRate * up) / 1000n,
      active_qps: isUp ? BigInt(p.qpsBase + wiggle) : 0n,
      rx_bytes_sec: isUp ? p.rxRate : 0n,
      tx_bytes_sec: isUp ? p.txRate : 0n,
    };
  };

  const portState = (p: PortModel, t: number): CsxPortState => {
    const v = values(p, t);
    return {
      index: p.index,
      id: p.id,
      mac: p.mac,
      linkUp: p.upSince !== undefined,
      flaps: v.link_flap_count,
      fecCorrected: v.rx_fec_corr,
      fecUncorrected: v.rx_fec_uncorr,
      badFcs: v.rx_pkt_bad_fcs,
      rxBytes: v.rx_bytes,
      metrics: v,
    };
  };

  const iface = (p: PortModel): unknown => {
    const up = p.upSince !== undefined;
    return {
      '@odata.id': `${CSX_INTERFACES}/${p.id}`,
      '@odata.type': '#EthernetInterface.v1_9_0.EthernetInterface',
      Id: p.id,
      Name: `Data network interface ${p.id}`,
      Description: `Data network port ${p.index + 1}`,
      InterfaceEnabled: true,
      LinkStatus: up ? 'LinkUp' : 'LinkDown',
      MACAddress: p.mac,
      PermanentMACAddress: p.mac,
      SpeedMbps: 100_000,
      AutoNeg: false,
      FullDuplex: true,
      MTUSize: 9000,
      Status: { State: 'Enabled', Health: up ? 'OK' : 'Warning' },
    };
  };

  const report = (name: CsxReportName, t: number): unknown => {
    const ts = new Date(t).toISOString();
    const prefix = `NetworkInterface_${name}`;
    return {
      '@odata.id': reportPath(name),
      '@odata.type': '#MetricReport.v1_4_2.MetricReport',
      Id: `NetworkInterface.${name}`,
      Name: `Network interface ${name} metric report`,
      Timestamp: ts,
      MetricReportDefinition: link(`${DEFINITIONS}/NetworkInterface.${name}`),
      MetricValues: [
        {
          MetricId: `${prefix}_MGMT_IF_1`,
          MetricProperty: `/redfish/v1/Managers/bmc/EthernetInterfaces/eth0#/Oem/NetworkInterface/${name}`,
          MetricValue: MGMT_VALUES[name],
          Timestamp: ts,
        },
        ...ports.map((p) => ({
          MetricId: `${prefix}_DATA_NETWORK_IF_${p.index + 1}`,
          MetricProperty: `${CSX_INTERFACES}/${p.id}#/Oem/NetworkInterface/${name}`,
          MetricValue: values(p, t)[name].toString(),
          Timestamp: ts,
        })),
      ],
    };
  };

  const tree: RedfishTree = new Map<string, unknown>([
    ['/redfish', { v1: '/redfish/v1/' }],
    [
      '/redfish/v1',
      {
        '@odata.id': '/redfish/v1',
        '@odata.type': '#ServiceRoot.v1_11_0.ServiceRoot',
        Id: 'RootService',
        Name: 'Root Service',
        RedfishVersion: '1.11.0',
        UUID: `00000000-0000-4000-8000-${(seed >>> 0).toString(16).padStart(12, '0')}`,
        Systems: link('/redfish/v1/Systems'),
        TelemetryService: link('/redfish/v1/TelemetryService'),
        SessionService: link('/redfish/v1/SessionService'),
        Links: { Sessions: link('/redfish/v1/SessionService/Sessions') },
      },
    ],
    [
      '/redfish/v1/SessionService',
      {
        '@odata.id': '/redfish/v1/SessionService',
        '@odata.type': '#SessionService.v1_1_8.SessionService',
        Id: 'SessionService',
        Name: 'Session Service',
        ServiceEnabled: true,
        SessionTimeout: 1800,
        Sessions: link('/redfish/v1/SessionService/Sessions'),
      },
    ],
    ['/redfish/v1/Systems', collection('/redfish/v1/Systems', '#ComputerSystemCollection.ComputerSystemCollection', 'Computer System Collection', [CSX_SYSTEM_PATH])],
    [
      CSX_SYSTEM_PATH,
      {
        '@odata.id': CSX_SYSTEM_PATH,
        '@odata.type': '#ComputerSystem.v1_13_0.ComputerSystem',
        Id: 'system',
        Name: opts.name,
        HostName: opts.name,
        SystemType: 'Physical',
        Manufacturer: 'Cerebras Systems',
        Model: 'CS-X',
        SerialNumber: `SIMCSX${String(seed).padStart(5, '0')}`,
        PowerState: 'On',
        Status: { State: 'Enabled', Health: 'OK' },
        EthernetInterfaces: link(CSX_INTERFACES),
      },
    ],
    [
      CSX_INTERFACES,
      collection(
        CSX_INTERFACES,
        '#EthernetInterfaceCollection.EthernetInterfaceCollection',
        'Ethernet Network Interface Collection',
        ports.map((p) => `${CSX_INTERFACES}/${p.id}`),
      ),
    ],
    [
      '/redfish/v1/TelemetryService',
      {
        '@odata.id': '/redfish/v1/TelemetryService',
        '@odata.type': '#TelemetryService.v1_3_1.TelemetryService',
        Id: 'TelemetryService',
        Name: 'Telemetry Service',
        ServiceEnabled: true,
        Status: { State: 'Enabled', Health: 'OK' },
        MetricReports: link(CSX_METRIC_REPORTS),
        MetricReportDefinitions: link(DEFINITIONS),
      },
    ],
    [
      CSX_METRIC_REPORTS,
      collection(CSX_METRIC_REPORTS, '#MetricReportCollection.MetricReportCollection', 'Metric Report Collection', CSX_REPORT_NAMES.map(reportPath)),
    ],
    [
      DEFINITIONS,
      collection(
        DEFINITIONS,
        '#MetricReportDefinitionCollection.MetricReportDefinitionCollection',
        'Metric Report Definition Collection',
        CSX_REPORT_NAMES.map((n) => `${DEFINITIONS}/NetworkInterface.${n}`),
      ),
    ],
    ...CSX_REPORT_NAMES.map((n): [string, unknown] => [
      `${DEFINITIONS}/NetworkInterface.${n}`,
      {
        '@odata.id': `${DEFINITIONS}/NetworkInterface.${n}`,
        '@odata.type': '#MetricReportDefinition.v1_4_2.MetricReportDefinition',
        Id: `NetworkInterface.${n}`,
        Name: `Network interface ${n} metric report definition`,
        MetricReportDefinitionType: 'OnRequest',
        ReportActions: ['LogToMetricReportsCollection'],
        ReportUpdates: 'Overwrite',
        MetricReport: link(reportPath(n)),
        MetricProperties: ports.map((p) => `${CSX_INTERFACES}/${p.id}#/Oem/NetworkInterface/${n}`),
        Status: { State: 'Enabled', Health: 'OK' },
      },
    ]),
  ]);

  const byId = new Map(ports.map((p) => [`${CSX_INTERFACES}/${p.id}`, p]));
  const reportByPath = new Map<string, CsxReportName>(CSX_REPORT_NAMES.map((n) => [reportPath(n), n]));

  return {
    name: opts.name,
    tree,
    dynamic(p: string): unknown {
      const port = byId.get(p);
      if (port) return iface(port);
      const name = reportByPath.get(p);
      return name === undefined ? undefined : report(name, now());
    },
    apply(ev: CsxEvent): void {
      const p = ports[ev.port];
      if (!p) throw new Error(`${opts.name} has no port index ${ev.port}`);
      const n = 'count' in ev && ev.count !== undefined ? ev.count : 1;
      if (!Number.isInteger(n) || n < 0) throw new Error(`event count must be a whole number ≥ 0, not ${n}`);
      const t = now();
      const b = p.base;
      switch (ev.kind) {
        case 'flap':
          b.link_flap_count += BigInt(n);
          b.rx_local_link_flt += BigInt(n);
          break;
        case 'fec':
          b.rx_fec_corr += BigInt(n);
          break;
        case 'fec_uncorrected':
          b.rx_fec_uncorr += BigInt(n);
          break;
        case 'crc':
          b.rx_pkt_bad_fcs += BigInt(n);
          break;
        case 'down':
          if (p.upSince !== undefined) {
            p.upMsBefore += BigInt(t - p.upSince);
            p.upSince = undefined;
            b.link_flap_count += 1n;
            b.rx_local_link_flt += 1n;
          }
          break;
        case 'up':
          if (p.upSince === undefined) p.upSince = t;
          break;
      }
    },
    get state(): CsxSystemState {
      const t = now();
      return { name: opts.name, atMs: t, ports: ports.map((p) => portState(p, t)) };
    },
  };
}
