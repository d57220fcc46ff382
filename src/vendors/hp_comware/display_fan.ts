/**
 * `display fan`: one section per fan tray with its status and the speed of each fan.
 *
 *    Fan-tray 1:
 *    Status    : Normal
 *    Fan Type  : LSXM108XFANH
 *    Fan number: 3
 *    Fan mode  : Auto
 *    Airflow Direction: Fan-Panel-Exhaust
 *    Fan  Speed(rpm)
 *    ---  ----------
 *     1   7122
 */
import { splitLines } from '../../core/parser.js';
import type { ParseResult, Parser, Unmatched } from '../../core/parser.js';
import { hasField, num, setField } from './util.js';

export interface FanTray {
  /** `Fan-tray 1`. */
  name: string;
  /** `Normal`, `Absent`, `Fault`, … */
  status?: string;
  fields: Record<string, string>;
  fans: { id: number; rpm?: number }[];
}

const TRAY_RE = /^(Fan[- ]?tray\s*\d+)\s*:$/i;
const STATUS_RE = /^Status\s*:\s*(.*)$/;
const HEADER_RE = /^Fan\s+Speed\(rpm\)$/;
const RULE_RE = /^-+\s+-+$/;
const ROW_RE = /^(\d+)\s+(\d+|--|N\/A|NA)$/;
const KEY_VALUE_RE = /^([A-Za-z][A-Za-z ]*?)\s*:\s*(.*)$/;

export function parseDisplayFan(raw: string): ParseResult<FanTray> {
  const lines = splitLines(raw);
  const unmatched: Unmatched[] = [];
  const records: FanTray[] = [];
  let tray: FanTray | undefined;

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const t = line.trim();
    if (t === '') continue;
    let m: RegExpExecArray | null;
    if ((m = TRAY_RE.exec(t))) {
      tray = { name: (m[1] as string).replace(/\s+/g, ' '), fields: {}, fans: [] };
      records.push(tray);
      continue;
    }
    if (tray) {
      if (HEADER_RE.test(t) || RULE_RE.test(t)) continue;
      if ((m = STATUS_RE.exec(t))) {
        tray.status = (m[1] as string).trim();
        continue;
      }
      if ((m = ROW_RE.exec(t))) {
        const fan: { id: number; rpm?: number } = { id: Number(m[1]) };
        const rpm = num(m[2]);
        if (rpm !== undefined) fan.rpm = rpm;
        tray.fans.push(fan);
        continue;
      }
      if ((m = KEY_VALUE_RE.exec(t))) {
        const key = (m[1] as string).replace(/\s+/g, ' ');
        if (!hasField(tray.fields, key)) setField(tray.fields, key, (m[2] as string).trim());
        continue;
      }
    }
    unmatched.push({ line: i + 1, text: line });
  }
  return { records, unmatched };
}

export const displayFanParser: Parser<FanTray> = {
  id: 'display_fan',
  command: 'display fan',
  parse: parseDisplayFan,
};
