/**
 * `display transceiver diagnosis interface [<type> [<number>]]` (the sweep sends the seed's
 * `show transceiver diagnosis interface hge <s>/0/<p>`): digital diagnostics of a module.
 *
 *   HundredGigE2/0/1 transceiver diagnostic information:
 *     Current diagnostic parameters:
 *   [module]  Temp.(C)   Voltage(V)     Total RX power(dBm)   Total TX power(dBm)
 *             34         3.29           4.95                  5.64
 *   [channel] Bias(mA)  RX power(dBm)  TX power(dBm)
 *       1     6.50      -1.22          -0.42
 *     Alarm thresholds:
 *             Temp.(C)   Voltage(V)  Bias(mA)  RX power(dBm)  TX power(dBm)
 *       High  75         3.63        15.00     3.40           3.40
 *
 * Single-lane modules print one header and one row of `Temp(°C) Voltage(V) Bias(mA) RX power(dBm)
 * TX power(dBm)` (lane 1). Columns are read by their headings; powers in dBm or mW as printed.
 * A `-inf` power (no light) is -Infinity (null in golden JSON; 0 mW once converted); `N/A`, `--`
 * leave the value out.
 */
import { splitLines } from '../../core/parser.js';
import type { ParseResult, Parser, Unmatched } from '../../core/parser.js';
import { ABSENT_RE, UNSUPPORTED_RE } from './transceiver-common.js';
import { normalizePortName } from './util.js';

export interface DiagValues {
  temperatureC?: number;
  voltageV?: number;
  biasMa?: number;
  rxPowerDbm?: number;
  txPowerDbm?: number;
  rxPowerMw?: number;
  txPowerMw?: number;
  totalRxPowerDbm?: number;
  totalTxPowerDbm?: number;
  totalRxPowerMw?: number;
  totalTxPowerMw?: number;
}

export interface DiagLane {
  /** 1-based, as printed. */
  lane: number;
  biasMa?: number;
  rxPowerDbm?: number;
  txPowerDbm?: number;
  rxPowerMw?: number;
  txPowerMw?: number;
}

export interface TransceiverDiagnosis {
  interface: string;
  absent?: boolean;
  unsupported?: boolean;
  module: DiagValues;
  lanes: DiagLane[];
  /** `High` / `Low` alarm thresholds. */
  thresholds: ({ level: string } & DiagValues)[];
}

type Field = keyof DiagValues;

const HEADER_RE = /^(\S+) transceiver diagnostic information:$/;
const CURRENT_RE = /^Current diagnostic parameters:$/;
const THRESHOLDS_RE = /^Alarm thresholds:$/;
const TAG_RE = /^\[(module|channel)\]\s*/;
const UNIT_RE = /\(([^()]*)\)$/;
const VALUE_RE = /^(?:-?\d+(?:\.\d+)?|-?inf|N\/A|NA|--|-)$/i;

/** Column heading → field, from the words before the unit and the unit. */
function fieldOf(heading: string): Field | undefined {
  const unit = (UNIT_RE.exec(heading)?.[1] ?? '').replace('°', '').toLowerCase();
  const words = heading
    .replace(UNIT_RE, '')
    .replace(/[^A-Za-z ]/g, '')
    .trim()
    .toLowerCase()
    .replace(/\s+/g, ' ');
  if (words === 'temp' || words === 'temperature') return 'temperatureC';
  if (words === 'voltage') return 'voltageV';
  if (words === 'bias' || words === 'bias current') return 'biasMa';
  const mw = unit === 'mw';
  if (unit !== 'dbm' && !mw) return undefined;
  if (words === 'rx power') return mw ? 'rxPowerMw' : 'rxPowerDbm';
  if (words === 'tx power') return mw ? 'txPowerMw' : 'txPowerDbm';
  if (words === 'total rx power') return mw ? 'totalRxPowerMw' : 'totalRxPowerDbm';
  if (words === 'total tx power') return mw ? 'totalTxPowerMw' : 'totalTxPowerDbm';
  return undefined;
}

