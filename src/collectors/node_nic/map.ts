/**
 * Maps one node's raw sample (parse.ts) into normalized link observations, using the ethtool
 * parsers of src/vendors/linux. Pure. Every raw counter is kept under its own name in `raw`;
 * lines a parser did not understand become warnings, never silent losses.
 */
import { ErrorCodes, LinkmonError } from '../../core/errors.js';
import type { LaneCounter, LinkCounter, LinkObservation, Optics } from '../../core/link.js';
import { unmatchedWarning, type ParseResult } from '../../core/parser.js';
import { ethtoolParser, type EthtoolSettings } from '../../vendors/linux/ethtool.js';
import { ethtoolIParser } from '../../vendors/linux/ethtool_i.js';
import { ethtoolMParser, type ModuleInfo } from '../../vendors/linux/ethtool_m.js';
import { ethtoolSParser } from '../../vendors/linux/ethtool_s.js';
import { ethtoolShowFecParser, type EthtoolFec } from '../../vendors/linux/ethtool_show_fec.js';
import type { RawInterface, RawNodeSample } from './parse.js';

export interface MapOptions {
  /** Interfaces slower than this (Mb/s) are left out unless their driver query failed. 0 = all. */
  readonly minSpeedMbps: number;
}

export interface MappedNode {
  readonly links: LinkObservation[];
  /** Interfaces left out by the speed floor, with the reason. */
  readonly skipped: { port: string; reason: string }[];
  readonly errors: LinkmonError[];
}

/** First counter found among the names, in order of preference (mlx5 name first, then bnxt, …). */
function pick(source: ReadonlyMap<string, bigint>, names: readonly string[]): bigint | undefined {
  for (const n of names) {
    const v = source.get(n);
    if (v !== undefined) return v;
  }
  return undefined;
}

/** ethtool -S names (driver-specific) for each normalized counter, in order of preference. */
const ETHTOOL_NAMES: Partial<Record<LinkCounter, readonly string[]>> = {
  rx_bytes: ['rx_bytes_phy'],
  tx_bytes: ['tx_bytes_phy'],
  rx_packets: ['rx_packets_phy'],
  tx_packets: ['tx_packets_phy'],
  rx_crc_errors: ['rx_crc_errors_phy', 'rx_fcs_err_frames'],
  rx_symbol_errors: ['rx_pcs_symbol_err_phy', 'rx_pcs_symbol_err', 'rx_symbol_err_phy'],
  rx_discards: ['rx_discards_phy', 'rx_discards'],
  tx_discards: ['tx_discards_phy', 'tx_discards'],
  fec_corrected_bits: ['rx_corrected_bits_phy', 'rx_corrected_bits'],
  fec_corrected_codewords: ['rx_fec_corrected_blocks'],
  fec_uncorrected_codewords: ['rx_fec_uncorrectable_blocks'],
  link_down_events: ['link_down_events_phy', 'link_down_events'],
};

/** sysfs statistics used when the driver has no better counter. */
const SYSFS_NAMES: Partial<Record<LinkCounter, string>> = {
  rx_bytes: 'rx_bytes',
  tx_bytes: 'tx_bytes',
  rx_packets: 'rx_packets',
  tx_packets: 'tx_packets',
  rx_errors: 'rx_errors',
  tx_errors: 'tx_errors',
  rx_crc_errors: 'rx_crc_errors',
};

const RDMA_NAMES: Partial<Record<LinkCounter, string>> = {
  rdma_local_ack_timeout_err: 'local_ack_timeout_err',
  rdma_implied_nak_seq_err: 'implied_nak_seq_err',
  rdma_out_of_sequence: 'out_of_sequence',
  rdma_packet_seq_err: 'packet_seq_err',
};

const FEC_STAT_FOR: Partial<Record<LaneCounter, string>> = {
  fec_corrected_codewords: 'corrected_blocks',
  fec_uncorrected_codewords: 'uncorrectable_blocks',
  fec_corrected_bits: 'corrected_bits',
};

const PFC_RX = /^rx_prio\d_pause$|^rx_pfc_ena_frames_pri\d$/;
const PFC_TX = /^tx_prio\d_pause$|^tx_pfc_ena_frames_pri\d$/;
const LANE_ERR = /^rx_err_lane_(\d+)_phy$/;

/** What an ethtool -S counter name means beyond its own value, and its key in `raw`. */
interface StatName {
  readonly rawKey: string;
  readonly pfc?: 'rx' | 'tx';
  readonly lane?: number;
}

/**
 * Counter names repeat on every interface of every node in every sweep: classify each name once.
 * Bounded, so a device printing ever-new names cannot grow it without limit.
 */
const statNames = new Map<string, StatName>();
const STAT_NAME_CACHE_LIMIT = 20_000;

