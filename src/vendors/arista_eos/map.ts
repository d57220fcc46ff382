/**
 * Maps the outputs of one Arista EOS sweep into normalized switch links and switch facts. Pure.
 *
 * Links are the `Ethernet…` interfaces of `show interfaces`; the other commands add to them (ports
 * they name that `show interfaces` did not list are ignored, as the seed does). Table
 * abbreviations (`Et1/1`) are expanded by the parsers, so every command names a port the same way.
 * FEC registers are not counters on Arista (the collector makes them cumulative): they are passed
 * as `aristaFec`, never as `fec_*_codewords`. A port whose `phy detail` block is stale has no FEC
 * reading, no transceiver facts, no optics and no ECN count: absent, not wrong.
 */
import { ErrorCodes, LinkmonError } from '../../core/errors.js';
import type { LinkCounter, Optics, OpticsLane } from '../../core/link.js';
import { unmatchedWarning, type Parser } from '../../core/parser.js';
import type { ComponentHealth, SwitchComponent, SwitchInfo, SwitchLink, SwitchMapResult } from '../switch-driver.js';
import { dbmToMw, u64 } from './common.js';
import { showEnvironmentPowerJsonParser } from './show_environment_power_json.js';
import { showHostnameParser, type EosHostname } from './show_hostname.js';
import type { EosCounterName, EosInterface } from './show_interfaces.js';
import { showInterfacesParser } from './show_interfaces.js';
import { showInterfacesCountersDiscardsParser } from './show_interfaces_counters_discards.js';
import { showInterfacesCountersQueueDetailParser } from './show_interfaces_counters_queue_detail.js';
import { showInterfacesCountersRatesParser } from './show_interfaces_counters_rates.js';
import type { EosPhyDetail } from './show_interfaces_phy_detail.js';
import { showInterfacesPhyDetailParser } from './show_interfaces_phy_detail.js';
import { showInterfacesStatusErrdisabledParser } from './show_interfaces_status_errdisabled.js';
import { showInterfacesTransceiverDomParser } from './show_interfaces_transceiver_dom.js';
import { showPriorityFlowControlCountersParser } from './show_priority_flow_control_counters.js';
import { showQosInterfacesEcnCountersQueueParser } from './show_qos_interfaces_ecn_counters_queue.js';
import { showSnmpMibIfmibIfindexParser } from './show_snmp_mib_ifmib_ifindex.js';
import { showSystemEnvironmentCoolingJsonParser } from './show_system_environment_cooling_json.js';
import { showSystemEnvironmentTemperatureJsonParser } from './show_system_environment_temperature_json.js';
import { showVersionJsonParser, type EosVersion } from './show_version_json.js';

export interface SweepCommand {
  /** As sent to the switch. */
  readonly command: string;
  readonly parser: Parser<unknown>;
  /** Other spellings of the same command (the seed's and real captures' abbreviations). */
  readonly aliases: readonly string[];
  /** Without it the sweep has no links: its absence is an error, not a warning. */
  readonly essential?: boolean;
}

/**
 * One sweep, in the seed's order (section 5.3), without its `show hostname` separators: the
 * session transport delimits every output by the prompt. `show hostname` is run once, for the
 * switch's name.
 */
