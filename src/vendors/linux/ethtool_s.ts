/**
 * `ethtool -S <if>`: driver statistics, one `name: value` counter per line.
 *
 *   NIC statistics:              <- optional (absent from e.g. virtio_net captures)
 *        rx_packets: 2697653372
 *        port.rx_bytes: 123      <- names may hold dots, hyphens, brackets, spaces: kept verbatim
 *
 * Hot path (every node, every sweep, hundreds of lines): one linear scan with indexOf/charCodeAt,
 * no per-line regex, no intermediate line array. Values are u64 and parsed with BigInt only.
 */
import type { ParseResult, Parser, Unmatched } from '../../core/parser.js';

export interface EthtoolStat {
  name: string;
  value: bigint;
}

const HEADER = 'NIC statistics';
const U64_MAX = (1n << 64n) - 1n;

const CH_CR = 13;
const CH_SPACE = 32;
const CH_TAB = 9;
const CH_0 = 48;
const CH_9 = 57;

function isBlank(c: number): boolean {
  return c === CH_SPACE || c === CH_TAB || c === CH_CR;
}

export function parseEthtoolS(raw: string): ParseResult<EthtoolStat> {
  const records: EthtoolStat[] = [];
  const unmatched: Unmatched[] = [];
  const len = raw.length;
  let pos = 0;
  let lineNo = 0;

  while (pos < len) {
    let nl = raw.indexOf('\n', pos);
    if (nl < 0) nl = len;
    lineNo++;
    const lineStart = pos;
    let lineEnd = nl;
    if (lineEnd > lineStart && raw.charCodeAt(lineEnd - 1) === CH_CR) lineEnd--;
    pos = nl + 1;

    // Trim both ends.
    let s = lineStart;
    let e = lineEnd;
    while (s < e && isBlank(raw.charCodeAt(s))) s++;
    while (e > s && isBlank(raw.charCodeAt(e - 1))) e--;
    if (s === e) continue;

    // The value never holds a colon, so the last colon separates name and value.
    const colon = raw.lastIndexOf(':', e - 1);
    if (colon >= s) {
      let n = colon;
      while (n > s && isBlank(raw.charCodeAt(n - 1))) n--;
      let v = colon + 1;
      while (v < e && isBlank(raw.charCodeAt(v))) v++;

      if (v === e) {
        if (n - s === HEADER.length && raw.startsWith(HEADER, s)) continue;
      } else if (n > s) {
        let digits = true;
        for (let k = v; k < e; k++) {
          const c = raw.charCodeAt(k);
          if (c < CH_0 || c > CH_9) {
            digits = false;
            break;
          }
        }
        if (digits) {
          const value = BigInt(raw.slice(v, e));
          if (e - v < 20 || value <= U64_MAX) {
            records.push({ name: raw.slice(s, n), value });
            continue;
          }
        }
      }
    }
    unmatched.push({ line: lineNo, text: raw.slice(lineStart, lineEnd) });
  }

  return { records, unmatched };
}

export const ethtoolSParser: Parser<EthtoolStat> = {
  id: 'ethtool_s',
  command: 'ethtool -S <if>',
  parse: parseEthtoolS,
};