function value(text: string): number | undefined {
  if (/^-inf$/i.test(text)) return Number.NEGATIVE_INFINITY;
  return /^-?\d+(?:\.\d+)?$/.test(text) ? Number(text) : undefined;
}

export function parseTransceiverDiagnosis(raw: string): ParseResult<TransceiverDiagnosis> {
  const lines = splitLines(raw);
  const unmatched: Unmatched[] = [];
  const records: TransceiverDiagnosis[] = [];
  let cur: TransceiverDiagnosis | undefined;
  let section: 'current' | 'thresholds' | undefined;
  /** The table being read: its kind and its columns' fields. */
  let table: { kind: 'module' | 'channel' | 'plain' | 'thresholds'; fields: (Field | undefined)[] } | undefined;

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const t = line.trim();
    if (t === '') continue;
    let m: RegExpExecArray | null;
    if ((m = HEADER_RE.exec(t))) {
      cur = { interface: normalizePortName(m[1] as string), module: {}, lanes: [], thresholds: [] };
      records.push(cur);
      section = undefined;
      table = undefined;
      continue;
    }
    if (!cur) {
      unmatched.push({ line: i + 1, text: line });
      continue;
    }
    if (ABSENT_RE.test(t)) {
      cur.absent = true;
      continue;
    }
    if (UNSUPPORTED_RE.test(t)) {
      cur.unsupported = true;
      continue;
    }
    if (CURRENT_RE.test(t)) {
      section = 'current';
      table = undefined;
      continue;
    }
    if (THRESHOLDS_RE.test(t)) {
      section = 'thresholds';
      table = undefined;
      continue;
    }
    // A heading line: every column ends with its unit in parentheses.
    const tag = TAG_RE.exec(t);
    const body = tag ? t.slice(tag[0].length) : t;
    const headings = body.split(/\s{2,}/);
    if (section !== undefined && headings.every((h) => UNIT_RE.test(h))) {
      const fields = headings.map(fieldOf);
      const kind = section === 'thresholds' ? 'thresholds' : tag ? (tag[1] as 'module' | 'channel') : 'plain';
      table = { kind, fields };
      continue;
    }
    const w = t.split(/\s+/);
    if (table && w.every((v, k) => VALUE_RE.test(v) || (k === 0 && table?.kind === 'thresholds'))) {
      const lead = table.kind === 'channel' || table.kind === 'thresholds' ? 1 : 0;
      if (w.length === table.fields.length + lead) {
        const vals: DiagValues = {};
        table.fields.forEach((f, k) => {
          const v = value(w[k + lead] as string);
          if (f !== undefined && v !== undefined) vals[f] = v;
        });
        if (table.kind === 'module') {
          Object.assign(cur.module, vals);
        } else if (table.kind === 'thresholds') {
          cur.thresholds.push({ level: w[0] as string, ...vals });
        } else {
          const laneNo = table.kind === 'channel' ? Number(w[0]) : 1;
          if (Number.isInteger(laneNo)) {
            const { temperatureC, voltageV, totalRxPowerDbm, totalTxPowerDbm, totalRxPowerMw, totalTxPowerMw, ...lane } = vals;
            const mod: DiagValues = { temperatureC, voltageV, totalRxPowerDbm, totalTxPowerDbm, totalRxPowerMw, totalTxPowerMw };
            for (const [k, v] of Object.entries(mod)) if (v !== undefined) cur.module[k as Field] = v;
            cur.lanes.push({ lane: laneNo, ...lane });
          } else {
            unmatched.push({ line: i + 1, text: line });
          }
        }
        continue;
      }
    }
    unmatched.push({ line: i + 1, text: line });
  }
  return { records, unmatched };
}

export const showTransceiverDiagnosisParser: Parser<TransceiverDiagnosis> = {
  id: 'show_transceiver_diagnosis',
  command: 'display transceiver diagnosis interface [<type> [<number>]]',
  parse: parseTransceiverDiagnosis,
};