export const SWEEP: readonly SweepCommand[] = [
  { command: 'show interfaces', parser: showInterfacesParser, aliases: ['show int'], essential: true },
  { command: 'show hostname', parser: showHostnameParser, aliases: [] },
  { command: 'show interfaces phy detail', parser: showInterfacesPhyDetailParser, aliases: ['show int phy detail', 'show int phy det'] },
  {
    command: 'show interfaces transceiver dom',
    parser: showInterfacesTransceiverDomParser,
    aliases: ['show int transceiver dom', 'show int trans dom'],
  },
  { command: 'show priority-flow-control counters', parser: showPriorityFlowControlCountersParser, aliases: [] },
  { command: 'show snmp mib ifmib ifindex', parser: showSnmpMibIfmibIfindexParser, aliases: [] },
  { command: 'show interfaces counters discards', parser: showInterfacesCountersDiscardsParser, aliases: ['show int count disc'] },
  { command: 'show interfaces counters queue detail', parser: showInterfacesCountersQueueDetailParser, aliases: [] },
  {
    command: 'show interfaces counters rates',
    parser: showInterfacesCountersRatesParser,
    aliases: ['show int counters rates', 'show int count rate'],
  },
  { command: 'show interfaces status errdisabled', parser: showInterfacesStatusErrdisabledParser, aliases: [] },
  { command: 'show version | json', parser: showVersionJsonParser, aliases: [] },
  { command: 'show environment power | json', parser: showEnvironmentPowerJsonParser, aliases: [] },
  { command: 'show system environment temperature | json', parser: showSystemEnvironmentTemperatureJsonParser, aliases: [] },
  { command: 'show system environment cooling | json', parser: showSystemEnvironmentCoolingJsonParser, aliases: [] },
  { command: 'show qos interfaces ecn counters queue', parser: showQosInterfacesEcnCountersQueueParser, aliases: [] },
];

/** A line of output meaning the switch refused the command. */
export const REFUSED_RE = /^% (?:Invalid input|Incomplete command|Ambiguous command|Unavailable command|Unrecognized command|Not supported)/;

/** `show interfaces` counters → normalized counters (CLI and eAPI give the same names). */
export const COUNTER_MAP: readonly (readonly [EosCounterName, LinkCounter])[] = [
  ['inBytes', 'rx_bytes'],
  ['outBytes', 'tx_bytes'],
  ['inPackets', 'rx_packets'],
  ['outPackets', 'tx_packets'],
  ['inErrors', 'rx_errors'],
  ['outErrors', 'tx_errors'],
  ['crc', 'rx_crc_errors'],
  ['symbol', 'rx_symbol_errors'],
  ['runts', 'rx_runts'],
  ['alignment', 'rx_alignment_errors'],
  ['inDiscards', 'rx_discards'],
  ['outDiscards', 'tx_discards'],
];

interface Builder {
  readonly port: string;
  mac?: string;
  description?: string;
  speedMbps?: number;
  operState?: string;
  carrier?: boolean;
  readonly counters: Partial<Record<LinkCounter, bigint>>;
  readonly raw: Map<string, bigint>;
  readonly info: Record<string, string>;
  optics?: Optics;
  aristaFec?: SwitchLink['aristaFec'];
  phy?: EosPhyDetail;
}

/** `FEC corrected codewords` → `fec_corrected_codewords`; `PMA/PMD RX` → `pma_pmd_rx`. */
export function snake(text: string): string {
  return text
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .toLowerCase();
}

/**
 * Raw counter names of phy detail rows, by section and label: the same few dozen labels repeat on
 * every port of every switch, so their names are built once (bounded, in case of odd outputs).
 */
const PHY_KEYS = new Map<string, { value: string; changes: string }>();

function phyKeys(section: string | undefined, label: string): { value: string; changes: string } {
  const id = section === undefined ? label : `${section}\u0000${label}`;
  let k = PHY_KEYS.get(id);
  if (!k) {
    const base = `show_interfaces_phy_detail.${section !== undefined ? `${snake(section)}.` : ''}${snake(label)}`;
    k = { value: `${base}.value`, changes: `${base}.changes` };
    if (PHY_KEYS.size < 4096) PHY_KEYS.set(id, k);
  }
  return k;
}

/** Raw names of the queue counters (`UC5` → `show_interfaces_counters_queue_detail.uc5.packets`, …). */
const QUEUE_KEYS = new Map<string, readonly [string, string, string, string]>();

function queueKeys(queue: string): readonly [string, string, string, string] {
  let k = QUEUE_KEYS.get(queue);
  if (!k) {
    const q = `show_interfaces_counters_queue_detail.${queue.toLowerCase()}`;
    k = [`${q}.packets`, `${q}.bytes`, `${q}.drop_packets`, `${q}.drop_bytes`];
    if (QUEUE_KEYS.size < 256) QUEUE_KEYS.set(queue, k);
  }
  return k;
}