function classifyStat(name: string): StatName {
  let c = statNames.get(name);
  if (c !== undefined) return c;
  const lane = LANE_ERR.exec(name);
  c = {
    rawKey: `ethtool.${name}`,
    ...(PFC_RX.test(name) ? { pfc: 'rx' as const } : PFC_TX.test(name) ? { pfc: 'tx' as const } : {}),
    ...(lane ? { lane: Number(lane[1]) } : {}),
  };
  if (statNames.size < STAT_NAME_CACHE_LIMIT) statNames.set(name, c);
  return c;
}

function toInt(text: string | undefined): number | undefined {
  if (text === undefined || !/^-?\d+$/.test(text)) return undefined;
  return Number(text);
}

function sysfsCounter(text: string | undefined): bigint | undefined {
  return text !== undefined && /^\d+$/.test(text) ? BigInt(text) : undefined;
}


function opticsFrom(m: ModuleInfo): Optics {
  return {
    identifier: m.identifier,
    vendor: m.vendorName,
    vendorOui: m.vendorOui,
    partNumber: m.vendorPn,
    revision: m.vendorRev,
    serial: m.vendorSn,
    temperatureC: m.temperatureC,
    voltageV: m.voltageV,
    lanes: m.lanes.map((l) => ({ lane: l.lane, txBiasMa: l.txBiasMa, txPowerMw: l.txPowerMw, rxPowerMw: l.rxPowerMw })),
  };
}

function mapInterface(device: string, iface: RawInterface, errors: LinkmonError[]): LinkObservation {
  const raw = new Map<string, bigint>();
  const info: Record<string, string> = {};
  const counters: Partial<Record<LinkCounter, bigint>> = {};
  const laneCounters: Partial<Record<LaneCounter, bigint[]>> = {};

  const parse = <R>(id: string, parser: { command: string; parse(raw: string): ParseResult<R> }): R | undefined => {
    const out = iface.commands[id];
    if (out === undefined || out.exitCode !== 0) return undefined;
    const result = parser.parse(out.output);
    const warning = unmatchedWarning(device, parser.command.replace('<if>', iface.name), result);
    if (warning) errors.push(warning);
    return result.records[0];
  };

  // sysfs
  for (const [name, value] of Object.entries(iface.stats)) raw.set(`sysfs.${name}`, value);
  for (const name of ['carrier_changes', 'carrier_up_count', 'carrier_down_count'] as const) {
    const v = sysfsCounter(iface.sys[name]);
    if (v !== undefined) counters[name] = v;
  }
  for (const [k, v] of Object.entries(iface.sys)) {
    if (['type', 'mtu', 'duplex', 'ifindex'].includes(k)) info[k] = v;
  }

  // ethtool <if>: exit code is the driver health
  const settingsOut = iface.commands.ethtool;
  const driverOk = settingsOut === undefined ? undefined : settingsOut.exitCode === 0;
  if (settingsOut !== undefined && settingsOut.exitCode !== 0) {
    errors.push(
      new LinkmonError(
        ErrorCodes.NODE_COMMAND_FAILED,
        `ethtool ${iface.name} exited with ${settingsOut.exitCode}: ${settingsOut.output.split('\n')[0] ?? ''}`.trim(),
        { target: device, severity: 'warning' },
      ),
    );
  }
  const settings: EthtoolSettings | undefined = parse('ethtool', ethtoolParser);
  if (settings?.supportedFecModes.length) info.fec_supported = settings.supportedFecModes.join(' ');
  if (settings?.advertisedFecModes.length) info.fec_advertised = settings.advertisedFecModes.join(' ');

  const driver = parse('ethtool_i', ethtoolIParser);
  if (driver?.driver) info.driver = driver.driver;
  if (driver?.version) info.driver_version = driver.version;
  if (driver?.firmwareVersion) info.firmware_version = driver.firmwareVersion;
  if (driver?.busInfo) info.bus_info = driver.busInfo;

  // ethtool -S: every counter kept; the known ones normalized
  const stats = new Map<string, bigint>();
  const sOut = iface.commands.ethtool_s;
  if (sOut !== undefined && sOut.exitCode === 0) {
    const result = ethtoolSParser.parse(sOut.output);
    const warning = unmatchedWarning(device, ethtoolSParser.command.replace('<if>', iface.name), result);
    if (warning) errors.push(warning);
    for (const r of result.records) {
      stats.set(r.name, r.value);
      raw.set(classifyStat(r.name).rawKey, r.value);
    }
  }

  const fec: EthtoolFec | undefined = parse('ethtool_show_fec', ethtoolShowFecParser);
  if (fec?.activeEncoding) info.fec_active = fec.activeEncoding;
  if (fec?.configuredEncodings.length) info.fec_configured = fec.configuredEncodings.join(' ');
  if (fec) {
    for (const [name, stat] of Object.entries(fec.stats)) raw.set(`fec.${name}`, stat.total);
  }

  const rdma = new Map<string, bigint>();
  for (const c of iface.rdma) {
    const key = rdma.has(c.name) ? `${c.device}/${c.port}.${c.name}` : c.name;
    rdma.set(key, c.value);
    raw.set(`rdma.${key}`, c.value);
  }

  for (const name of Object.keys(ETHTOOL_NAMES) as LinkCounter[]) {
    const v = pick(stats, ETHTOOL_NAMES[name] ?? []);
    if (v !== undefined) counters[name] = v;
  }
  for (const [name, stat] of Object.entries(FEC_STAT_FOR) as [LaneCounter, string][]) {
    const s = fec?.stats[stat];
    if (s === undefined) continue;
    // The kernel's FEC statistics are the standard interface: they win over driver-private names.
    counters[name] = s.total;
    if (s.lanes.length > 0) laneCounters[name] = [...s.lanes];
  }
  for (const [name, sysName] of Object.entries(SYSFS_NAMES) as [LinkCounter, string][]) {
    const v = iface.stats[sysName];
    if (counters[name] === undefined && v !== undefined) counters[name] = v;
  }
  for (const [name, rdmaName] of Object.entries(RDMA_NAMES) as [LinkCounter, string][]) {
    const v = rdma.get(rdmaName);
    if (v !== undefined) counters[name] = v;
  }
  let pfcRx: bigint | undefined;
  let pfcTx: bigint | undefined;
  const laneErr: bigint[] = [];
  for (const [name, v] of stats) {
    const c = classifyStat(name);
    if (c.pfc === 'rx') pfcRx = (pfcRx ?? 0n) + v;
    else if (c.pfc === 'tx') pfcTx = (pfcTx ?? 0n) + v;
    if (c.lane !== undefined) laneErr[c.lane] = v;
  }
  if (pfcRx !== undefined) counters.rx_pfc_frames = pfcRx;
  if (pfcTx !== undefined) counters.tx_pfc_frames = pfcTx;
  if (laneErr.length > 0) laneCounters.fec_corrected_bits = Array.from(laneErr, (v) => v ?? 0n);

  const module = parse('ethtool_m', ethtoolMParser);

  const sysSpeed = toInt(iface.sys.speed);
  const carrier = iface.sys.carrier === '1' ? true : iface.sys.carrier === '0' ? false : undefined;
  return {
    port: iface.name,
    mac: iface.sys.address,
    description: iface.sys.ifalias || undefined,
    speedMbps: sysSpeed !== undefined && sysSpeed > 0 ? sysSpeed : settings?.speedMbps,
    maxSpeedMbps: settings?.maxSupportedSpeedMbps,
    operState: iface.sys.operstate,
    carrier,
    driverOk,
    counters,
    laneCounters,
    optics: module ? opticsFrom(module) : undefined,
    raw,
    info,
  };
}

