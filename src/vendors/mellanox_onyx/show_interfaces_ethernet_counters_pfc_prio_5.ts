/**
 * `show interfaces ethernet counters pfc prio 5`: priority-5 PFC pause counters per port.
 *
 *   Eth1/1:
 *     PFC 5:
 *       Rx:
 *         176960073             pause packets
 *         2544856457            pause duration
 *
 *       Tx:
 *         60912335              pause packets
 *         89983092              pause duration
 */
import { splitLines } from '../../core/parser.js';
import type { ParseResult, Parser, Unmatched } from '../../core/parser.js';
import { setOwn, u64 } from './util.js';

export interface OnyxPfcCounters {
  port: string;
  /** The `PFC <n>:` priority. */
  priority?: number;
  rx: Record<string, bigint>;
  tx: Record<string, bigint>;
}

const HEADER_RE = /^Eth(\d+(?:\/\d+){1,2}):?$/;
const PRIO_RE = /^PFC (\d+):?$/;
const DIRECTION_RE = /^(Rx|Tx):?$/;
const COUNTER_RE = /^(\d+)\s+([^:\s][^:]*)$/;

export function parsePfcCounters(raw: string): ParseResult<OnyxPfcCounters> {
  const lines = splitLines(raw);
  const records: OnyxPfcCounters[] = [];
  const unmatched: Unmatched[] = [];
  let cur: OnyxPfcCounters | undefined;
  let dir: 'rx' | 'tx' | undefined;

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const t = line.trim();
    if (t === '') continue;
    const h = /^\s/.test(line) ? null : HEADER_RE.exec(t);
    if (h) {
      cur = { port: `Eth${h[1]}`, rx: {}, tx: {} };
      records.push(cur);
      dir = undefined;
      continue;
    }
    if (!cur || !/^\s/.test(line)) {
      unmatched.push({ line: i + 1, text: line });
      continue;
    }
    const p = PRIO_RE.exec(t);
    if (p) {
      cur.priority = Number(p[1]);
      dir = undefined;
      continue;
    }
    const d = DIRECTION_RE.exec(t);
    if (d) {
      dir = d[1] === 'Rx' ? 'rx' : 'tx';
      continue;
    }
    const c = dir === undefined ? null : COUNTER_RE.exec(t);
    const v = c ? u64(c[1] ?? '') : undefined;
    if (!c || v === undefined || dir === undefined) {
      unmatched.push({ line: i + 1, text: line });
      continue;
    }
    setOwn(cur[dir], (c[2] ?? '').trim(), v);
  }
  return {
    records: records.map((r) => ({ port: r.port, ...(r.priority !== undefined && { priority: r.priority }), rx: r.rx, tx: r.tx })),
    unmatched,
  };
}

export const showInterfacesEthernetCountersPfcPrio5Parser: Parser<OnyxPfcCounters> = {
  id: 'show_interfaces_ethernet_counters_pfc_prio_5',
  command: 'show interfaces ethernet counters pfc prio 5',
  parse: parsePfcCounters,
};
