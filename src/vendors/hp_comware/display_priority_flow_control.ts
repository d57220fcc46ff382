/**
 * `display priority-flow-control interface [<type> [<number>]]`: PFC modes and the pause frames
 * received and sent per priority.
 *
 *   Interface                        AdminMode  OperMode  Dot1pList   Prio  Recv       Send       Inpps      Outpps
 *   ---------------------------------------------------------------------------------------------------
 *   HGE2/0/1                         Enabled    Enabled   5           5     977397189  181443     1          0
 *
 * A row without the interface column (more priorities of the interface above) continues the
 * previous interface; a row with only the modes (PFC off) has no counters.
 */
import { splitLines } from '../../core/parser.js';
import type { ParseResult, Parser, Unmatched } from '../../core/parser.js';
import { count, normalizePortName } from './util.js';

export interface PfcRow {
  /** Full name (`HundredGigE2/0/1`; the table prints `HGE2/0/1`). */
  interface: string;
  adminMode: string;
  operMode: string;
  dot1pList?: string;
  priority?: number;
  /** PFC frames received / sent for this priority. */
  received?: bigint;
  sent?: bigint;
  inPps?: bigint;
  outPps?: bigint;
}

const HEADER_RE = /^Interface\s+AdminMode\s+OperMode\s+Dot1pList\s+Prio\s+Recv\s+Send\s+Inpps\s+Outpps$/;
const RULE_RE = /^-{10,}$/;
const N = String.raw`(\d+|-)`;
const ROW_RE = new RegExp(String.raw`^(\S+)\s+(\S+)\s+(\S+)\s+(\S+)\s+${N}\s+${N}\s+${N}\s+${N}\s+${N}$`);
const MORE_RE = new RegExp(String.raw`^${N}\s+${N}\s+${N}\s+${N}\s+${N}$`);
const MODES_RE = /^(\S+)\s+(Enabled|Disabled|Auto)\s+(Enabled|Disabled)$/i;

export function parsePriorityFlowControl(raw: string): ParseResult<PfcRow> {
  const lines = splitLines(raw);
  const unmatched: Unmatched[] = [];
  const records: PfcRow[] = [];
  let last: PfcRow | undefined;

  const counters = (row: PfcRow, m: RegExpExecArray, at: number): PfcRow => {
    const prio = m[at];
    if (prio !== '-') row.priority = Number(prio);
    const fields = ['received', 'sent', 'inPps', 'outPps'] as const;
    fields.forEach((f, k) => {
      const v = count(m[at + 1 + k]);
      if (v !== undefined) row[f] = v;
    });
    return row;
  };

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const t = line.trim();
    if (t === '' || HEADER_RE.test(t) || RULE_RE.test(t)) continue;
    const indented = line !== line.trimStart();
    let m: RegExpExecArray | null;
    if (!indented && (m = ROW_RE.exec(t))) {
      last = counters(
        { interface: normalizePortName(m[1] as string), adminMode: m[2] as string, operMode: m[3] as string, dot1pList: m[4] as string },
        m,
        5,
      );
      records.push(last);
      continue;
    }
    if (!indented && (m = MODES_RE.exec(t))) {
      last = { interface: normalizePortName(m[1] as string), adminMode: m[2] as string, operMode: m[3] as string };
      records.push(last);
      continue;
    }
    if (last && indented && (m = MORE_RE.exec(t))) {
      const row = counters({ interface: last.interface, adminMode: last.adminMode, operMode: last.operMode }, m, 1);
      if (last.dot1pList !== undefined) row.dot1pList = last.dot1pList;
      records.push(row);
      continue;
    }
    unmatched.push({ line: i + 1, text: line });
  }
  return { records, unmatched };
}

export const displayPriorityFlowControlParser: Parser<PfcRow> = {
  id: 'display_priority_flow_control',
  command: 'display priority-flow-control interface [<type> [<number>]]',
  parse: parsePriorityFlowControl,
};
