/**
 * `show qos interfaces ecn counters queue`: packets marked with ECN congestion per egress queue
 * (traffic class). `-` means the queue has no ECN configuration: no value.
 *
 *   Ethernet1/1:
 *      Tx-Queue                Marked Packets
 *     ----------      -----------------------
 *         0                                 -
 *         5                         127752298
 */
import type { ParseResult, Parser, Unmatched } from '../../core/parser.js';
import { normalizePort, outputLines, u64 } from './common.js';

export interface EosEcnQueue {
  txQueue: number;
  /** Absent when printed as `-` (ECN not configured on the queue). */
  markedPackets?: bigint;
}

export interface EosEcnCounters {
  port: string;
  queues: EosEcnQueue[];
}

const PORT_RE = /^(\S+):\s*$/;
const HEADER_RE = /^\s+Tx-Queue\s+Marked Packets\s*$/;
const DASHES_RE = /^\s+-+\s+-+\s*$/;
const ROW_RE = /^\s+(\d+)\s+(\d+|-)\s*$/;

export function parseShowQosInterfacesEcnCountersQueue(raw: string): ParseResult<EosEcnCounters> {
  const lines = outputLines(raw);
  const unmatched: Unmatched[] = [];
  const records: EosEcnCounters[] = [];
  let rec: EosEcnCounters | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (line.trim() === '') continue;
    let m: RegExpExecArray | null;
    if ((m = PORT_RE.exec(line))) {
      rec = { port: normalizePort(m[1] ?? ''), queues: [] };
      records.push(rec);
      continue;
    }
    if (rec && (HEADER_RE.test(line) || DASHES_RE.test(line))) continue;
    m = ROW_RE.exec(line);
    if (!rec || !m) {
      unmatched.push({ line: i + 1, text: line });
      continue;
    }
    const q: EosEcnQueue = { txQueue: Number(m[1]) };
    if (m[2] !== '-') {
      const v = u64(m[2]);
      if (v === undefined) {
        unmatched.push({ line: i + 1, text: line });
        continue;
      }
      q.markedPackets = v;
    }
    rec.queues.push(q);
  }
  return { records, unmatched };
}

export const showQosInterfacesEcnCountersQueueParser: Parser<EosEcnCounters> = {
  id: 'show_qos_interfaces_ecn_counters_queue',
  command: 'show qos interfaces ecn counters queue',
  parse: parseShowQosInterfacesEcnCountersQueue,
};
