/**
 * `show interfaces ethernet counters tc 5`: traffic-class-5 egress counters per port.
 *
 *   Eth1/1:
 *     TC 5:
 *       3627342884566         packets
 *       14563380658372016     bytes                 <- above 2^53: bigint all the way
 *       0                     unicast queue depth
 *       0                     multicast queue depth
 *       0                     unicast no buffer discard
 *       0                     WRED discard
 */
import { splitLines } from '../../core/parser.js';
import type { ParseResult, Parser, Unmatched } from '../../core/parser.js';
import { setOwn, u64 } from './util.js';

export interface OnyxTcCounters {
  port: string;
  /** The `TC <n>:` traffic class. */
  trafficClass?: number;
  counters: Record<string, bigint>;
}

const HEADER_RE = /^Eth(\d+(?:\/\d+){1,2}):?$/;
const TC_RE = /^TC (\d+):?$/;
const COUNTER_RE = /^(\d+)\s+([^:\s][^:]*)$/;

export function parseTcCounters(raw: string): ParseResult<OnyxTcCounters> {
  const lines = splitLines(raw);
  const records: OnyxTcCounters[] = [];
  const unmatched: Unmatched[] = [];
  let cur: OnyxTcCounters | undefined;
  let inTc = false;

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const t = line.trim();
    if (t === '') continue;
    const h = /^\s/.test(line) ? null : HEADER_RE.exec(t);
    if (h) {
      cur = { port: `Eth${h[1]}`, counters: {} };
      records.push(cur);
      inTc = false;
      continue;
    }
    if (!cur || !/^\s/.test(line)) {
      unmatched.push({ line: i + 1, text: line });
      continue;
    }
    const tc = TC_RE.exec(t);
    if (tc) {
      cur.trafficClass = Number(tc[1]);
      inTc = true;
      continue;
    }
    const c = inTc ? COUNTER_RE.exec(t) : null;
    const v = c ? u64(c[1] ?? '') : undefined;
    if (!c || v === undefined) {
      unmatched.push({ line: i + 1, text: line });
      continue;
    }
    setOwn(cur.counters, (c[2] ?? '').trim(), v);
  }
  return {
    records: records.map((r) => ({ port: r.port, ...(r.trafficClass !== undefined && { trafficClass: r.trafficClass }), counters: r.counters })),
    unmatched,
  };
}

export const showInterfacesEthernetCountersTc5Parser: Parser<OnyxTcCounters> = {
  id: 'show_interfaces_ethernet_counters_tc_5',
  command: 'show interfaces ethernet counters tc 5',
  parse: parseTcCounters,
};
