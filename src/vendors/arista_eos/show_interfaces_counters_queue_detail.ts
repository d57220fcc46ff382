/**
 * `show interfaces counters queue detail`: per port and egress queue (unicast `UC<n>`, multicast
 * `MC<n>`), packets and bytes sent and dropped. One table per port, separated by blank lines.
 *
 *   Port     TxQ   Counter/pkts      Counter/bytes      Drop/pkts         Drop/bytes
 *   ------- ----   ------------       ------------   ------------       ------------
 *   Et1/1    UC5    57156051643    216763341854506           1111               5678
 */
import type { ParseResult, Parser, Unmatched } from '../../core/parser.js';
import { normalizePort, outputLines, u64 } from './common.js';

export interface EosQueueCounters {
  port: string;
  /** `UC0`…`UC8`, `MC0`, `MC1`, as printed. */
  queue: string;
  packets: bigint;
  bytes: bigint;
  dropPackets: bigint;
  dropBytes: bigint;
}

const HEADER_RE = /^Port\s+TxQ\s+Counter\/pkts\s+Counter\/bytes\s+Drop\/pkts\s+Drop\/bytes\s*$/;
const DASHES_RE = /^[-\s]+$/;
const ROW_RE = /^(\S+)\s+([A-Z]{1,3}\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*$/;

export function parseShowInterfacesCountersQueueDetail(raw: string): ParseResult<EosQueueCounters> {
  const lines = outputLines(raw);
  const unmatched: Unmatched[] = [];
  const records: EosQueueCounters[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (line.trim() === '' || HEADER_RE.test(line) || DASHES_RE.test(line)) continue;
    const m = ROW_RE.exec(line);
    const v = m ? [u64(m[3]), u64(m[4]), u64(m[5]), u64(m[6])] : [];
    const [packets, bytes, dropPackets, dropBytes] = v;
    if (!m || packets === undefined || bytes === undefined || dropPackets === undefined || dropBytes === undefined) {
      unmatched.push({ line: i + 1, text: line });
      continue;
    }
    records.push({ port: normalizePort(m[1] ?? ''), queue: m[2] ?? '', packets, bytes, dropPackets, dropBytes });
  }
  return { records, unmatched };
}

export const showInterfacesCountersQueueDetailParser: Parser<EosQueueCounters> = {
  id: 'show_interfaces_counters_queue_detail',
  command: 'show interfaces counters queue detail',
  parse: parseShowInterfacesCountersQueueDetail,
};
