/**
 * Arista EOS over eAPI: the commands of one sweep sent as JSON-RPC `runCmds` (format json) and the
 * mapping of their JSON answers into the same normalized switch links and facts as the CLI path
 * (map.ts). Pure.
 *
 * `outputs` holds, per command, the raw JSON text of its eAPI result object (as EapiClient returns
 * it: keyed by the command as sent, `show version`; the `… | json` spelling of the CLI sweep is
 * accepted too). The `eapi_*` parsers read them into the text parsers' records, so the links carry
 * the same counters, raw names and info keys as over SSH:
 *
 * - `show interfaces`: counters, carrier_changes (linkStatusChanges), speed, MAC, state, rates
 *   (the `interfaceStatistics` rates stand in for the CLI's rates table);
 * - `show interfaces phy detail`: `aristaFec` registers {value, changes} (never `fec_*_codewords`:
 *   the collector makes them cumulative), PHY state and model, pre-FEC BER;
 * - `show interfaces transceiver dom`: optics (serial and media type come from here, not from phy
 *   detail); `show interfaces transceiver` is read instead when only it was run;
 * - `show interfaces counters discards` / `errors`: fill in counters `show interfaces` lacks;
 * - `show hostname`, `show version`, the environment commands: the switch facts.
 *
 * Not over eAPI (no JSON form verified against a real switch): PFC counters, ifindex, queue
 * counters, ECN marks, the errdisabled reason, the FEC mode and alignment lock. Those links simply
 * lack `rx_pfc_frames`/`tx_pfc_frames` and the matching info keys.
 */
import type { FecPoller } from '../../collectors/switch_cli/collect.js';
import { ErrorCodes, LinkmonError } from '../../core/errors.js';
import type { LinkCounter, Optics, OpticsLane } from '../../core/link.js';
import { unmatchedWarning, type ParseResult, type Parser } from '../../core/parser.js';
import type { SwitchDriver, SwitchLink, SwitchMapResult } from '../switch-driver.js';
import { allUnmatched, dbmToMw, readJsonOutput, str, u64 } from './common.js';
import { eapiShowInterfacesParser } from './eapi_show_interfaces.js';
import { eapiShowInterfacesCountersDiscardsParser } from './eapi_show_interfaces_counters_discards.js';
import { eapiShowInterfacesCountersErrorsParser } from './eapi_show_interfaces_counters_errors.js';
import type { EosErrorCounters } from './eapi_show_interfaces_counters_errors.js';
import { eapiShowInterfacesPhyDetailParser, parseEapiShowInterfacesPhyDetail } from './eapi_show_interfaces_phy_detail.js';
import { eapiShowInterfacesTransceiverParser } from './eapi_show_interfaces_transceiver.js';
import { eapiShowInterfacesTransceiverDomParser } from './eapi_show_interfaces_transceiver_dom.js';
import { eapiShowVersionParser } from './eapi_show_version.js';
import { aristaEosDialect, aristaEosParsers } from './index.js';
import { COUNTER_MAP, snake, switchInfo, toLink } from './map.js';
import { showEnvironmentPowerJsonParser } from './show_environment_power_json.js';
import type { EosHostname } from './show_hostname.js';
import type { EosCounterName, EosInterface } from './show_interfaces.js';
import type { EosPhyDetail } from './show_interfaces_phy_detail.js';
import type { EosDom } from './show_interfaces_transceiver_dom.js';
import { showSystemEnvironmentCoolingJsonParser } from './show_system_environment_cooling_json.js';
import { showSystemEnvironmentTemperatureJsonParser } from './show_system_environment_temperature_json.js';

/** eAPI `show hostname`: `{"hostname": "sw1", "fqdn": "sw1.example.net"}`. */
export function parseEapiShowHostname(raw: string): ParseResult<EosHostname> {
  const { value, unmatched } = readJsonOutput(raw);
  if (!value) return { records: [], unmatched };
  const hostname = str(value.hostname);
  const fqdn = str(value.fqdn);
  if (hostname === undefined && fqdn === undefined) return { records: [], unmatched: allUnmatched(raw) };
  return { records: [{ ...(hostname !== undefined && { hostname }), ...(fqdn !== undefined && { fqdn }) }], unmatched };
}

export const eapiShowHostnameParser: Parser<EosHostname> = {
  id: 'eapi_show_hostname',
  command: 'show hostname',
  parse: parseEapiShowHostname,
};

export interface EapiSweepCommand {
  /** As sent over eAPI (no `| json`: every command is asked for JSON). */
  readonly command: string;
  readonly parser: Parser<unknown>;
  /** Without it the sweep has no links: its absence is an error, not a warning. */
  readonly essential?: boolean;
}

