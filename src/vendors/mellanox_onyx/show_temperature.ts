/**
 * `show temperature`: one row per sensor.
 *
 *   ---------------------------------------------------------
 *   Module      Component              Reg  CurTemp    Status
 *                                           (Celsius)
 *   ---------------------------------------------------------
 *   MGMT        FAN Board AMB temp     T1   23.69      OK
 *   PS1         power-mon              T1   24.75      OK
 *   XXX         some sensor            T1   -          NOT PRESENT     <- no reading
 *
 * The component may hold spaces; the register, reading and status are the last columns.
 */
import { splitLines } from '../../core/parser.js';
import type { ParseResult, Parser, Unmatched } from '../../core/parser.js';
import { numberOrUndefined } from './util.js';

export interface OnyxTemperature {
  module: string;
  component: string;
  reg: string;
  celsius?: number;
  /** As printed: `OK`, `NOT PRESENT`, `FAIL`, … */
  status: string;
}

const RULE_RE = /^-+$/;
const HEADER_RE = /^Module\s+Component\s+Reg\s+CurTemp\s+Status$/;
const UNITS_RE = /^\(Celsius\)$/;
const ROW_RE = /^(\S+)\s+(\S.*?)\s+(\S+)\s+(-?\d+(?:\.\d+)?|N\/A|-)\s+([A-Za-z].*?)$/;

export function parseShowTemperature(raw: string): ParseResult<OnyxTemperature> {
  const lines = splitLines(raw);
  const records: OnyxTemperature[] = [];
  const unmatched: Unmatched[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const t = line.trim();
    if (t === '' || RULE_RE.test(t) || HEADER_RE.test(t) || UNITS_RE.test(t)) continue;
    const m = /^\s/.test(line) ? null : ROW_RE.exec(t);
    if (!m) {
      unmatched.push({ line: i + 1, text: line });
      continue;
    }
    const celsius = numberOrUndefined(m[4] ?? '');
    records.push({
      module: m[1] ?? '',
      component: m[2] ?? '',
      reg: m[3] ?? '',
      ...(celsius !== undefined && { celsius }),
      status: m[5] ?? '',
    });
  }
  return { records, unmatched };
}

export const showTemperatureParser: Parser<OnyxTemperature> = {
  id: 'show_temperature',
  command: 'show temperature',
  parse: parseShowTemperature,
};
