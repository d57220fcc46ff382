/**
 * `show interfaces transceiver dom` (`show int trans dom`): digital optical monitoring per
 * transceiver slot (`Port N`), then per interface of that slot its lanes (`Channel N`).
 *
 *   Port 1
 *   Last update: 0:00:01 ago
 *                                                Value
 *                                           ----------------
 *      Temperature                              45.00 C
 *      Voltage                                   3.22 V
 *   Ethernet1/1
 *      TX bias current
 *         Channel        1                       6.33 mA
 *      Optical TX power
 *         Channel        1                      -0.62 dBm
 *   Ethernet27/1 (Channel 1)                                      <- one lane per interface
 *      TX bias current                          78.14 mA
 *
 * A slot without a module prints `N/A N/A` values and no interface. Temperature and voltage are the
 * module's, shared by every interface of the slot. Lanes keep the module's channel numbers (1-based;
 * the second 4-lane interface of an 8-lane module has channels 5 to 8). `N/A` values are absent.
 */
import type { ParseResult, Parser, Unmatched } from '../../core/parser.js';
import { decimal, isBlank, normalizePort, outputLines } from './common.js';

export interface EosDomLane {
  channel: number;
  txBiasMa?: number;
  txPowerDbm?: number;
  rxPowerDbm?: number;
}

export interface EosDom {
  port: string;
  /** The transceiver slot (`Port 1`). */
  slot?: number;
  /** `Ethernet27/1 (Channel 1)`: the module channel this interface uses. */
  channel?: number;
  lastUpdate?: string;
  /** eAPI only: the module's media type and serial number. */
  mediaType?: string;
  serial?: string;
  temperatureC?: number;
  voltageV?: number;
  lanes: EosDomLane[];
}

type LaneField = 'txBiasMa' | 'txPowerDbm' | 'rxPowerDbm';

const SECTIONS: Readonly<Record<string, { field: LaneField; unit: string }>> = {
  'TX bias current': { field: 'txBiasMa', unit: 'mA' },
  'Optical TX power': { field: 'txPowerDbm', unit: 'dBm' },
  'Optical RX power': { field: 'rxPowerDbm', unit: 'dBm' },
};

const LEGEND_RE = /^(?:Ch: Channel, |mA: milliamperes, )/;
const SLOT_RE = /^Port (\d+)$/;
const LAST_UPDATE_RE = /^Last update: (.+)$/;
const VALUE_HEADER_RE = /^\s+Value$/;
const DASHES_RE = /^\s+-+$/;
const MODULE_RE = /^\s+(Temperature|Voltage)\s+(\S+) (C|V|N\/A)$/;
const IFACE_RE = /^((?:Ethernet|Et)\d\S*)(?: \(Channel (\d+)\))?$/;
const SECTION_RE = /^\s+(TX bias current|Optical TX power|Optical RX power)$/;
const SINGLE_RE = /^\s+(TX bias current|Optical TX power|Optical RX power)\s+(\S+) (mA|dBm|N\/A)$/;
const CHANNEL_RE = /^\s+Channel\s+(\d+)\s+(\S+) (mA|dBm)$/;

interface Slot {
  slot: number;
  lastUpdate?: string;
  /** eAPI only: the module's media type and serial number. */
  mediaType?: string;
  serial?: string;
  temperatureC?: number;
  voltageV?: number;
  interfaces: EosDom[];
}

function setLane(rec: EosDom, channel: number, field: LaneField, value: number | undefined): void {
  let lane = rec.lanes.find((l) => l.channel === channel);
  if (!lane) {
    lane = { channel };
    rec.lanes.push(lane);
  }
  if (value !== undefined) lane[field] = value;
}

export function parseShowInterfacesTransceiverDom(raw: string): ParseResult<EosDom> {
  const lines = outputLines(raw);
  const unmatched: Unmatched[] = [];
  const records: EosDom[] = [];
  let slot: Slot | undefined;
  let iface: EosDom | undefined;
  let section: { field: LaneField; unit: string } | undefined;

  const closeSlot = (): void => {
    if (!slot) return;
    for (const r of slot.interfaces) {
      const out: EosDom = { port: r.port, lanes: [] };
      if (r.channel !== undefined) out.channel = r.channel;
      out.slot = slot.slot;
      if (slot.lastUpdate !== undefined) out.lastUpdate = slot.lastUpdate;
      if (slot.temperatureC !== undefined) out.temperatureC = slot.temperatureC;
      if (slot.voltageV !== undefined) out.voltageV = slot.voltageV;
      const { lanes: _empty, ...head } = out;
      records.push({ ...head, lanes: r.lanes.sort((a, b) => a.channel - b.channel) });
    }
    slot = undefined;
  };

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (isBlank(line)) continue;
    let m: RegExpExecArray | null;

    // Lane rows are most of the output: try them first.
    if (line.startsWith('      Channel') && (m = CHANNEL_RE.exec(line))) {
      const v = decimal(m[2]);
      if (!iface || !section || m[3] !== section.unit || (m[2] !== 'N/A' && v === undefined)) {
        unmatched.push({ line: i + 1, text: line });
        continue;
      }
      setLane(iface, Number(m[1]), section.field, v);
      continue;
    }
    if (LEGEND_RE.test(line)) continue;
    if ((m = SLOT_RE.exec(line))) {
      closeSlot();
      slot = { slot: Number(m[1]), interfaces: [] };
      iface = undefined;
      section = undefined;
      continue;
    }
    if (!slot) {
      unmatched.push({ line: i + 1, text: line });
      continue;
    }
    if ((m = LAST_UPDATE_RE.exec(line))) {
      slot.lastUpdate = m[1];
      continue;
    }
    if (VALUE_HEADER_RE.test(line) || DASHES_RE.test(line)) continue;
    if ((m = MODULE_RE.exec(line))) {
      const naUnit = m[3] === 'N/A';
      const v = decimal(m[2]);
      if (naUnit ? m[2] !== 'N/A' : v === undefined) {
        unmatched.push({ line: i + 1, text: line });
        continue;
      }
      if (m[1] === 'Temperature') slot.temperatureC = v;
      else slot.voltageV = v;
      continue;
    }
    if ((m = IFACE_RE.exec(line))) {
      iface = { port: normalizePort(m[1] ?? ''), lanes: [] };
      if (m[2] !== undefined) iface.channel = Number(m[2]);
      slot.interfaces.push(iface);
      section = undefined;
      continue;
    }
    if ((m = SECTION_RE.exec(line))) {
      section = iface ? SECTIONS[m[1] ?? ''] : undefined;
      if (!section) unmatched.push({ line: i + 1, text: line });
      continue;
    }
    if ((m = SINGLE_RE.exec(line))) {
      const spec = SECTIONS[m[1] ?? ''];
      const na = m[2] === 'N/A';
      const v = decimal(m[2]);
      section = undefined;
      if (!spec || (m[3] === 'N/A' ? !na : m[3] !== spec.unit || (!na && v === undefined))) {
        unmatched.push({ line: i + 1, text: line });
        continue;
      }
      if (!iface) {
        // A slot without a module: every value N/A, nothing to keep.
        if (!na) unmatched.push({ line: i + 1, text: line });
        continue;
      }
      setLane(iface, iface.channel ?? 1, spec.field, v);
      continue;
    }
    unmatched.push({ line: i + 1, text: line });
  }
  closeSlot();
  return { records, unmatched };
}

export const showInterfacesTransceiverDomParser: Parser<EosDom> = {
  id: 'show_interfaces_transceiver_dom',
  command: 'show interfaces transceiver dom',
  parse: parseShowInterfacesTransceiverDom,
};
