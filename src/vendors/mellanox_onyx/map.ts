/**
 * Maps the outputs of one Onyx sweep into normalized links and switch facts. Pure; never throws:
 * a missing or refused output, or a line no parser understood, becomes an error or a warning.
 *
 * Normalized counters (docs/data-model.md):
 *
 * | field | Onyx source |
 * |---|---|
 * | carrier_changes | `show int eth` `Last change in operational status: … (N oper change)`; `Never` = 0 |
 * | rx/tx_bytes, rx/tx_packets | `show int eth` Rx/Tx `bytes`, `packets` |
 * | rx_errors, tx_errors | Rx/Tx `error packets` |
 * | rx_crc_errors | Rx `fcs errors` |
 * | rx_runts | Rx `undersize packets` |
 * | rx_discards, tx_discards | Rx/Tx `discard packets` |
 * | rx_pfc_frames, tx_pfc_frames | `show interfaces ethernet counters pfc prio 5` Rx/Tx `pause packets` (priority 5 only: the only one queried) |
 * | fec_corrected_bits | `trans count` `phy corrected bits`; per lane: `RS corrected symbols laneN` (symbols, as the switch counts them) |
 * | rx_symbol_errors | `trans count` `phy symbol errors` (errors FEC did not correct) |
 *
 * Raw counters keep their printed names: `int.rx.<name>`, `int.tx.<name>`, `pfc5.rx.<name>`,
 * `pfc5.tx.<name>`, `tc5.<name>`, `trans.<name>` (spaces and `/` as `_`, lower case).
 */
import { ErrorCodes, LinkmonError } from '../../core/errors.js';
import type { ErrorCode } from '../../core/errors.js';
import type { LaneCounter, LinkCounter, Optics } from '../../core/link.js';
import type { ParseResult, Parser } from '../../core/parser.js';
import type { ComponentHealth, SwitchComponent, SwitchInfo, SwitchLink, SwitchMapResult } from '../switch-driver.js';
import { classifyOnyxCommand, countersCommand, diagnosticsCommand, transceiverCommand } from './commands.js';
import { showFanParser } from './show_fan.js';
import { showHostsParser } from './show_hosts.js';
import { showInterfacesEthernetParser, type OnyxInterface } from './show_interfaces_ethernet.js';
import { showInterfacesEthernetCountersPfcPrio5Parser, type OnyxPfcCounters } from './show_interfaces_ethernet_counters_pfc_prio_5.js';
import { showInterfacesEthernetCountersTc5Parser, type OnyxTcCounters } from './show_interfaces_ethernet_counters_tc_5.js';
import { showInterfacesEthernetRatesParser, type OnyxRate } from './show_interfaces_ethernet_rates.js';
import { showInterfacesEthernetTransceiverParser, type OnyxTransceiver } from './show_interfaces_ethernet_transceiver.js';
import {
  showInterfacesEthernetTransceiverCountersParser,
  type OnyxTransceiverCounters,
} from './show_interfaces_ethernet_transceiver_counters.js';
import {
  showInterfacesEthernetTransceiverDiagnosticsParser,
  type OnyxTransceiverDiagnostics,
} from './show_interfaces_ethernet_transceiver_diagnostics.js';
import { showInventoryParser } from './show_inventory.js';
import { showPowerParser } from './show_power.js';
import { showTemperatureParser } from './show_temperature.js';
import { showVersionParser } from './show_version.js';

/** A missing or refused output: an error for `show int eth` (no links), a warning for the others. */
const CODE_COMMAND_FAILED: ErrorCode = ErrorCodes.SWITCH_COMMAND_REFUSED;

/**
 * A line that means Onyx refused the command: `% Unrecognized command "xyz".`, `% Incomplete …`.
 * `trans diag` of a module without diagnostics (passive copper) is answered with
 * `% Unrecognized command "diag".`: the module's nature, not a refusal worth a warning every sweep,
 * so that line is let through to map, which records `info.dom = 'unsupported'` instead.
 */
export const ONYX_REFUSED_RE = /^%\s(?!Unrecognized command "diag(?:n|no|nos|nost|nosti|nostic|nostics)?"\.)/;

/** Onyx's answer to `trans diag` for a module without diagnostics. */
const NO_DIAGNOSTICS_RE = /^% Unrecognized command "diag(?:n|no|nos|nost|nosti|nostic|nostics)?"\./;

