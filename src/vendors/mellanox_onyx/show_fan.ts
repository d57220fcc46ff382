/**
 * `show fan`: one row per fan.
 *
 *   -----------------------------------------------------------------------
 *   Module            Device                  Fan    Speed     Status
 *                                                    (RPM)
 *   -----------------------------------------------------------------------
 *   FAN1              FAN                     F1     11938.00  OK
 *   PS1               FAN                     F1     13136.00  OK
 *   XXX               some fan                -      -         NOT PRESENT
 */
import { splitLines } from '../../core/parser.js';
import type { ParseResult, Parser, Unmatched } from '../../core/parser.js';
import { numberOrUndefined } from './util.js';

export interface OnyxFan {
  module: string;
  device: string;
  fan: string;
  rpm?: number;
  /** As printed: `OK`, `NOT PRESENT`, `FAIL`, … */
  status: string;
}

const RULE_RE = /^-+$/;
const HEADER_RE = /^Module\s+Device\s+Fan\s+Speed\s+Status$/;
const UNITS_RE = /^\(RPM\)$/;
const ROW_RE = /^(\S+)\s+(\S.*?)\s+(\S+)\s+(-?\d+(?:\.\d+)?|N\/A|-)\s+([A-Za-z].*?)$/;

export function parseShowFan(raw: string): ParseResult<OnyxFan> {
  const lines = splitLines(raw);
  const records: OnyxFan[] = [];
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
    const rpm = numberOrUndefined(m[4] ?? '');
    records.push({
      module: m[1] ?? '',
      device: m[2] ?? '',
      fan: m[3] ?? '',
      ...(rpm !== undefined && { rpm }),
      status: m[5] ?? '',
    });
  }
  return { records, unmatched };
}

export const showFanParser: Parser<OnyxFan> = {
  id: 'show_fan',
  command: 'show fan',
  parse: parseShowFan,
};
