/**
 * Maps the outputs of one HP Comware sweep into normalized links and switch facts. Pure.
 *
 * Normalized counters, per port (`HundredGigE<slot>/0/<port>` everywhere; tables that print
 * `HGE2/0/1` are normalized):
 *   carrier_changes            display link-state-change statistics: Change-times (each down and
 *                              each up counts one). `Last link flapping` has no count: info only.
 *   rx/tx_bytes, rx/tx_packets display interface: Input (total) / Output (total)
 *   rx_errors, tx_errors       Input: … input errors / Output: … output errors
 *   rx_crc_errors, rx_runts    … CRC / … runts
 *   rx_alignment_errors        … frame (frames with a non-integral number of bytes)
 *   rx_discards, tx_discards   display packet-drop: insufficient data buffer Input/Output dropped
 *   rx_pfc_frames, tx_pfc_frames  display priority-flow-control: Recv / Send, all priorities
 *   fec_corrected_codewords,   debug port command … phy/fecstat: uiIntFecCorrect /
 *   fec_uncorrected_codewords  uiIntFecUnCorrect (0xffffffff → 0, as the seed)
 *
 * FEC semantics: uiIntFecCorrect/uiIntFecUnCorrect are read as cumulative 32-bit counters, not as
 * per-read values. The capture shows uiIntFecCorrect=0x14797b (1341819) on a port up for four
 * weeks while the rate registers of the same read (uiIntFecCorrectRate, …UnCorrectRate) are 0: a
 * per-read or per-interval value that large would come with a non-zero rate, a total since the link
 * came up would not; the seed also treats them as counters (its health uses their deltas). Deltas
 * survive 32-bit wraps in health/counters.ts. A 0xffffffff read (no module or no FEC lock) maps to
 * 0 like the seed; the next real read then looks like a reset followed by growth.
 */
import { ErrorCodes, LinkmonError } from '../../core/errors.js';
import type { LinkCounter, Optics, OpticsLane } from '../../core/link.js';
import type { ParseResult, Parser } from '../../core/parser.js';
import type { ComponentHealth, SwitchComponent, SwitchInfo, SwitchLink, SwitchMapResult } from '../switch-driver.js';
import { classifyCommand, PROMPT_RE, REFUSED_RE, type BaseKind, type PortKind } from './commands.js';
import { debugPortCommandFecstatParser, type FecStat } from './debug_port_command_fecstat.js';
import { displayEnvironmentParser, type TemperatureSensor } from './display_environment.js';
import { displayFanParser, type FanTray } from './display_fan.js';
import { displayInterfaceParser, type ComwareInterface } from './display_interface.js';
import { displayLinkStateChangeStatisticsParser, type LinkStateChange } from './display_link_state_change_statistics.js';
import { displayPacketDropParser, type PacketDrop } from './display_packet_drop.js';
import { displayPowerParser, type PowerInfo } from './display_power.js';
import { displayPriorityFlowControlParser, type PfcRow } from './display_priority_flow_control.js';
import { displayVersionParser, type ComwareVersion } from './display_version.js';
import { showTransceiverDiagnosisParser, type TransceiverDiagnosis } from './show_transceiver_diagnosis.js';
import { showTransceiverInterfaceParser, type TransceiverInfo } from './show_transceiver_interface.js';
import { showTransceiverManuinfoParser, type TransceiverManuinfo } from './show_transceiver_manuinfo.js';
import { comwareMacToColons, dbmToMw, hasField, hgeName } from './util.js';

interface Output {
  readonly command: string;
  readonly text: string;
}

/** Normalized counter ← display interface counter keys, in order of preference. */
const INTERFACE_COUNTERS: readonly [LinkCounter, readonly string[]][] = [
  ['rx_bytes', ['input_total.bytes', 'input.bytes']],
  ['tx_bytes', ['output_total.bytes', 'output.bytes']],
  ['rx_packets', ['input_total.packets', 'input.packets']],
  ['tx_packets', ['output_total.packets', 'output.packets']],
  ['rx_errors', ['input.input_errors', 'input.errors']],
  ['tx_errors', ['output.output_errors', 'output.errors']],
  ['rx_crc_errors', ['input.crc']],
  ['rx_runts', ['input.runts']],
  ['rx_alignment_errors', ['input.frame']],
];