/** One eAPI sweep, in order (one runCmds request). */
export const EAPI_SWEEP: readonly EapiSweepCommand[] = [
  { command: 'show interfaces', parser: eapiShowInterfacesParser, essential: true },
  { command: 'show hostname', parser: eapiShowHostnameParser },
  { command: 'show interfaces phy detail', parser: eapiShowInterfacesPhyDetailParser },
  { command: 'show interfaces transceiver dom', parser: eapiShowInterfacesTransceiverDomParser },
  { command: 'show interfaces counters discards', parser: eapiShowInterfacesCountersDiscardsParser },
  { command: 'show interfaces counters errors', parser: eapiShowInterfacesCountersErrorsParser },
  { command: 'show version', parser: eapiShowVersionParser },
  { command: 'show environment power', parser: showEnvironmentPowerJsonParser },
  { command: 'show system environment temperature', parser: showSystemEnvironmentTemperatureJsonParser },
  { command: 'show system environment cooling', parser: showSystemEnvironmentCoolingJsonParser },
];

/** The commands of one eAPI sweep. */
export const EAPI_COMMANDS: readonly string[] = EAPI_SWEEP.map((c) => c.command);

/** Read when present (not in the sweep): optics of switches whose EOS has no `dom` JSON. */
const TRANSCEIVER = 'show interfaces transceiver';

