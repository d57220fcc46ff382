/**
 * `show power`: one row per power supply sensor, then totals.
 *
 *   -----------------------------------------------------------------------------------------
 *   Module  Device            Sensor  Power   Voltage  Current  Capacity  Feed  Status
 *                                     [Watts] [Volts]  [Amp]    [Watts]
 *   -----------------------------------------------------------------------------------------
 *   PS1     power-mon         input   129.40  234.00   0.55     1100.00   AC    OK
 *
 *   Total power used : 258.57 Watts
 *   Maximum consumed power of all turned on modules: 667.00 Watts
 */
import { splitLines } from '../../core/parser.js';
import type { ParseResult, Parser, Unmatched } from '../../core/parser.js';
import { addField, numberOrUndefined } from './util.js';

export interface OnyxPowerSupply {
  module: string;
  device: string;
  sensor: string;
  powerW?: number;
  voltageV?: number;
  currentA?: number;
  capacityW?: number;
  feed: string;
  /** As printed: `OK`, `NOT PRESENT`, `FAIL`, … */
  status: string;
}

export interface OnyxPower {
  supplies: OnyxPowerSupply[];
  /** The `Total power used : 258.57 Watts`-style lines. */
  totals: Record<string, string>;
}

const RULE_RE = /^-+$/;
const HEADER_RE = /^Module\s+Device\s+Sensor\s+Power\s+Voltage\s+Current\s+Capacity\s+Feed\s+Status$/;
const UNITS_RE = /^\[Watts\]\s+\[Volts\]\s+\[Amp\]\s+\[Watts\]$/;
const NUM = '(-?\\d+(?:\\.\\d+)?|N\\/A|-)';
const ROW_RE = new RegExp(`^(\\S+)\\s+(\\S+)\\s+(\\S+)\\s+${NUM}\\s+${NUM}\\s+${NUM}\\s+${NUM}\\s+(\\S+)\\s+([A-Za-z].*?)$`);
const TOTAL_RE = /^([A-Za-z][^:]*?)\s*:\s*(.+)$/;

export function parseShowPower(raw: string): ParseResult<OnyxPower> {
  const lines = splitLines(raw);
  const unmatched: Unmatched[] = [];
  const rec: OnyxPower = { supplies: [], totals: {} };
  let understood = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const t = line.trim();
    if (t === '' || RULE_RE.test(t)) continue;
    if (HEADER_RE.test(t) || UNITS_RE.test(t)) {
      understood = true;
      continue;
    }
    const indented = /^\s/.test(line);
    const row = indented ? null : ROW_RE.exec(t);
    if (row) {
      understood = true;
      const p = numberOrUndefined(row[4] ?? '');
      const v = numberOrUndefined(row[5] ?? '');
      const c = numberOrUndefined(row[6] ?? '');
      const cap = numberOrUndefined(row[7] ?? '');
      rec.supplies.push({
        module: row[1] ?? '',
        device: row[2] ?? '',
        sensor: row[3] ?? '',
        ...(p !== undefined && { powerW: p }),
        ...(v !== undefined && { voltageV: v }),
        ...(c !== undefined && { currentA: c }),
        ...(cap !== undefined && { capacityW: cap }),
        feed: row[8] ?? '',
        status: row[9] ?? '',
      });
      continue;
    }
    const total = indented ? null : TOTAL_RE.exec(t);
    if (total) {
      understood = true;
      addField(rec.totals, total[1] ?? '', (total[2] ?? '').trim());
      continue;
    }
    unmatched.push({ line: i + 1, text: line });
  }
  return { records: understood ? [rec] : [], unmatched };
}

export const showPowerParser: Parser<OnyxPower> = {
  id: 'show_power',
  command: 'show power',
  parse: parseShowPower,
};
