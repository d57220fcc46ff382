/**
 * `display environment`: temperature sensors with their thresholds (°C).
 *
 *    System temperature information (degree centigrade):
 *    ----------------------------------------------------------------------
 *    Slot  Sensor    Temperature  Lower  Warning  Alarm  Shutdown
 *    0     inflow  1 31           0      48       60     NA
 *    2     chip    0 76           0      88       102    110
 *
 * The sensor name is everything between the slot and the last five columns (`inflow 1`, blanks
 * collapsed); `NA` thresholds are left out.
 */
import { splitLines } from '../../core/parser.js';
import type { ParseResult, Parser, Unmatched } from '../../core/parser.js';
import { num } from './util.js';

export interface TemperatureSensor {
  slot: number;
  sensor: string;
  temperatureC?: number;
  lowerC?: number;
  warningC?: number;
  alarmC?: number;
  shutdownC?: number;
}

const TITLE_RE = /^System temperature information \(degree centigrade\):$/;
const RULE_RE = /^-{10,}$/;
const HEADER_RE = /^Slot\s+Sensor\s+Temperature\s+Lower\s+Warning\s+Alarm\s+Shutdown$/;
const VALUE_RE = /^(?:-?\d+(?:\.\d+)?|NA|N\/A|--)$/;

export function parseDisplayEnvironment(raw: string): ParseResult<TemperatureSensor> {
  const lines = splitLines(raw);
  const unmatched: Unmatched[] = [];
  const records: TemperatureSensor[] = [];

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const t = line.trim();
    if (t === '' || TITLE_RE.test(t) || RULE_RE.test(t) || HEADER_RE.test(t)) continue;
    const w = t.split(/\s+/);
    const n = w.length;
    if (n >= 7 && /^\d+$/.test(w[0] as string) && w.slice(n - 5).every((v) => VALUE_RE.test(v))) {
      const rec: TemperatureSensor = { slot: Number(w[0]), sensor: w.slice(1, n - 5).join(' ') };
      const [temp, lower, warning, alarm, shutdown] = w.slice(n - 5).map(num);
      if (temp !== undefined) rec.temperatureC = temp;
      if (lower !== undefined) rec.lowerC = lower;
      if (warning !== undefined) rec.warningC = warning;
      if (alarm !== undefined) rec.alarmC = alarm;
      if (shutdown !== undefined) rec.shutdownC = shutdown;
      records.push(rec);
      continue;
    }
    unmatched.push({ line: i + 1, text: line });
  }
  return { records, unmatched };
}

export const displayEnvironmentParser: Parser<TemperatureSensor> = {
  id: 'display_environment',
  command: 'display environment',
  parse: parseDisplayEnvironment,
};