/** Any `% …` line, including the no-diagnostics answer (what map treats as a refusal). */
const ANY_REFUSAL_RE = /^%\s/;

/** The first non-blank line of a refused command's output, or undefined. */
export function refusalOf(text: string): string | undefined {
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const line = text.slice(start, end).trim();
    if (line !== '') return ANY_REFUSAL_RE.test(line) ? line : undefined;
    start = end + 1;
  }
  return undefined;
}

/** Raw-counter key of a printed name: lower case, spaces and punctuation as `_`. Cached: names repeat. */
const keyCache = new Map<string, string>();
function rawName(name: string): string {
  let k = keyCache.get(name);
  if (k === undefined) {
    k = name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '_')
      .replace(/^_+|_+$/g, '');
    if (keyCache.size < 10_000) keyCache.set(name, k);
  }
  return k;
}

/** Status column of show power / temperature / fan → the seed's scale: OK 0, NOT PRESENT 1, no status 3, anything else 2. */
export function onyxHealth(status: string): ComponentHealth {
  const s = status.trim().toLowerCase();
  if (s === 'ok') return 0;
  if (s === 'not present') return 1;
  if (s === '' || s === 'n/a' || s === '-' || s === 'unknown') return 3;
  return 2;
}

function noneToUndefined(v: string | undefined): string | undefined {
  if (v === undefined) return undefined;
  const t = v.trim();
  return t === '' || t === 'N/A' || t === 'N\\A' ? undefined : t;
}

interface Collected {
  readonly base: Map<string, string>;
  /** parser id → port id → output. */
  readonly perPort: Map<string, Map<string, string>>;
}

function collect(outputs: ReadonlyMap<string, string>): Collected {
  const base = new Map<string, string>();
  const perPort = new Map<string, Map<string, string>>();
  for (const [command, text] of outputs) {
    const c = classifyOnyxCommand(command);
    if (!c) continue; // setup/exit commands and anything else we did not ask for
    if (c.portId === undefined) {
      base.set(c.id, text);
      continue;
    }
    let m = perPort.get(c.id);
    if (!m) {
      m = new Map();
      perPort.set(c.id, m);
    }
    m.set(c.portId, text);
  }
  return { base, perPort };
}

/** Aggregates per-port problems into one warning per command kind. */
class PortProblems {
  private readonly refused = new Map<string, { count: number; first: string }>();
  private readonly unmatched = new Map<string, { ports: number; lines: number; first: string }>();

  addRefused(command: string, port: string, line: string): void {
    const r = this.refused.get(command);
    if (r) r.count++;
    else this.refused.set(command, { count: 1, first: `${port}: ${line}` });
  }

  addUnmatched(command: string, port: string, result: ParseResult<unknown>): void {
    if (result.unmatched.length === 0) return;
    const u = this.unmatched.get(command);
    if (u) {
      u.ports++;
      u.lines += result.unmatched.length;
      return;
    }
    const f = result.unmatched[0];
    this.unmatched.set(command, {
      ports: 1,
      lines: result.unmatched.length,
      first: `${port} line ${f?.line}: ${JSON.stringify((f?.text ?? '').slice(0, 80))}`,
    });
  }

  flush(device: string, errors: LinkmonError[]): void {
    for (const [command, r] of this.refused) {
      errors.push(
        new LinkmonError(CODE_COMMAND_FAILED, `${command}: refused on ${r.count} port(s) (first: ${r.first})`, {
          target: device,
          severity: 'warning',
        }),
      );
    }
    for (const [command, u] of this.unmatched) {
      errors.push(
        new LinkmonError(ErrorCodes.PARSE_UNMATCHED, `${command}: ${u.lines} line(s) not understood on ${u.ports} port(s) (first: ${u.first})`, {
          target: device,
          severity: 'warning',
        }),
      );
    }
  }
}

function unmatchedWarning(device: string, command: string, result: ParseResult<unknown>): LinkmonError | undefined {
  if (result.unmatched.length === 0) return undefined;
  const f = result.unmatched[0];
  return new LinkmonError(
    ErrorCodes.PARSE_UNMATCHED,
    `${command}: ${result.unmatched.length} line(s) not understood (first: line ${f?.line}: ${JSON.stringify((f?.text ?? '').slice(0, 80))})`,
    { target: device, severity: 'warning' },
  );
}

