/**
 * `show priority-flow-control counters`: PFC frames received and sent per port, all priorities.
 *
 *   Port                 RxPfc           TxPfc
 *   Et1/1            897875284      2359769705
 *   Ma1                      0               0
 *
 * Port names are expanded to the form `show interfaces` prints (`Et1/1` → `Ethernet1/1`).
 */
import type { ParseResult, Parser, Unmatched } from '../../core/parser.js';
import { normalizePort, outputLines, u64 } from './common.js';

export interface EosPfcCounters {
  port: string;
  rxPfc: bigint;
  txPfc: bigint;
}

const HEADER_RE = /^Port\s+RxPfc\s+TxPfc\s*$/;
const DASHES_RE = /^[-\s]+$/;
const ROW_RE = /^(\S+)\s+(\d+)\s+(\d+)\s*$/;

export function parseShowPriorityFlowControlCounters(raw: string): ParseResult<EosPfcCounters> {
  const lines = outputLines(raw);
  const unmatched: Unmatched[] = [];
  const records: EosPfcCounters[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (line.trim() === '' || HEADER_RE.test(line) || DASHES_RE.test(line)) continue;
    const m = ROW_RE.exec(line);
    const rx = u64(m?.[2]);
    const tx = u64(m?.[3]);
    if (!m || rx === undefined || tx === undefined) {
      unmatched.push({ line: i + 1, text: line });
      continue;
    }
    records.push({ port: normalizePort(m[1] ?? ''), rxPfc: rx, txPfc: tx });
  }
  return { records, unmatched };
}

export const showPriorityFlowControlCountersParser: Parser<EosPfcCounters> = {
  id: 'show_priority_flow_control_counters',
  command: 'show priority-flow-control counters',
  parse: parseShowPriorityFlowControlCounters,
};