const ECN_KEYS: readonly string[] = Array.from({ length: 16 }, (_, q) => `show_qos_interfaces_ecn_counters_queue.queue_${q}.marked_packets`);

/** `show interfaces` counter → raw name (`inBytes` → `show_interfaces.in_bytes`). */
const INTERFACE_KEYS = new Map<string, string>();

function interfaceKey(counter: string): string {
  let k = INTERFACE_KEYS.get(counter);
  if (!k) {
    k = `show_interfaces.${snake(counter)}`;
    INTERFACE_KEYS.set(counter, k); // the counter names are a fixed set
  }
  return k;
}

/** The refusal line of an output, if any: only lines starting with `% ` are looked at. */
function refusal(raw: string): string | undefined {
  let at = raw.startsWith('% ') ? 0 : raw.indexOf('\n% ');
  while (at >= 0) {
    const start = at === 0 && raw.startsWith('% ') ? 0 : at + 1;
    const end = raw.indexOf('\n', start);
    const line = raw.slice(start, end < 0 ? raw.length : end).replace(/\r$/, '');
    if (REFUSED_RE.test(line)) return line;
    at = raw.indexOf('\n% ', start);
  }
  return undefined;
}

/** The seed's PSU health: ok 0; failure or loss 2; anything else unknown (3). */
export function psuHealth(state: string | undefined): ComponentHealth {
  const s = (state ?? '').toLowerCase();
  if (s === 'ok') return 0;
  if (s.includes('fail') || s.includes('loss')) return 2;
  return 3;
}

/** The seed's temperature sensor health: ok 0; warning or overheating 1; failure or critical 2. */
export function temperatureHealth(status: string | undefined): ComponentHealth {
  const s = (status ?? '').toLowerCase();
  if (s === 'ok') return 0;
  if (s.includes('warn') || s.includes('overheating')) return 1;
  if (s.includes('fail') || s.includes('critical')) return 2;
  return 3;
}

/** The seed's fan health: ok 0; warning, not inserted or unsupported 1; failure 2. */
export function fanHealth(status: string | undefined): ComponentHealth {
  const s = (status ?? '').toLowerCase();
  if (s === 'ok') return 0;
  if (s.includes('warn') || s.includes('inserted') || s.includes('unsupported')) return 1;
  if (s.includes('fail')) return 2;
  return 3;
}

function findOutput(outputs: ReadonlyMap<string, string>, c: SweepCommand): string | undefined {
  const exact = outputs.get(c.command);
  if (exact !== undefined) return exact;
  for (const a of c.aliases) {
    const v = outputs.get(a);
    if (v !== undefined) return v;
  }
  return undefined;
}

function isEthernet(port: string): boolean {
  return /^Ethernet\d/.test(port);
}

function interfaceInfo(b: Builder, r: EosInterface): void {
  if (r.linkStatus !== undefined) b.info.link_status = r.linkStatus;
  if (r.status !== undefined) b.info.interface_status = r.status;
  if (r.mtu !== undefined) b.info.mtu = String(r.mtu);
  if (r.duplex !== undefined) b.info.duplex = r.duplex;
  if (r.lanes !== undefined) b.info.lanes = String(r.lanes);
  if (r.memberOf !== undefined) b.info.member_of = r.memberOf;
}

