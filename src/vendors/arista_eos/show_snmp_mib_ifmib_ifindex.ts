/**
 * `show snmp mib ifmib ifindex`: the SNMP ifIndex of every interface.
 *
 *   Ethernet1/1: Ifindex = 1001
 *   Management1: Ifindex = 999001
 */
import type { ParseResult, Parser, Unmatched } from '../../core/parser.js';
import { normalizePort, outputLines } from './common.js';

export interface EosIfIndex {
  port: string;
  ifIndex: number;
}

const ROW_RE = /^(\S+): Ifindex = (\d{1,10})\s*$/;

export function parseShowSnmpMibIfmibIfindex(raw: string): ParseResult<EosIfIndex> {
  const lines = outputLines(raw);
  const unmatched: Unmatched[] = [];
  const records: EosIfIndex[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (line.trim() === '') continue;
    const m = ROW_RE.exec(line);
    if (!m) {
      unmatched.push({ line: i + 1, text: line });
      continue;
    }
    records.push({ port: normalizePort(m[1] ?? ''), ifIndex: Number(m[2]) });
  }
  return { records, unmatched };
}

export const showSnmpMibIfmibIfindexParser: Parser<EosIfIndex> = {
  id: 'show_snmp_mib_ifmib_ifindex',
  command: 'show snmp mib ifmib ifindex',
  parse: parseShowSnmpMibIfmibIfindex,
};
