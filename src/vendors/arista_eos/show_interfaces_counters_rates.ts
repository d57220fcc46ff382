/**
 * `show interfaces counters rates` (`show int count rate`): traffic rates per port over the
 * averaging interval. The description column is truncated and may run into the next one, so rows
 * are read from the right: the last seven columns are numbers, the first is the port, the rest the
 * name.
 *
 *   Port      Name        Intvl   In Mbps      %  In Kpps  Out Mbps      % Out Kpps
 *   Et1/1     L3 to sc-r1  0:05      10.1   0.0%        0       5.1   0.0%        0
 *   Ma1                    0:05       0.0   0.0%        0       0.0   0.0%        0
 */
import type { ParseResult, Parser, Unmatched } from '../../core/parser.js';
import { decimal, normalizePort, outputLines, tokens } from './common.js';

export interface EosRates {
  port: string;
  /** The description as printed (truncated by the switch). */
  name: string;
  /** Averaging interval `m:ss`. */
  interval: string;
  inMbps: number;
  inPercent: number;
  inKpps: number;
  outMbps: number;
  outPercent: number;
  outKpps: number;
}

const HEADER_RE = /^Port\s+Name\s+Intvl\s+In Mbps\s+%\s+In Kpps\s+Out Mbps\s+%\s+Out Kpps\s*$/;
const INTERVAL_RE = /^\d+:\d\d$/;
const PERCENT_RE = /^(\d+(?:\.\d+)?)%$/;

function percent(text: string | undefined): number | undefined {
  const m = PERCENT_RE.exec(text ?? '');
  return m ? Number(m[1]) : undefined;
}

export function parseShowInterfacesCountersRates(raw: string): ParseResult<EosRates> {
  const lines = outputLines(raw);
  const unmatched: Unmatched[] = [];
  const records: EosRates[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (line.trim() === '' || HEADER_RE.test(line)) continue;
    const tok = tokens(line);
    const n = tok.length;
    const port = /^\S/.test(line) ? tok[0] : undefined;
    const interval = tok[n - 7];
    const vals = [decimal(tok[n - 6]), percent(tok[n - 5]), decimal(tok[n - 4]), decimal(tok[n - 3]), percent(tok[n - 2]), decimal(tok[n - 1])];
    const [inMbps, inPercent, inKpps, outMbps, outPercent, outKpps] = vals;
    if (
      n < 8 ||
      port === undefined ||
      interval === undefined ||
      !INTERVAL_RE.test(interval) ||
      inMbps === undefined ||
      inPercent === undefined ||
      inKpps === undefined ||
      outMbps === undefined ||
      outPercent === undefined ||
      outKpps === undefined
    ) {
      unmatched.push({ line: i + 1, text: line });
      continue;
    }
    // The name is the text between the port and the interval, as printed.
    const nameStart = line.indexOf(port) + port.length;
    const intervalAt = line.lastIndexOf(` ${interval} `, line.length) + 1;
    const name = line.slice(nameStart, intervalAt > nameStart ? intervalAt : nameStart).trim();
    records.push({ port: normalizePort(port), name, interval, inMbps, inPercent, inKpps, outMbps, outPercent, outKpps });
  }
  return { records, unmatched };
}

export const showInterfacesCountersRatesParser: Parser<EosRates> = {
  id: 'show_interfaces_counters_rates',
  command: 'show interfaces counters rates',
  parse: parseShowInterfacesCountersRates,
};