/** `show interfaces counters errors` → the counters it fills in when `show interfaces` lacks them. */
const ERROR_COUNTERS: readonly (readonly [keyof Omit<EosErrorCounters, 'port'>, LinkCounter])[] = [
  ['inErrors', 'rx_errors'],
  ['outErrors', 'tx_errors'],
  ['fcsErrors', 'rx_crc_errors'],
  ['symbolErrors', 'rx_symbol_errors'],
  ['alignmentErrors', 'rx_alignment_errors'],
  ['frameTooShorts', 'rx_runts'],
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

function findOutput(outputs: ReadonlyMap<string, string>, command: string): string | undefined {
  return outputs.get(command) ?? outputs.get(`${command} | json`);
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
  if (r.linkStatus !== undefined) b.info.link_status = r.linkStatus;
  if (r.status !== undefined) b.info.interface_status = r.status;
  if (r.mtu !== undefined) b.info.mtu = String(r.mtu);
  if (r.duplex !== undefined) b.info.duplex = r.duplex;
  if (r.lanes !== undefined) b.info.lanes = String(r.lanes);
  if (r.memberOf !== undefined) b.info.member_of = r.memberOf;
  if (r.linkStatusChanges !== undefined) {
    b.counters.carrier_changes = r.linkStatusChanges;
    b.raw.set('show_interfaces.link_status_changes', r.linkStatusChanges);
  }
  for (const [key, v] of Object.entries(r.counters) as [EosCounterName, bigint][]) b.raw.set(`show_interfaces.${snake(key)}`, v);
  for (const [from, to] of COUNTER_MAP) {
    const v = r.counters[from];
    if (v !== undefined) b.counters[to] = v;
  }
  if (r.inputRate) b.info.rx_kbps = String(Math.round(r.inputRate.bitsPerSecond / 1000));
  if (r.outputRate) b.info.tx_kbps = String(Math.round(r.outputRate.bitsPerSecond / 1000));
  return b;
}

function fecOf(r: EosPhyDetail): SwitchLink['aristaFec'] | undefined {
  if (r.stale || (!r.fecCorrected && !r.fecUncorrected)) return undefined;
  return { ...(r.fecCorrected && { corrected: r.fecCorrected }), ...(r.fecUncorrected && { uncorrected: r.fecUncorrected }) };
}

function applyPhy(b: Builder, r: EosPhyDetail): void {
  b.phy = r;
  if (r.phyState !== undefined) b.info.phy_state = r.phyState;
  if (r.stale) {
    b.info.phy_stale = 'true';
    return;
  }
  const fec = fecOf(r);
  if (fec) b.aristaFec = fec;
  if (r.model !== undefined) b.info.phy_model = r.model;
  if (r.fec !== undefined) {
    b.info.fec_mode = r.fec;
    b.info.fec_enabled = /^(?:disabled|none|off)$/i.test(r.fec) ? 'false' : 'true';
  } else if (fec) {
    // eAPI has no mode word, but FEC registers exist only while FEC runs.
    b.info.fec_enabled = 'true';
  }
  if (r.preFecBer !== undefined) b.info.pre_fec_ber = r.preFecBer;
  if (r.postFecBer !== undefined) b.info.post_fec_ber = r.postFecBer;
  for (const row of r.rows) {
    if (row.changes === undefined && row.state === undefined) continue;
    const base = `show_interfaces_phy_detail.${row.section !== undefined ? `${snake(row.section)}.` : ''}${snake(row.label)}`;
    const value = u64(row.state);
    if (value !== undefined) b.raw.set(`${base}.value`, value);
    if (row.changes !== undefined) b.raw.set(`${base}.changes`, row.changes);
  }
}

function applyDom(b: Builder, r: EosDom): void {
  if (b.phy?.stale) return;
  if (r.mediaType !== undefined) b.info.transceiver_type = r.mediaType;
  const serial = r.serial ?? b.phy?.transceiverSerial;
  if (serial !== undefined) b.info.transceiver_serial = serial;
  if (r.lanes.length === 0 && r.temperatureC === undefined && r.voltageV === undefined) return; // no module
  const lanes: OpticsLane[] = r.lanes.map((l) => ({
    lane: l.channel,
    ...(l.txBiasMa !== undefined && { txBiasMa: l.txBiasMa }),
    ...(l.txPowerDbm !== undefined && { txPowerMw: dbmToMw(l.txPowerDbm) }),
    ...(l.rxPowerDbm !== undefined && { rxPowerMw: dbmToMw(l.rxPowerDbm) }),
  }));
  b.optics = {
    ...(serial !== undefined && { serial }),
    ...(r.temperatureC !== undefined && { temperatureC: r.temperatureC }),
    ...(r.voltageV !== undefined && { voltageV: r.voltageV }),
    lanes,
  };
}


/** Maps the JSON outputs of one eAPI sweep (command → raw result object text) into links and facts. */
export function mapAristaEapi(outputs: ReadonlyMap<string, string>, device: string): SwitchMapResult {
  const errors: LinkmonError[] = [];
  const parsed = new Map<string, readonly unknown[]>();

  const run = (command: string, parser: Parser<unknown>, essential: boolean, optional: boolean): void => {
    const raw = findOutput(outputs, command);
    if (raw === undefined) {
      if (optional) return;
      errors.push(
        new LinkmonError(ErrorCodes.SWITCH_COMMAND_REFUSED, `${command}: no eAPI output (the command was refused or did not run)`, {
          target: device,
          severity: essential ? 'error' : 'warning',
        }),
      );
      return;
    }
    const result = parser.parse(raw);
    const warning = unmatchedWarning(device, `${command} (eAPI)`, result);
    if (warning) errors.push(warning);
    parsed.set(parser.id, result.records);
  };
  for (const c of EAPI_SWEEP) run(c.command, c.parser, c.essential === true, false);
  run(TRANSCEIVER, eapiShowInterfacesTransceiverParser, false, true);

  const records = <R>(parser: Parser<R>): readonly R[] => (parsed.get(parser.id) ?? []) as readonly R[];

  const builders = new Map<string, Builder>();
  for (const r of records(eapiShowInterfacesParser)) {
    if (/^Ethernet\d/.test(r.name) && !builders.has(r.name)) builders.set(r.name, fromInterface(r));
  }

  for (const r of records(eapiShowInterfacesPhyDetailParser)) {
    const b = builders.get(r.port);
    if (b) applyPhy(b, r);
  }

  const dom = records(eapiShowInterfacesTransceiverDomParser);
  for (const r of dom.length > 0 ? dom : records(eapiShowInterfacesTransceiverParser)) {
    const b = builders.get(r.port);
    if (b) applyDom(b, r);
  }

  for (const r of records(eapiShowInterfacesCountersDiscardsParser)) {
    if (r.kind !== 'port') continue;
    const b = builders.get(r.port);
    if (!b) continue;
    b.raw.set('show_interfaces_counters_discards.in_discards', r.inDiscards);
    b.raw.set('show_interfaces_counters_discards.out_discards', r.outDiscards);
    b.counters.rx_discards ??= r.inDiscards;
    b.counters.tx_discards ??= r.outDiscards;
  }

  for (const r of records(eapiShowInterfacesCountersErrorsParser)) {
    const b = builders.get(r.port);
    if (!b) continue;
    for (const [from, to] of ERROR_COUNTERS) {
      const v = r[from];
      if (v === undefined) continue;
      b.raw.set(`show_interfaces_counters_errors.${snake(from)}`, v);
      b.counters[to] ??= v;
    }
    if (r.frameTooLongs !== undefined) b.raw.set('show_interfaces_counters_errors.frame_too_longs', r.frameTooLongs);
  }

  const links = [...builders.values()].map(toLink);
  return { links, info: switchInfo(records, { hostname: eapiShowHostnameParser, version: eapiShowVersionParser }), errors };
}


/**
 * Fast polling of FEC registers over eAPI: the same command as over SSH (EapiClient asks for its
 * JSON), read with the eAPI phy detail parser.
 */
export const aristaEapiFecPoller: FecPoller = {
  command(ports: readonly string[]): string {
    return `show interfaces ${ports.join(',')} phy detail`;
  },
  read(output: string): Map<string, NonNullable<SwitchLink['aristaFec']>> {
    const out = new Map<string, NonNullable<SwitchLink['aristaFec']>>();
    for (const rec of parseEapiShowInterfacesPhyDetail(output).records) {
      const fec = fecOf(rec);
      if (fec) out.set(rec.port, fec);
    }
    return out;
  },
};

/**
 * The Arista driver for switches read over eAPI (with EapiClient as the collector's transport):
 * the eAPI sweep and mapping; the dialect is the CLI's (unused over eAPI).
 */
export const aristaEosEapiDriver: SwitchDriver = {
  os: 'arista_eos',
  dialect: aristaEosDialect,
  sweepCommands: () => EAPI_COMMANDS,
  map: mapAristaEapi,
  parsers: { ...aristaEosParsers, [eapiShowHostnameParser.id]: eapiShowHostnameParser },
};