function byPort<R extends { port: string }>(records: readonly R[]): Map<string, R> {
  const m = new Map<string, R>();
  for (const r of records) m.set(r.port, r);
  return m;
}

function buildOptics(trans: OnyxTransceiver | undefined, diag: OnyxTransceiverDiagnostics | undefined): Optics | undefined {
  const present = trans?.present !== false;
  if (!present || (trans === undefined && diag === undefined)) return undefined;
  return {
    ...(trans?.identifier !== undefined && { identifier: trans.identifier }),
    ...(trans?.vendor !== undefined && { vendor: trans.vendor }),
    ...(trans?.partNumber !== undefined && { partNumber: trans.partNumber }),
    ...(trans?.revision !== undefined && { revision: trans.revision }),
    ...(trans?.serial !== undefined && { serial: trans.serial }),
    ...(diag?.temperatureC !== undefined && { temperatureC: diag.temperatureC }),
    ...(diag?.voltageV !== undefined && { voltageV: diag.voltageV }),
    lanes: (diag?.lanes ?? []).map((l) => ({
      lane: l.lane,
      ...(l.txBiasMa !== undefined && { txBiasMa: l.txBiasMa }),
      ...(l.txPowerMw !== undefined && { txPowerMw: l.txPowerMw }),
      ...(l.rxPowerMw !== undefined && { rxPowerMw: l.rxPowerMw }),
    })),
  };
}

interface PortData {
  readonly pfc?: OnyxPfcCounters;
  readonly tc?: OnyxTcCounters;
  readonly rate?: OnyxRate;
  readonly trans?: OnyxTransceiver;
  readonly diag?: OnyxTransceiverDiagnostics;
  /** `trans diag` was refused: the module has no diagnostics (passive copper). */
  readonly noDom: boolean;
  readonly count?: OnyxTransceiverCounters;
}