function fromInterface(r: EosInterface): Builder {
  const b: Builder = { port: r.name, counters: {}, raw: new Map(), info: {} };
  if (r.mac !== undefined) b.mac = r.mac;
  if (r.description !== undefined) b.description = r.description;
  if (r.speedMbps !== undefined) b.speedMbps = r.speedMbps;
  if (r.protocolStatus !== undefined) {
    b.operState = r.protocolStatus.toLowerCase();
    b.carrier = b.operState === 'up';
  }
  interfaceInfo(b, r);
  if (r.linkStatusChanges !== undefined) {
    b.counters.carrier_changes = r.linkStatusChanges;
    b.raw.set('show_interfaces.link_status_changes', r.linkStatusChanges);
  }
  for (const [key, v] of Object.entries(r.counters) as [EosCounterName, bigint][]) b.raw.set(interfaceKey(key), v);
  for (const [from, to] of COUNTER_MAP) {
    const v = r.counters[from];
    if (v !== undefined) b.counters[to] = v;
  }
  return b;
}

function applyPhy(b: Builder, r: EosPhyDetail): void {
  b.phy = r;
  if (r.phyState !== undefined) b.info.phy_state = r.phyState;
  if (r.stale) {
    b.info.phy_stale = 'true';
    return;
  }
  if (r.fecCorrected || r.fecUncorrected) {
    b.aristaFec = { ...(r.fecCorrected && { corrected: r.fecCorrected }), ...(r.fecUncorrected && { uncorrected: r.fecUncorrected }) };
  }
  if (r.fecAlignmentLock !== undefined) b.info.fec_alignment_lock = r.fecAlignmentLock;
  if (r.transceiver !== undefined) b.info.transceiver_type = r.transceiver;
  if (r.transceiverSerial !== undefined) b.info.transceiver_serial = r.transceiverSerial;
  if (r.model !== undefined) b.info.phy_model = r.model;
  if (r.fec !== undefined) b.info.fec_mode = r.fec;
  b.info.fec_enabled = r.fec !== undefined && !/^(?:disabled|none|off)$/i.test(r.fec) ? 'true' : 'false';
  if (r.preFecBer !== undefined) b.info.pre_fec_ber = r.preFecBer;
  if (r.postFecBer !== undefined) b.info.post_fec_ber = r.postFecBer;
  for (const row of r.rows) {
    if (row.changes === undefined && row.state === undefined) continue;
    const keys = phyKeys(row.section, row.label);
    const value = u64(row.state);
    if (value !== undefined) b.raw.set(keys.value, value);
    if (row.changes !== undefined) b.raw.set(keys.changes, row.changes);
  }
}