const BASE_PARSERS: Readonly<Record<BaseKind, Parser<unknown>>> = {
  interface: displayInterfaceParser,
  link_state: displayLinkStateChangeStatisticsParser,
  pfc: displayPriorityFlowControlParser,
  packet_drop: displayPacketDropParser,
  version: displayVersionParser,
  environment: displayEnvironmentParser,
  power: displayPowerParser,
  fan: displayFanParser,
};

const PORT_PARSERS: Readonly<Record<PortKind, Parser<unknown>>> = {
  fecstat: debugPortCommandFecstatParser,
  diagnosis: showTransceiverDiagnosisParser,
  transceiver: showTransceiverInterfaceParser,
  manuinfo: showTransceiverManuinfoParser,
};

/** `Packets dropped due to STP non-forwarding state` → `stp_non_forwarding_state`. */
function reasonKey(reason: string): string {
  return reason
    .replace(/^Packets dropped due to\s+/i, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
}

function statusHealth(status: string | undefined): ComponentHealth {
  switch (status?.trim().toLowerCase()) {
    case 'normal':
      return 0;
    case 'absent':
      return 1;
    case 'fault':
      return 2;
    default:
      return 3;
  }
}

/** The seed's rule: above Alarm → 2, above Warning → 1, no threshold or no reading → 3, else 0. */
function temperatureHealth(s: TemperatureSensor): ComponentHealth {
  const t = s.temperatureC;
  if (t === undefined || t < 0) return 3;
  if (s.alarmC !== undefined && t > s.alarmC) return 2;
  if (s.warningC !== undefined && t > s.warningC) return 1;
  if (s.alarmC === undefined || s.warningC === undefined) return 3;
  return 0;
}

function operStateOf(iface: ComwareInterface): { operState?: string; carrier?: boolean } {
  if (iface.state === undefined) return {};
  const s = iface.state.replace(/\s+/g, ' ').trim().toLowerCase();
  if (s.includes('administratively')) return { operState: 'administratively down' };
  if (s === 'up') {
    const protocolUp = iface.lineProtocol === undefined || /^up\b/i.test(iface.lineProtocol);
    return { operState: protocolUp ? 'up' : 'down', carrier: true };
  }
  if (s === 'stp down') return { operState: s, carrier: true };
  return { operState: s, carrier: false };
}

/** A prompt left on the output's last line (the session pool removes it; other callers may not). */
function lastPromptHost(text: string): { text: string; host?: string } {
  let end = text.length;
  while (end > 0 && /\s/.test(text[end - 1] as string)) end--;
  const nl = text.lastIndexOf('\n', end - 1);
  if (end - nl > 256) return { text };
  const m = PROMPT_RE.exec(text.slice(nl + 1, end));
  if (!m) return { text };
  const host = (m[1] ?? m[2] ?? '').replace(/-probe$/, '');
  return { text: nl < 0 ? '' : text.slice(0, nl + 1), host: host === '' ? undefined : host };
}

const REFUSED_LINE_RE = new RegExp(REFUSED_RE.source, `${REFUSED_RE.flags.replace(/[gmy]/g, '')}m`);

function firstRefusal(text: string): string | undefined {
  return REFUSED_LINE_RE.exec(text)?.[0].trim();
}

export function mapComware(outputs: ReadonlyMap<string, string>, device: string): SwitchMapResult {
  const errors: LinkmonError[] = [];
  const base = new Map<BaseKind, Output>();
  const perPort = new Map<string, Map<PortKind, Output>>();
  let hostname: string | undefined;

  for (const [command, raw] of outputs) {
    const kind = classifyCommand(command);
    if (!kind) continue;
    const stripped = lastPromptHost(raw);
    if (stripped.host !== undefined) hostname = stripped.host;
    const out: Output = { command, text: stripped.text };
    if ('slot' in kind) {
      const port = hgeName(kind.slot, kind.port);
      let m = perPort.get(port);
      if (!m) perPort.set(port, (m = new Map()));
      m.set(kind.kind, out);
    } else {
      base.set(kind.kind, out);
    }
  }

  const parse = <R>(parser: Parser<R>, out: Output): R[] | undefined => {
    const refused = firstRefusal(out.text);
    if (refused !== undefined) {
      errors.push(new LinkmonError(ErrorCodes.SWITCH_COMMAND_REFUSED, `"${out.command}" refused: ${refused}`, { target: device, severity: 'warning' }));
      return undefined;
    }
    const result: ParseResult<R> = parser.parse(out.text);
    if (result.unmatched.length > 0) {
      const first = result.unmatched[0];
      const sample = first ? ` (first: line ${first.line}: ${JSON.stringify(first.text.slice(0, 80))})` : '';
      errors.push(
        new LinkmonError(ErrorCodes.PARSE_UNMATCHED, `${out.command}: ${result.unmatched.length} line(s) not understood${sample}`, {
          target: device,
          severity: 'warning',
        }),
      );
    }
    return [...result.records];
  };

  const baseRecords = <R>(kind: BaseKind): R[] | undefined => {
    const out = base.get(kind);
    if (out === undefined) {
      const severity = kind === 'interface' ? 'error' : 'warning';
      const what = kind === 'interface' ? ': no ports can be reported' : '';
      errors.push(
        new LinkmonError(ErrorCodes.SWITCH_COMMAND_REFUSED, `no output of the ${kind.replace('_', '-')} command (refused or not run)${what}`, {
          target: device,
          severity,
        }),
      );
      return undefined;
    }
    return parse(BASE_PARSERS[kind] as Parser<R>, out);
  };

  const recs = {
    interface: baseRecords<ComwareInterface>('interface'),
    link_state: baseRecords<LinkStateChange>('link_state'),
    pfc: baseRecords<PfcRow>('pfc'),
    packet_drop: baseRecords<PacketDrop>('packet_drop'),
    version: baseRecords<ComwareVersion>('version'),
    environment: baseRecords<TemperatureSensor>('environment'),
    power: baseRecords<PowerInfo>('power'),
    fan: baseRecords<FanTray>('fan'),
  };

  const byPort = <T extends { interface: string }>(rows: readonly T[] | undefined): Map<string, T[]> => {
    const m = new Map<string, T[]>();
    for (const r of rows ?? []) {
      let l = m.get(r.interface);
      if (!l) m.set(r.interface, (l = []));
      l.push(r);
    }
    return m;
  };
  const linkState = byPort(recs.link_state);
  const pfc = byPort(recs.pfc);
  const drops = byPort(recs.packet_drop);

  const links: SwitchLink[] = [];
  const seen = new Set<string>();
  for (const iface of recs.interface ?? []) {
    if (seen.has(iface.name)) continue;
    seen.add(iface.name);
    const port = iface.name;
    const counters: Partial<Record<LinkCounter, bigint>> = {};
    const raw = new Map<string, bigint>();
    const info: Record<string, string> = {};

    for (const [k, v] of Object.entries(iface.counters)) raw.set(`comware.${k}`, v);
    for (const [field, keys] of INTERFACE_COUNTERS) {
      for (const k of keys) {
        if (hasField(iface.counters, k)) {
          counters[field] = iface.counters[k] as bigint;
          break;
        }
      }
    }
    if (iface.state !== undefined) info.state = iface.state;
    if (iface.lineProtocol !== undefined) info.line_protocol = iface.lineProtocol;
    if (iface.portHardwareType !== undefined) info.port_hardware_type = iface.portHardwareType;
    if (iface.mediaType !== undefined) info.media_type = iface.mediaType;
    if (iface.duplex !== undefined) info.duplex = iface.duplex;
    if (iface.bandwidthKbps !== undefined) info.bandwidth_kbps = String(iface.bandwidthKbps);
    if (iface.maxFrameLength !== undefined) info.max_frame_length = String(iface.maxFrameLength);
    if (iface.mtu !== undefined) info.mtu = String(iface.mtu);
    if (iface.lastLinkFlapping !== undefined) info.last_link_flapping = iface.lastLinkFlapping;
    if (iface.lastHardwareDownReason !== undefined) info.last_hardware_down_reason = iface.lastHardwareDownReason;
    if (iface.lastClearing !== undefined) info.last_clearing_of_counters = iface.lastClearing;
    if (iface.inputBytesPerSec !== undefined) info.rx_kbps = String(Math.round((iface.inputBytesPerSec * 8) / 1000));
    if (iface.outputBytesPerSec !== undefined) info.tx_kbps = String(Math.round((iface.outputBytesPerSec * 8) / 1000));

    const lsc = linkState.get(port)?.[0];
    if (lsc) {
      counters.carrier_changes = lsc.changeTimes;
      raw.set('link_state.change_times', lsc.changeTimes);
      if (lsc.lastChangeTime !== 'Never') info.last_change_time = lsc.lastChangeTime;
    }

    const pfcRows = pfc.get(port);
    if (pfcRows) {
      let rx: bigint | undefined;
      let tx: bigint | undefined;
      for (const r of pfcRows) {
        const prio = r.priority === undefined ? 'all' : `prio${r.priority}`;
        if (r.received !== undefined) {
          rx = (rx ?? 0n) + r.received;
          raw.set(`pfc.${prio}.received`, r.received);
        }
        if (r.sent !== undefined) {
          tx = (tx ?? 0n) + r.sent;
          raw.set(`pfc.${prio}.sent`, r.sent);
        }
      }
      if (rx !== undefined) counters.rx_pfc_frames = rx;
      if (tx !== undefined) counters.tx_pfc_frames = tx;
      const first = pfcRows[0] as PfcRow;
      info.pfc_admin_mode = first.adminMode;
      info.pfc_oper_mode = first.operMode;
      if (first.dot1pList !== undefined) info.pfc_priorities = first.dot1pList;
    }

    const drop = drops.get(port)?.[0];
    if (drop) {
      if (drop.inputBufferDropped !== undefined) {
        counters.rx_discards = drop.inputBufferDropped;
        raw.set('packet_drop.input_buffer', drop.inputBufferDropped);
      }
      if (drop.outputBufferDropped !== undefined) {
        counters.tx_discards = drop.outputBufferDropped;
        raw.set('packet_drop.output_buffer', drop.outputBufferDropped);
      }
      for (const [reason, v] of Object.entries(drop.reasons)) raw.set(`packet_drop.${reasonKey(reason)}`, v);
    }

    // Per-port commands: only for ports display interface listed (the first sweep's grid also
    // reaches positions without a port).
    const mine = perPort.get(port);
    const one = <R>(kind: PortKind): R | undefined => {
      const out = mine?.get(kind);
      if (out === undefined) return undefined;
      const rows = parse(PORT_PARSERS[kind] as Parser<R>, out);
      return rows?.[0];
    };
    const fec = one<FecStat>('fecstat');
    if (fec) {
      if (fec.corrected !== undefined) counters.fec_corrected_codewords = fec.corrected;
      if (fec.uncorrected !== undefined) counters.fec_uncorrected_codewords = fec.uncorrected;
      for (const [name, v] of Object.entries(fec.registers)) raw.set(`fecstat.${name}`, v);
      if (fec.fecmoncnt !== undefined) raw.set('fecstat.fecmoncnt', fec.fecmoncnt);
      if (fec.correctedInvalid || fec.uncorrectedInvalid) info.fecstat = 'no value (0xffffffff)';
      if (fec.time !== undefined) info.fecstat_time = fec.time;
    }
    const optics = opticsOf(one<TransceiverDiagnosis>('diagnosis'), one<TransceiverInfo>('transceiver'), one<TransceiverManuinfo>('manuinfo'), info);

    const { operState, carrier } = operStateOf(iface);
    const speedMbps = iface.speedMbps ?? (iface.bandwidthKbps !== undefined ? Math.round(iface.bandwidthKbps / 1000) : undefined);
    links.push({
      port,
      ...(iface.mac !== undefined && { mac: comwareMacToColons(iface.mac) }),
      ...(iface.description !== undefined && { description: iface.description }),
      ...(speedMbps !== undefined && speedMbps > 0 && { speedMbps }),
      ...(operState !== undefined && { operState }),
      ...(carrier !== undefined && { carrier }),
      counters,
      laneCounters: {},
      ...(optics !== undefined && { optics }),
      raw,
      info,
    });
  }

  return { links, info: switchInfo(recs, hostname), errors };
}

function opticsOf(
  diag: TransceiverDiagnosis | undefined,
  xcvr: TransceiverInfo | undefined,
  manu: TransceiverManuinfo | undefined,
  info: Record<string, string>,
): Optics | undefined {
  if (xcvr?.absent || diag?.absent || manu?.absent) info.transceiver = 'absent';
  if (xcvr?.type !== undefined) info.transceiver_type = xcvr.type;
  if (diag?.unsupported) info.transceiver_diagnosis = 'not supported';
  const present = (xcvr !== undefined && !xcvr.absent) || (diag !== undefined && !diag.absent) || (manu !== undefined && !manu.absent);
  if (!present) return undefined;
  const lanes: OpticsLane[] = (diag?.absent ? [] : (diag?.lanes ?? [])).map((l) => {
    const tx = l.txPowerMw ?? (l.txPowerDbm !== undefined ? dbmToMw(l.txPowerDbm) : undefined);
    const rx = l.rxPowerMw ?? (l.rxPowerDbm !== undefined ? dbmToMw(l.rxPowerDbm) : undefined);
    return {
      lane: l.lane,
      ...(l.biasMa !== undefined && { txBiasMa: l.biasMa }),
      ...(tx !== undefined && { txPowerMw: tx }),
      ...(rx !== undefined && { rxPowerMw: rx }),
    };
  });
  const x = xcvr?.absent ? undefined : xcvr;
  const mi = manu?.absent ? undefined : manu;
  const vendor = x?.vendorName ?? mi?.vendorName;
  const serial = mi?.serial ?? x?.serial;
  const d = diag?.absent ? undefined : diag?.module;
  return {
    ...(x?.type !== undefined && { identifier: x.type }),
    ...(vendor !== undefined && { vendor }),
    ...(x?.partNumber !== undefined && { partNumber: x.partNumber }),
    ...(serial !== undefined && { serial }),
    ...(d?.temperatureC !== undefined && { temperatureC: d.temperatureC }),
    ...(d?.voltageV !== undefined && { voltageV: d.voltageV }),
    lanes,
  };
}

function switchInfo(
  recs: { version?: ComwareVersion[]; environment?: TemperatureSensor[]; power?: PowerInfo[]; fan?: FanTray[] },
  hostname: string | undefined,
): SwitchInfo {
  const v = recs.version?.[0];

  const temperatures: SwitchComponent[] = [];
  const names = new Set<string>();
  for (const s of recs.environment ?? []) {
    // The seed's names: `slot 2 chip 0`, then `slot 2 chip 0 2`, … for repeated sensors.
    const desc = `slot ${s.slot} ${s.sensor}`;
    let name = desc;
    for (let k = 2; names.has(name); k++) name = `${desc} ${k}`;
    names.add(name);
    temperatures.push({ name, health: temperatureHealth(s), ...(s.temperatureC !== undefined && { value: s.temperatureC }) });
  }

  const psus: SwitchComponent[] = [];
  for (const p of recs.power?.[0]?.supplies ?? []) {
    const health = statusHealth(p.state);
    const value = health === 1 ? undefined : p.outPowerW;
    psus.push({ name: `PSU${p.id}`, health, ...(value !== undefined && { value }) });
  }

  const fans: SwitchComponent[] = [];
  for (const tray of recs.fan ?? []) {
    const health = statusHealth(tray.status);
    if (tray.fans.length === 0) fans.push({ name: tray.name, health });
    for (const f of tray.fans) fans.push({ name: `${tray.name} / ${f.id}`, health, ...(f.rpm !== undefined && { value: f.rpm }) });
  }

  return {
    ...(hostname !== undefined && { hostname }),
    vendor: 'hpe',
    ...(v?.model !== undefined && { model: v.model }),
    ...(v?.version !== undefined && { firmwareVersion: v.version }),
    ...(v?.uptimeSeconds !== undefined && { uptimeSeconds: v.uptimeSeconds }),
    psus,
    temperatures,
    fans,
  };
}
