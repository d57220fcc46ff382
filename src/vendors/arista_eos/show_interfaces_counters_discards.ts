/**
 * `show interfaces counters discards` (`show int count disc`): input and output discards per port,
 * then the switch totals.
 *
 *   Port               InDiscards    OutDiscards
 *   --------------- ---------------- -----------
 *   Et1/1                       4          69804
 *   ---------           ---------      ---------
 *   Totals                6103312       35892785
 */
import type { ParseResult, Parser, Unmatched } from '../../core/parser.js';
import { normalizePort, outputLines, u64 } from './common.js';

export type EosDiscards =
  | { kind: 'port'; port: string; inDiscards: bigint; outDiscards: bigint }
  | { kind: 'total'; inDiscards: bigint; outDiscards: bigint };

const HEADER_RE = /^Port\s+InDiscards\s+OutDiscards\s*$/;
const DASHES_RE = /^[-\s]+$/;
const ROW_RE = /^(\S+)\s+(\d+)\s+(\d+)\s*$/;

export function parseShowInterfacesCountersDiscards(raw: string): ParseResult<EosDiscards> {
  const lines = outputLines(raw);
  const unmatched: Unmatched[] = [];
  const records: EosDiscards[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (line.trim() === '' || HEADER_RE.test(line) || DASHES_RE.test(line)) continue;
    const m = ROW_RE.exec(line);
    const inD = u64(m?.[2]);
    const outD = u64(m?.[3]);
    if (!m || inD === undefined || outD === undefined) {
      unmatched.push({ line: i + 1, text: line });
      continue;
    }
    if (m[1] === 'Totals') records.push({ kind: 'total', inDiscards: inD, outDiscards: outD });
    else records.push({ kind: 'port', port: normalizePort(m[1] ?? ''), inDiscards: inD, outDiscards: outD });
  }
  return { records, unmatched };
}

export const showInterfacesCountersDiscardsParser: Parser<EosDiscards> = {
  id: 'show_interfaces_counters_discards',
  command: 'show interfaces counters discards',
  parse: parseShowInterfacesCountersDiscards,
};