export function mapAristaEos(outputs: ReadonlyMap<string, string>, device: string): SwitchMapResult {
  const errors: LinkmonError[] = [];
  const parsed = new Map<string, readonly unknown[]>();

  for (const c of SWEEP) {
    const raw = findOutput(outputs, c);
    if (raw === undefined) {
      errors.push(
        new LinkmonError(ErrorCodes.SWITCH_COMMAND_REFUSED, `${c.command}: no output (the command did not run or its output was lost)`, {
          target: device,
          severity: c.essential ? 'error' : 'warning',
        }),
      );
      continue;
    }
    const refused = refusal(raw);
    if (refused !== undefined) {
      errors.push(
        new LinkmonError(ErrorCodes.SWITCH_COMMAND_REFUSED, `${c.command}: the switch answered ${JSON.stringify(refused)}`, {
          target: device,
          severity: c.essential ? 'error' : 'warning',
        }),
      );
      continue;
    }
    const result = c.parser.parse(raw);
    const warning = unmatchedWarning(device, c.command, result);
    if (warning) errors.push(warning);
    parsed.set(c.parser.id, result.records);
  }

  const records = <R>(parser: Parser<R>): readonly R[] => (parsed.get(parser.id) ?? []) as readonly R[];

  const builders = new Map<string, Builder>();
  for (const r of records(showInterfacesParser)) {
    if (isEthernet(r.name) && !builders.has(r.name)) builders.set(r.name, fromInterface(r));
  }

  for (const r of records(showInterfacesPhyDetailParser)) {
    const b = builders.get(r.port);
    if (b) applyPhy(b, r);
  }

  for (const r of records(showInterfacesTransceiverDomParser)) {
    const b = builders.get(r.port);
    if (!b || b.phy?.stale) continue;
    const lanes: OpticsLane[] = r.lanes.map((l) => ({
      lane: l.channel,
      ...(l.txBiasMa !== undefined && { txBiasMa: l.txBiasMa }),
      ...(l.txPowerDbm !== undefined && { txPowerMw: dbmToMw(l.txPowerDbm) }),
      ...(l.rxPowerDbm !== undefined && { rxPowerMw: dbmToMw(l.rxPowerDbm) }),
    }));
    const serial = b.phy?.transceiverSerial;
    b.optics = {
      ...(serial !== undefined && { serial }),
      ...(r.temperatureC !== undefined && { temperatureC: r.temperatureC }),
      ...(r.voltageV !== undefined && { voltageV: r.voltageV }),
      lanes,
    };
  }

  for (const r of records(showPriorityFlowControlCountersParser)) {
    const b = builders.get(r.port);
    if (!b) continue;
    b.counters.rx_pfc_frames = r.rxPfc;
    b.counters.tx_pfc_frames = r.txPfc;
    b.raw.set('show_priority_flow_control_counters.rx_pfc', r.rxPfc);
    b.raw.set('show_priority_flow_control_counters.tx_pfc', r.txPfc);
  }

  for (const r of records(showSnmpMibIfmibIfindexParser)) {
    const b = builders.get(r.port);
    if (b) b.info.ifindex = String(r.ifIndex);
  }

  for (const r of records(showInterfacesCountersDiscardsParser)) {
    if (r.kind !== 'port') continue;
    const b = builders.get(r.port);
    if (!b) continue;
    b.raw.set('show_interfaces_counters_discards.in_discards', r.inDiscards);
    b.raw.set('show_interfaces_counters_discards.out_discards', r.outDiscards);
    // `show interfaces` is the primary source; this table fills in when it lacks the counters.
    b.counters.rx_discards ??= r.inDiscards;
    b.counters.tx_discards ??= r.outDiscards;
  }

  for (const r of records(showInterfacesCountersQueueDetailParser)) {
    const b = builders.get(r.port);
    if (!b) continue;
    const [packets, bytes, dropPackets, dropBytes] = queueKeys(r.queue);
    b.raw.set(packets, r.packets);
    b.raw.set(bytes, r.bytes);
    b.raw.set(dropPackets, r.dropPackets);
    b.raw.set(dropBytes, r.dropBytes);
    if (r.queue === 'UC5') b.info.out_discards_prio5 = String(r.dropPackets);
  }

  const rates = records(showInterfacesCountersRatesParser);
  for (const r of rates) {
    const b = builders.get(r.port);
    if (!b) continue;
    b.info.rx_kbps = String(Math.round(r.inMbps * 1000));
    b.info.tx_kbps = String(Math.round(r.outMbps * 1000));
  }
  if (rates.length === 0) {
    // Without the rates table, the averages of `show interfaces` are the next best.
    for (const r of records(showInterfacesParser)) {
      const b = builders.get(r.name);
      if (!b) continue;
      if (r.inputRate) b.info.rx_kbps = String(Math.round(r.inputRate.bitsPerSecond / 1000));
      if (r.outputRate) b.info.tx_kbps = String(Math.round(r.outputRate.bitsPerSecond / 1000));
    }
  }

  for (const r of records(showInterfacesStatusErrdisabledParser)) {
    const b = builders.get(r.port);
    if (b) b.info.errdisabled_reason = r.reason;
  }

  for (const r of records(showQosInterfacesEcnCountersQueueParser)) {
    const b = builders.get(r.port);
    if (!b || b.phy?.stale) continue;
    for (const q of r.queues) {
      if (q.markedPackets === undefined) continue;
      b.raw.set(ECN_KEYS[q.txQueue] ?? `show_qos_interfaces_ecn_counters_queue.queue_${q.txQueue}.marked_packets`, q.markedPackets);
      if (q.txQueue === 5) b.info.ecn_marked_tc5 = String(q.markedPackets);
    }
  }

  const links = [...builders.values()].map(toLink);

  return { links, info: switchInfo(records), errors };
}