function buildLink(iface: OnyxInterface, d: PortData): SwitchLink {
  const raw = new Map<string, bigint>();
  const counters: Partial<Record<LinkCounter, bigint>> = {};
  const laneCounters: Partial<Record<LaneCounter, readonly bigint[]>> = {};
  const info: Record<string, string> = {};

  for (const [name, v] of Object.entries(iface.rx)) raw.set(`int.rx.${rawName(name)}`, v);
  for (const [name, v] of Object.entries(iface.tx)) raw.set(`int.tx.${rawName(name)}`, v);
  if (d.pfc) {
    for (const [name, v] of Object.entries(d.pfc.rx)) raw.set(`pfc5.rx.${rawName(name)}`, v);
    for (const [name, v] of Object.entries(d.pfc.tx)) raw.set(`pfc5.tx.${rawName(name)}`, v);
  }
  if (d.tc) for (const [name, v] of Object.entries(d.tc.counters)) raw.set(`tc5.${rawName(name)}`, v);
  if (d.count) {
    for (const [name, v] of Object.entries(d.count.counters)) {
      if (!name.includes('_ber_')) raw.set(`trans.${rawName(name)}`, v);
    }
  }

  const rx = (n: string): bigint | undefined => (Object.prototype.hasOwnProperty.call(iface.rx, n) ? iface.rx[n] : undefined);
  const tx = (n: string): bigint | undefined => (Object.prototype.hasOwnProperty.call(iface.tx, n) ? iface.tx[n] : undefined);
  const set = (name: LinkCounter, v: bigint | undefined): void => {
    if (v !== undefined) counters[name] = v;
  };
  set('carrier_changes', iface.operChanges);
  set('rx_bytes', rx('bytes'));
  set('tx_bytes', tx('bytes'));
  set('rx_packets', rx('packets'));
  set('tx_packets', tx('packets'));
  set('rx_errors', rx('error packets'));
  set('tx_errors', tx('error packets'));
  set('rx_crc_errors', rx('fcs errors'));
  set('rx_runts', rx('undersize packets'));
  set('rx_discards', rx('discard packets'));
  set('tx_discards', tx('discard packets'));
  if (d.pfc) {
    set('rx_pfc_frames', Object.prototype.hasOwnProperty.call(d.pfc.rx, 'pause packets') ? d.pfc.rx['pause packets'] : undefined);
    set('tx_pfc_frames', Object.prototype.hasOwnProperty.call(d.pfc.tx, 'pause packets') ? d.pfc.tx['pause packets'] : undefined);
  }
  if (d.count) {
    set('fec_corrected_bits', d.count.phyCorrectedBits);
    set('rx_symbol_errors', d.count.phySymbolErrors);
    if (d.count.rsCorrectedSymbolsLanes.length > 0) laneCounters.fec_corrected_bits = d.count.rsCorrectedSymbolsLanes;
    if (d.count.rawBer) info.raw_ber = d.count.rawBer.text;
    if (d.count.effectiveBer) info.effective_ber = d.count.effectiveBer.text;
  }

  if (iface.adminState !== undefined) info.admin_state = iface.adminState;
  if (iface.fec !== undefined) info.fec_configured = iface.fec;
  const activeFec = noneToUndefined(iface.operationalFec);
  if (activeFec !== undefined) info.fec_active = activeFec;
  if (iface.mtu !== undefined) info.mtu = String(iface.mtu);
  if (iface.actualSpeed !== undefined) info.actual_speed = iface.actualSpeed;
  if (iface.supportedSpeeds.length > 0) info.supported_speeds = iface.supportedSpeeds.join(' ');
  if (iface.lastChange !== undefined) info.last_change = iface.lastChange;
  if (d.rate) {
    info.ingress_rate_bps = String(d.rate.ingressBitsPerSec);
    info.egress_rate_bps = String(d.rate.egressBitsPerSec);
    info.ingress_pps = String(d.rate.ingressPacketsPerSec);
    info.egress_pps = String(d.rate.egressPacketsPerSec);
  }
  if (d.trans) {
    info.transceiver_present = d.trans.present ? 'yes' : 'no';
    if (d.trans.cableType !== undefined) info.cable_type = d.trans.cableType;
    if (d.trans.speedAndType !== undefined) info.transceiver_type = d.trans.speedAndType;
    if (d.trans.cableLength !== undefined) info.cable_length = d.trans.cableLength;
  }
  if (d.noDom) info.dom = 'unsupported';
  else if (d.diag && !d.diag.available) info.dom = 'unavailable';
  if (d.diag?.vendorDateCode !== undefined) info.vendor_date_code = d.diag.vendorDateCode;

  const operState = iface.operState?.toLowerCase();
  const adminDown = iface.adminState !== undefined && iface.adminState.toLowerCase() !== 'enabled';
  const optics = buildOptics(d.trans, d.diag);
  return {
    port: iface.port,
    ...(iface.mac !== undefined && { mac: iface.mac }),
    ...(noneToUndefined(iface.description) !== undefined && { description: noneToUndefined(iface.description) }),
    ...(iface.speedMbps !== undefined && { speedMbps: iface.speedMbps }),
    ...(iface.maxSupportedSpeedMbps !== undefined && { maxSpeedMbps: iface.maxSupportedSpeedMbps }),
    ...(operState !== undefined && { operState }),
    ...(!adminDown && operState !== undefined && { carrier: operState === 'up' }),
    counters,
    laneCounters,
    ...(optics !== undefined && { optics }),
    raw,
    info,
  };
}

function component(name: string, health: ComponentHealth, value: number | undefined): SwitchComponent {
  return value === undefined ? { name, health } : { name, health, value };
}

