/**
 * `show interfaces ethernet rates`: current ingress/egress rates, one row per port.
 *
 *   ---------------------------------------------------------------------------
 *   Port           ingress          ingress          egress          egress
 *                  rate             pkts/sec         rate            pkts/sec
 *   ---------------------------------------------------------------------------
 *   Eth1/1         5.29972 Mb/s     177              2.87984 Mb/s    56
 *   Eth1/2         112 b/s          1                328 b/s         1
 */
import { splitLines } from '../../core/parser.js';
import type { ParseResult, Parser, Unmatched } from '../../core/parser.js';
import { parseRate } from './util.js';

export interface OnyxRate {
  port: string;
  /** As printed, e.g. `5.29972 Mb/s`. */
  ingressRate: string;
  ingressBitsPerSec: number;
  ingressPacketsPerSec: number;
  egressRate: string;
  egressBitsPerSec: number;
  egressPacketsPerSec: number;
}

const RULE_RE = /^-+$/;
const HEADER1_RE = /^Port\s+ingress\s+ingress\s+egress\s+egress$/;
const HEADER2_RE = /^rate\s+pkts\/sec\s+rate\s+pkts\/sec$/;
const ROW_RE = /^Eth(\d+(?:\/\d+){1,2})\s+(\d+(?:\.\d+)?) ([KMGT]?b\/s)\s+(\d+)\s+(\d+(?:\.\d+)?) ([KMGT]?b\/s)\s+(\d+)$/;

export function parseRates(raw: string): ParseResult<OnyxRate> {
  const lines = splitLines(raw);
  const records: OnyxRate[] = [];
  const unmatched: Unmatched[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const t = line.trim();
    if (t === '' || RULE_RE.test(t) || HEADER1_RE.test(t) || (HEADER2_RE.test(t) && /^\s/.test(line))) continue;
    const m = /^\s/.test(line) ? null : ROW_RE.exec(t);
    const inBps = m ? parseRate(m[2] ?? '', m[3] ?? '') : undefined;
    const outBps = m ? parseRate(m[5] ?? '', m[6] ?? '') : undefined;
    if (!m || inBps === undefined || outBps === undefined) {
      unmatched.push({ line: i + 1, text: line });
      continue;
    }
    records.push({
      port: `Eth${m[1]}`,
      ingressRate: `${m[2]} ${m[3]}`,
      ingressBitsPerSec: inBps,
      ingressPacketsPerSec: Number(m[4]),
      egressRate: `${m[5]} ${m[6]}`,
      egressBitsPerSec: outBps,
      egressPacketsPerSec: Number(m[7]),
    });
  }
  return { records, unmatched };
}

export const showInterfacesEthernetRatesParser: Parser<OnyxRate> = {
  id: 'show_interfaces_ethernet_rates',
  command: 'show int ethernet rates',
  parse: parseRates,
};