export function mapNodeSample(device: string, sample: RawNodeSample, opts: MapOptions): MappedNode {
  const errors: LinkmonError[] = [];
  const links: LinkObservation[] = [];
  const skipped: { port: string; reason: string }[] = [];

  if (sample.formatVersion === undefined) {
    errors.push(
      new LinkmonError(ErrorCodes.NODE_BAD_OUTPUT, 'the collection script printed no linkmon output (is bash the login shell?)', {
        target: device,
      }),
    );
    return { links, skipped, errors };
  }
  if (!sample.complete) {
    errors.push(new LinkmonError(ErrorCodes.NODE_BAD_OUTPUT, 'the collection output ended early (no end frame)', { target: device }));
  }
  if (sample.ethtoolMissing) {
    errors.push(
      new LinkmonError(ErrorCodes.NODE_ETHTOOL_MISSING, 'ethtool is not installed on the node: only sysfs counters were read', {
        target: device,
      }),
    );
  }
  if (sample.unmatched.length > 0) {
    const first = sample.unmatched[0];
    errors.push(
      new LinkmonError(
        ErrorCodes.PARSE_UNMATCHED,
        `${sample.unmatched.length} line(s) of collection output outside any command (first: line ${first?.line}: ${JSON.stringify(first?.text.slice(0, 80))})`,
        { target: device, severity: 'warning' },
      ),
    );
  }

  for (const iface of sample.interfaces) {
    if (iface.skipped !== undefined) {
      skipped.push({ port: iface.name, reason: iface.skipped });
      continue;
    }
    const link = mapInterface(device, iface, errors);
    if (sample.ethtoolMissing && opts.minSpeedMbps > 0 && (link.speedMbps ?? 0) < opts.minSpeedMbps) {
      skipped.push({ port: iface.name, reason: `speed ${link.speedMbps ?? 'unknown'}` });
      continue;
    }
    links.push(link);
  }
  return { links, skipped, errors };
}