/** Maps one sweep's outputs (command as sent → text). */
export function mapOnyxOutputs(outputs: ReadonlyMap<string, string>, device: string): SwitchMapResult {
  const errors: LinkmonError[] = [];
  const { base, perPort } = collect(outputs);

  const runBase = <R>(parser: Parser<R>, required: boolean): readonly R[] => {
    const text = base.get(parser.id);
    if (text === undefined) {
      errors.push(
        new LinkmonError(CODE_COMMAND_FAILED, `${parser.command}: no output (refused, not run or lost)`, {
          target: device,
          severity: required ? 'error' : 'warning',
        }),
      );
      return [];
    }
    const refused = refusalOf(text);
    if (refused !== undefined) {
      errors.push(
        new LinkmonError(CODE_COMMAND_FAILED, `${parser.command}: refused: ${refused}`, {
          target: device,
          severity: required ? 'error' : 'warning',
        }),
      );
      return [];
    }
    const result = parser.parse(text);
    const w = unmatchedWarning(device, parser.command, result);
    if (w) errors.push(w);
    return result.records;
  };

  const ifaces = runBase(showInterfacesEthernetParser, true);
  const pfc = byPort(runBase(showInterfacesEthernetCountersPfcPrio5Parser, false));
  const tc = byPort(runBase(showInterfacesEthernetCountersTc5Parser, false));
  const rates = byPort(runBase(showInterfacesEthernetRatesParser, false));
  const version = runBase(showVersionParser, false)[0];
  const inventory = runBase(showInventoryParser, false);
  const power = runBase(showPowerParser, false)[0];
  const temperatures = runBase(showTemperatureParser, false);
  const fans = runBase(showFanParser, false);
  const hosts = runBase(showHostsParser, false)[0];

  const problems = new PortProblems();
  const known = new Set(ifaces.map((i) => i.port));
  /** Parses the per-port outputs of ports `show int eth` listed; probes of absent ports are dropped. */
  const runPorts = <R>(
    parser: Parser<R>,
    commandOf: (portId: string) => string,
    onRefused?: (port: string, refusal: string) => boolean,
  ): Map<string, R> => {
    const out = new Map<string, R>();
    const texts = perPort.get(parser.id);
    if (!texts) return out;
    for (const [portId, text] of texts) {
      const port = `Eth${portId}`;
      if (!known.has(port)) continue;
      const refused = refusalOf(text);
      if (refused !== undefined) {
        if (!onRefused?.(port, refused)) problems.addRefused(commandOf('<port>'), port, refused);
        continue;
      }
      const result = parser.parse(text);
      problems.addUnmatched(commandOf('<port>'), port, result);
      const rec = result.records[0];
      if (rec !== undefined) out.set(port, rec);
    }
    return out;
  };

  const trans = runPorts(showInterfacesEthernetTransceiverParser, transceiverCommand);
  // Onyx has no `diagnostics` keyword for modules without DOM (passive copper): not a problem.
  const noDom = new Set<string>();
  const diag = runPorts(showInterfacesEthernetTransceiverDiagnosticsParser, diagnosticsCommand, (port, refusal) => {
    if (!NO_DIAGNOSTICS_RE.test(refusal)) return false;
    noDom.add(port);
    return true;
  });
  const count = runPorts(showInterfacesEthernetTransceiverCountersParser, countersCommand);
  problems.flush(device, errors);

  const links: SwitchLink[] = ifaces.map((iface) =>
    buildLink(iface, {
      pfc: pfc.get(iface.port),
      tc: tc.get(iface.port),
      rate: rates.get(iface.port),
      trans: trans.get(iface.port),
      diag: diag.get(iface.port),
      noDom: noDom.has(iface.port),
      count: count.get(iface.port),
    }),
  );

  const chassis = inventory.find((r) => r.module === 'CHASSIS');
  const model = noneToUndefined(chassis?.partNumber) ?? noneToUndefined(version?.productModel);
  const serial = noneToUndefined(version?.serial) ?? noneToUndefined(chassis?.serialNumber);

  const psuNames = new Set<string>();
  const psus = (power?.supplies ?? []).map((s) => {
    const name = psuNames.has(s.module) ? `${s.module} ${s.sensor}` : s.module;
    psuNames.add(s.module);
    return component(name, onyxHealth(s.status), s.powerW);
  });
  const info: SwitchInfo = {
    ...(hosts?.hostname !== undefined && { hostname: hosts.hostname }),
    vendor: 'hpe',
    ...(model !== undefined && { model }),
    ...(version?.productRelease !== undefined && { firmwareVersion: version.productRelease }),
    ...(serial !== undefined && { serial }),
    ...(version?.uptimeSeconds !== undefined && { uptimeSeconds: version.uptimeSeconds }),
    psus,
    temperatures: temperatures.map((t) => component(`${t.module} ${t.component} ${t.reg}`, onyxHealth(t.status), t.celsius)),
    fans: fans.map((f) => component(`${f.module} ${f.device} ${f.fan}`, onyxHealth(f.status), f.rpm)),
  };
  return { links, info, errors };
}