/** What a port's builder holds, in both the CLI and the eAPI map. */
export interface LinkFields {
  readonly port: string;
  readonly mac?: string;
  readonly description?: string;
  readonly speedMbps?: number;
  readonly operState?: string;
  readonly carrier?: boolean;
  readonly counters: SwitchLink['counters'];
  readonly optics?: Optics;
  readonly raw: Map<string, bigint>;
  readonly info: Record<string, string>;
  readonly aristaFec?: SwitchLink['aristaFec'];
}

/** A finished link from a port's builder (absent fields stay absent). */
export function toLink(b: LinkFields): SwitchLink {
  return {
    port: b.port,
    ...(b.mac !== undefined && { mac: b.mac }),
    ...(b.description !== undefined && { description: b.description }),
    ...(b.speedMbps !== undefined && { speedMbps: b.speedMbps }),
    ...(b.operState !== undefined && { operState: b.operState }),
    ...(b.carrier !== undefined && { carrier: b.carrier }),
    counters: b.counters,
    laneCounters: {},
    ...(b.optics !== undefined && { optics: b.optics }),
    raw: b.raw,
    info: b.info,
    ...(b.aristaFec !== undefined && { aristaFec: b.aristaFec }),
  };
}

/** Records of one parser's output in a sweep (empty when the command gave none). */
export type Records = <R>(parser: Parser<R>) => readonly R[];

/**
 * Switch facts from a sweep's records; `sources` names the hostname and version parsers of the
 * transport (CLI text or eAPI JSON), which give the same record types.
 */
export function switchInfo(
  records: Records,
  sources: { readonly hostname: Parser<EosHostname>; readonly version: Parser<EosVersion> } = {
    hostname: showHostnameParser,
    version: showVersionJsonParser,
  },
): SwitchInfo {
  const host = records(sources.hostname)[0];
  const version = records(sources.version)[0];
  const psus: SwitchComponent[] = records(showEnvironmentPowerJsonParser).map((p) => ({
    name: `PSU${p.slot}`,
    health: psuHealth(p.state),
    ...(p.outputPowerW !== undefined && { value: p.outputPowerW }),
  }));
  const temperatures: SwitchComponent[] = [];
  for (const t of records(showSystemEnvironmentTemperatureJsonParser)) {
    for (const s of t.sensors) {
      const prefix = s.location === 'powerSupply' ? `PSU${s.slot ?? ''} ` : s.location === 'card' ? `Card${s.slot ?? ''} ` : '';
      temperatures.push({
        name: prefix + (s.description ?? s.name),
        health: temperatureHealth(s.hwStatus),
        ...(s.temperatureC !== undefined && { value: s.temperatureC }),
      });
    }
  }
  const fans: SwitchComponent[] = [];
  for (const c of records(showSystemEnvironmentCoolingJsonParser)) {
    for (const f of c.fans) {
      const rpm =
        f.actualSpeedPercent !== undefined && f.maxSpeedRpm !== undefined ? Math.round((f.maxSpeedRpm * f.actualSpeedPercent) / 100) : undefined;
      fans.push({
        name: f.kind === 'fanTray' ? `Fan tray ${f.label}` : f.label,
        health: fanHealth(f.status),
        ...(rpm !== undefined && { value: rpm }),
      });
    }
  }
  return {
    ...(host?.hostname !== undefined && { hostname: host.hostname }),
    vendor: 'arista',
    ...(version?.modelName !== undefined && { model: version.modelName }),
    ...(version?.version !== undefined && { firmwareVersion: version.version }),
    ...(version?.serialNumber !== undefined && version.serialNumber !== '' && { serial: version.serialNumber }),
    ...(version?.uptimeSeconds !== undefined && { uptimeSeconds: version.uptimeSeconds }),
    psus,
    temperatures,
    fans,
  };
}
