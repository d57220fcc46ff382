/**
 * `display power`: the power summary, one row per power supply, reserved power per slot and the
 * power of the fans.
 *
 *    Power supply policy     : Enabled
 *    Total power             : 24000W
 *
 *    PowerID State     InPower(W)  Current(A)  Voltage(V)  OutPower(W)     Type        Input
 *     1      Normal      3000       10.75        54.04       580.93     PSR3000-54A     AC
 *
 *    Information about reserved power:
 *     Slot  Status  Power(W)   Remarks
 *      0    Normal     34      Powered on
 *
 *    Power information for fans:
 *     Fan[1]: 1000W
 *
 * Supply rows are read by the header's columns (a multi-word `Type` takes the extra words), so
 * layouts with other columns (`Mode`, `Power(W)`) are read too; every cell is kept in `columns`.
 */
import { splitLines } from '../../core/parser.js';
import type { ParseResult, Parser, Unmatched } from '../../core/parser.js';
import { hasField, num, setField } from './util.js';

export interface PowerSupply {
  id: number;
  /** `Normal`, `Absent`, `Fault`, `Sleeping`, … */
  state: string;
  inPowerW?: number;
  currentA?: number;
  voltageV?: number;
  outPowerW?: number;
  type?: string;
  input?: string;
  /** Every cell by its column heading. */
  columns: Record<string, string>;
}

export interface ReservedPower {
  slot: number;
  status: string;
  powerW?: number;
  remarks?: string;
}

export interface PowerInfo {
  /** Summary `key : value` lines (`Total power` → `24000W`). */
  summary: Record<string, string>;
  supplies: PowerSupply[];
  reserved: ReservedPower[];
  /** `Fan[1]: 1000W` → { name: 'Fan[1]', powerW: 1000 }. */
  fans: { name: string; powerW?: number }[];
}

const SUPPLY_HEADER_RE = /^PowerID\s+State\b/;
const RESERVED_TITLE_RE = /^Information about reserved power:$/;
const RESERVED_HEADER_RE = /^Slot\s+Status\s+Power\(W\)\s+Remarks$/;
const RESERVED_ROW_RE = /^(\d+)\s+(\S+)\s+(\S+)(?:\s+(.*))?$/;
const FANS_TITLE_RE = /^Power information for fans:$/;
const FAN_ROW_RE = /^(Fan\[\d+\])\s*:\s*(\S+?)W?$/;
const SLOT_RE = /^Slot \d+:$/;
const SUMMARY_RE = /^([A-Za-z][A-Za-z ]*?)\s*:\s*(.*)$/;

const SUPPLY_FIELDS: Readonly<Record<string, 'inPowerW' | 'currentA' | 'voltageV' | 'outPowerW'>> = {
  'InPower(W)': 'inPowerW',
  'Current(A)': 'currentA',
  'Voltage(V)': 'voltageV',
  'OutPower(W)': 'outPowerW',
  'Power(W)': 'outPowerW',
};

export function parseDisplayPower(raw: string): ParseResult<PowerInfo> {
  const lines = splitLines(raw);
  const unmatched: Unmatched[] = [];
  const rec: PowerInfo = { summary: {}, supplies: [], reserved: [], fans: [] };
  let section: 'summary' | 'supplies' | 'reserved' | 'fans' = 'summary';
  let columns: string[] = [];
  let any = false;

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const t = line.trim();
    if (t === '') continue;
    any = true;
    if (SUPPLY_HEADER_RE.test(t)) {
      section = 'supplies';
      columns = t.split(/\s+/);
      continue;
    }
    if (RESERVED_TITLE_RE.test(t)) {
      section = 'reserved';
      continue;
    }
    if (FANS_TITLE_RE.test(t)) {
      section = 'fans';
      continue;
    }
    if (SLOT_RE.test(t)) continue;
    let m: RegExpExecArray | null;
    if (section === 'supplies') {
      const w = t.split(/\s+/);
      // Rows may leave trailing columns empty (`3  Sleeping  AC  0.00 …` without FanDirection).
      if (w.length >= 2 && columns.length > 0 && /^\d+$/.test(w[0] as string)) {
        // Extra words belong to a multi-word Type (`Added by theo`).
        const extra = Math.max(0, w.length - columns.length);
        const typeAt = columns.indexOf('Type');
        if (extra > 0 && typeAt < 0) {
          unmatched.push({ line: i + 1, text: line });
          continue;
        }
        const cells: string[] = [];
        for (let c = 0, k = 0; c < columns.length; c++) {
          const width = c === typeAt ? 1 + extra : 1;
          cells.push(w.slice(k, k + width).join(' '));
          k += width;
        }
        const supply: PowerSupply = { id: Number(w[0]), state: cells[1] ?? '', columns: {} };
        columns.forEach((col, c) => {
          const cell = cells[c];
          if (cell === undefined || cell === '') return;
          setField(supply.columns, col, cell);
          const f = hasField(SUPPLY_FIELDS, col) ? SUPPLY_FIELDS[col] : undefined;
          const v = num(cell);
          if (f !== undefined && v !== undefined) supply[f] = v;
        });
        if (hasField(supply.columns, 'Type')) supply.type = supply.columns.Type;
        if (hasField(supply.columns, 'Input')) supply.input = supply.columns.Input;
        rec.supplies.push(supply);
        continue;
      }
    } else if (section === 'reserved') {
      if (RESERVED_HEADER_RE.test(t)) continue;
      if ((m = RESERVED_ROW_RE.exec(t))) {
        const r: ReservedPower = { slot: Number(m[1]), status: m[2] as string };
        const p = num(m[3]);
        if (p !== undefined) r.powerW = p;
        if (m[4] !== undefined) r.remarks = m[4];
        rec.reserved.push(r);
        continue;
      }
    } else if (section === 'fans') {
      if ((m = FAN_ROW_RE.exec(t))) {
        const f: { name: string; powerW?: number } = { name: m[1] as string };
        const p = num(m[2]);
        if (p !== undefined) f.powerW = p;
        rec.fans.push(f);
        continue;
      }
    } else if ((m = SUMMARY_RE.exec(t))) {
      const key = (m[1] as string).replace(/\s+/g, ' ');
      if (!hasField(rec.summary, key)) setField(rec.summary, key, (m[2] as string).trim());
      continue;
    }
    unmatched.push({ line: i + 1, text: line });
  }
  return { records: any ? [rec] : [], unmatched };
}

export const displayPowerParser: Parser<PowerInfo> = {
  id: 'display_power',
  command: 'display power',
  parse: parseDisplayPower,
};
