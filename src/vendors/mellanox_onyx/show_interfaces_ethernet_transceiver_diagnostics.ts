/**
 * `show interfaces ethernet <slot>/<port> transceiver diagnostics` (`… trans diag`): the module's
 * DOM readings, per lane (`Ch1`…`Ch8`).
 *
 *   Port 1/2 transceiver diagnostic data:
 *     Temperature (-127C to +127C):                   <- a section header (nothing after the colon)
 *       Temperature          : 26 C
 *       Hi Temp Alarm Thresh : 80 C
 *     Voltage ( 0 to 6.5535 V):
 *       Voltage              : 3.28980 V
 *     Tx Bias Current ( 0 to 131 mA):
 *       Ch1 Tx Current          : 6.60000 mA
 *     Tx Power ( 0 mW to 6.5535 mW / 8.1647 dBm):
 *       Ch1 Tx Power             : 1.01420 mW / 0.06124 dBm
 *     Rx Power ( 0 mW to 6.5535 mW / 8.1647 dBm):
 *       Ch1 Rx Power             : 0.99160 mW / -0.03663 dBm
 *     Vendor Date Code (dd-mm-yyyy): 07-11-2016
 *
 * Modules without diagnostics (passive copper) make Onyx refuse the command
 * (`% Unrecognized command "diag".`): that is the caller's business, not this parser's.
 */
import { splitLines } from '../../core/parser.js';
import type { ParseResult, Parser, Unmatched } from '../../core/parser.js';
import { addField, leadingNumber } from './util.js';

export interface OnyxDomLane {
  /** 1-based, as `ChN`. */
  lane: number;
  txBiasMa?: number;
  txPowerMw?: number;
  txPowerDbm?: number;
  rxPowerMw?: number;
  rxPowerDbm?: number;
}

export interface OnyxTransceiverDiagnostics {
  port?: string;
  /** False when the switch says it has no diagnostic data for the module. */
  available: boolean;
  temperatureC?: number;
  voltageV?: number;
  lanes: OnyxDomLane[];
  vendorDateCode?: string;
  /** Every `key : value` as printed (thresholds, alarms, …). */
  fields: Record<string, string>;
}

const HEADER_RE = /^Port (\d+(?:\/\d+){1,2}) transceiver diagnostic data:$/;
const NO_DATA_RE = /no diagnostic data available/i;
const LANE_KEY_RE = /^Ch(\d+) (Tx Current|Tx Power|Rx Power)$/;
const DBM_RE = /\/\s*(-?\d+(?:\.\d+)?|-inf) dBm$/;

function dbm(value: string): number | undefined {
  const m = DBM_RE.exec(value);
  if (!m || m[1] === '-inf') return undefined;
  return Number(m[1]);
}

export function parseTransceiverDiagnostics(raw: string): ParseResult<OnyxTransceiverDiagnostics> {
  const lines = splitLines(raw);
  const unmatched: Unmatched[] = [];
  const rec: OnyxTransceiverDiagnostics = { available: true, lanes: [], fields: {} };
  const lanes = new Map<number, OnyxDomLane>();
  let understood = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const t = line.trim();
    if (t === '') continue;
    const indented = /^\s/.test(line);
    const h = indented ? null : HEADER_RE.exec(t);
    if (h && rec.port === undefined) {
      rec.port = `Eth${h[1]}`;
      understood = true;
      continue;
    }
    if (NO_DATA_RE.test(t)) {
      rec.available = false;
      understood = true;
      continue;
    }
    const colon = t.indexOf(':');
    if (!indented || colon <= 0 || rec.port === undefined) {
      unmatched.push({ line: i + 1, text: line });
      continue;
    }
    understood = true;
    const key = t.slice(0, colon).trim();
    const value = t.slice(colon + 1).trim();
    if (value === '') continue; // a section header: "Temperature (-127C to +127C):"
    addField(rec.fields, key, value);
    const lk = LANE_KEY_RE.exec(key);
    if (lk) {
      const n = Number(lk[1]);
      let lane = lanes.get(n);
      if (!lane) {
        lane = { lane: n };
        lanes.set(n, lane);
      }
      const v = leadingNumber(value);
      if (lk[2] === 'Tx Current') {
        if (v !== undefined) lane.txBiasMa = v;
      } else if (lk[2] === 'Tx Power') {
        if (v !== undefined) lane.txPowerMw = v;
        const d = dbm(value);
        if (d !== undefined) lane.txPowerDbm = d;
      } else {
        if (v !== undefined) lane.rxPowerMw = v;
        const d = dbm(value);
        if (d !== undefined) lane.rxPowerDbm = d;
      }
      continue;
    }
    if (key === 'Temperature') {
      const v = leadingNumber(value);
      if (v !== undefined) rec.temperatureC = v;
    } else if (key === 'Voltage') {
      const v = leadingNumber(value);
      if (v !== undefined) rec.voltageV = v;
    } else if (key.startsWith('Vendor Date Code')) {
      rec.vendorDateCode = value;
    }
  }
  if (!understood) return { records: [], unmatched };
  const sorted = [...lanes.values()].sort((a, b) => a.lane - b.lane);
  const out: OnyxTransceiverDiagnostics = {
    ...(rec.port !== undefined && { port: rec.port }),
    available: rec.available,
    ...(rec.temperatureC !== undefined && { temperatureC: rec.temperatureC }),
    ...(rec.voltageV !== undefined && { voltageV: rec.voltageV }),
    lanes: sorted.map((l) => ({
      lane: l.lane,
      ...(l.txBiasMa !== undefined && { txBiasMa: l.txBiasMa }),
      ...(l.txPowerMw !== undefined && { txPowerMw: l.txPowerMw }),
      ...(l.txPowerDbm !== undefined && { txPowerDbm: l.txPowerDbm }),
      ...(l.rxPowerMw !== undefined && { rxPowerMw: l.rxPowerMw }),
      ...(l.rxPowerDbm !== undefined && { rxPowerDbm: l.rxPowerDbm }),
    })),
    ...(rec.vendorDateCode !== undefined && { vendorDateCode: rec.vendorDateCode }),
    fields: rec.fields,
  };
  return { records: [out], unmatched };
}

export const showInterfacesEthernetTransceiverDiagnosticsParser: Parser<OnyxTransceiverDiagnostics> = {
  id: 'show_interfaces_ethernet_transceiver_diagnostics',
  command: 'show int eth <slot>/<port> trans diag',
  parse: parseTransceiverDiagnostics,
};
