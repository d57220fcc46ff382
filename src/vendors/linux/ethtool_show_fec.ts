/**
 * `ethtool -I --show-fec <if>` (also plain `ethtool --show-fec <if>`, without statistics).
 *
 *   FEC parameters for eth0:
 *   Supported/Configured FEC encodings: Auto RS BaseR     (older ethtool: `Configured FEC encodings:`)
 *   Active FEC encoding: RS
 *   Statistics:
 *     corrected_blocks: 256
 *       Lane 0: 255                                       <- optional per-lane values (0-based)
 *       Lane 1: 1
 *     uncorrectable_blocks: 145
 *     fec_bit_err_0: 445 [ per_lane:  125, 120, 100, 100 ]  <- FEC error histogram (newer ethtool)
 *     fec_bit_err_1_to_3: 12
 */
import { splitLines } from '../../core/parser.js';
import type { ParseResult, Parser, Unmatched } from '../../core/parser.js';

export interface FecStat {
  total: bigint;
  /** Per-lane values, index = lane number as printed (`Lane 0` first). */
  lanes: bigint[];
}

export interface FecHistogramBin {
  /** Bin bounds: number of bit errors per codeword (`fec_bit_err_<low>[_to_<high>]`). */
  low: number;
  high: number;
  total: bigint;
  lanes: bigint[];
}

export interface EthtoolFec {
  ifname?: string;
  configuredEncodings: string[];
  activeEncoding?: string;
  /** Keys as printed: corrected_blocks, uncorrectable_blocks, corrected_bits, ... */
  stats: Record<string, FecStat>;
  histogram: FecHistogramBin[];
}

const HEADER_RE = /^FEC parameters for (.+):$/;
const CONFIGURED_RE = /^(?:Supported\/)?Configured FEC encodings:(.*)$/;
const ACTIVE_RE = /^Active FEC encodings?:(.*)$/;
const LANE_RE = /^Lane (\d+):\s*(\d+)$/;
const STAT_RE = /^([A-Za-z0-9_]+):\s*(\d+)(?:\s+(\[.*\]))?$/;
const BIN_RE = /^fec_bit_err_(\d+)(?:_to_(\d+))?$/;
const DIGITS_RE = /^\d+$/;

/** Parses `[ per_lane:  125, 120, 100, 100 ]`; undefined when malformed. */
function parsePerLane(text: string): bigint[] | undefined {
  const inner = text.slice(1, -1).trim();
  if (!inner.startsWith('per_lane:')) return undefined;
  const parts = inner.slice('per_lane:'.length).split(',');
  const out: bigint[] = [];
  for (const p of parts) {
    const v = p.trim();
    if (!DIGITS_RE.test(v)) return undefined;
    out.push(BigInt(v));
  }
  return out;
}

export function parseEthtoolShowFec(raw: string): ParseResult<EthtoolFec> {
  const lines = splitLines(raw);
  const unmatched: Unmatched[] = [];
  const rec: EthtoolFec = { configuredEncodings: [], stats: {}, histogram: [] };
  let understood = false;
  let inStats = false;
  /** The statistic that `Lane <i>:` lines attach to. */
  let current: FecStat | undefined;

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const t = line.trim();
    if (t === '') continue;
    const miss = (): void => {
      unmatched.push({ line: i + 1, text: line });
    };

    let m = HEADER_RE.exec(t);
    if (m) {
      rec.ifname = m[1];
      understood = true;
      inStats = false;
      current = undefined;
      continue;
    }
    m = CONFIGURED_RE.exec(t);
    if (m) {
      rec.configuredEncodings = (m[1] ?? '').split(/\s+/).filter((s) => s !== '');
      understood = true;
      continue;
    }
    m = ACTIVE_RE.exec(t);
    if (m) {
      const v = (m[1] ?? '').trim().replace(/\s+/g, ' ');
      if (v !== '') rec.activeEncoding = v;
      understood = true;
      continue;
    }
    if (t === 'Statistics:') {
      inStats = true;
      understood = true;
      current = undefined;
      continue;
    }
    if (!inStats) {
      miss();
      continue;
    }

    m = LANE_RE.exec(t);
    if (m) {
      if (current && Number(m[1]) === current.lanes.length) current.lanes.push(BigInt(m[2] ?? '0'));
      else miss();
      continue;
    }
    m = STAT_RE.exec(t);
    if (!m) {
      current = undefined;
      miss();
      continue;
    }
    const name = m[1] ?? '';
    const total = BigInt(m[2] ?? '0');
    const bracket = m[3];
    const bin = BIN_RE.exec(name);
    if (bin) {
      current = undefined;
      const lanes = bracket === undefined ? [] : parsePerLane(bracket);
      if (!lanes) {
        miss();
        continue;
      }
      const low = Number(bin[1]);
      const high = bin[2] === undefined ? low : Number(bin[2]);
      rec.histogram.push({ low, high, total, lanes });
      continue;
    }
    if (bracket !== undefined || Object.prototype.hasOwnProperty.call(rec.stats, name)) {
      current = undefined;
      miss();
      continue;
    }
    current = { total, lanes: [] };
    Object.defineProperty(rec.stats, name, { value: current, enumerable: true, writable: true, configurable: true });
  }

  if (!understood) return { records: [], unmatched };
  const out: EthtoolFec = {
    ...(rec.ifname !== undefined && { ifname: rec.ifname }),
    configuredEncodings: rec.configuredEncodings,
    ...(rec.activeEncoding !== undefined && { activeEncoding: rec.activeEncoding }),
    stats: rec.stats,
    histogram: rec.histogram,
  };
  return { records: [out], unmatched };
}

export const ethtoolShowFecParser: Parser<EthtoolFec> = {
  id: 'ethtool_show_fec',
  command: 'ethtool -I --show-fec <if>',
  parse: parseEthtoolShowFec,
};
