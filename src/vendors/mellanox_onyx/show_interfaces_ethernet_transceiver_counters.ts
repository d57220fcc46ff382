/**
 * `show interfaces ethernet <slot>/<port> transceiver counters` (`… trans count`): PHY counters
 * of the port (the output does not name the port: the command does).
 *
 *   Rx
 *   phy received bits               252337830400000000
 *   phy symbol errors               0                  <- errors FEC could not correct
 *   phy corrected bits              0                  <- bits corrected by FEC
 *   Time since last clear           2523378304         <- milliseconds (received bits / 10^8 at 100G)
 *   RS corrected symbols lane0      0                  <- `Edpl/bip errors laneN` when the link is down
 *   raw_ber_magnitude               255                <- BER = coef × 10^-magnitude;
 *   raw_ber_coef                    15                    15E-255 means "no errors seen"
 *   effective_ber_magnitude         255
 *   effective_ber_coef              15
 */
import { splitLines } from '../../core/parser.js';
import type { ParseResult, Parser, Unmatched } from '../../core/parser.js';
import { setOwn, u64 } from './util.js';

export interface OnyxBer {
  magnitude: number;
  coefficient: number;
  /** coefficient × 10^-magnitude. */
  value: number;
  /** As Mellanox tools print it: `15E-255`. */
  text: string;
}

export interface OnyxTransceiverCounters {
  /** Every counter under its printed name; sections other than `Rx` prefix the name with theirs. */
  counters: Record<string, bigint>;
  phyReceivedBits?: bigint;
  phySymbolErrors?: bigint;
  phyCorrectedBits?: bigint;
  timeSinceLastClearMs?: bigint;
  /** `RS corrected symbols laneN`, index = N (0-based). */
  rsCorrectedSymbolsLanes: bigint[];
  /** `Edpl/bip errors laneN`, index = N (0-based). */
  edplBipErrorsLanes: bigint[];
  rawBer?: OnyxBer;
  effectiveBer?: OnyxBer;
}

const SECTION_RE = /^(Rx|Tx)$/;
const COUNTER_RE = /^(\S.*?)\s+(\d+)$/;
const RS_LANE_RE = /^RS corrected symbols lane(\d+)$/;
const EDPL_LANE_RE = /^Edpl\/bip errors lane(\d+)$/;

function ber(magnitude: bigint | undefined, coefficient: bigint | undefined): OnyxBer | undefined {
  if (magnitude === undefined || coefficient === undefined || magnitude > 400n || coefficient > 1000n) return undefined;
  const text = `${coefficient}E-${magnitude}`;
  return { magnitude: Number(magnitude), coefficient: Number(coefficient), value: Number(text), text };
}

function dense(lanes: bigint[]): bigint[] {
  return Array.from(lanes, (v) => v ?? 0n);
}

export function parseTransceiverCounters(raw: string): ParseResult<OnyxTransceiverCounters> {
  const lines = splitLines(raw);
  const unmatched: Unmatched[] = [];
  const counters: Record<string, bigint> = {};
  const rs: bigint[] = [];
  const edpl: bigint[] = [];
  let section: string | undefined;
  let understood = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const t = line.trim();
    if (t === '') continue;
    const s = SECTION_RE.exec(t);
    if (s) {
      section = s[1];
      understood = true;
      continue;
    }
    const c = section === undefined ? null : COUNTER_RE.exec(t);
    const v = c ? u64(c[2] ?? '') : undefined;
    if (!c || v === undefined) {
      unmatched.push({ line: i + 1, text: line });
      continue;
    }
    understood = true;
    const name = c[1] ?? '';
    setOwn(counters, section === 'Rx' ? name : `${section} ${name}`, v);
    if (section !== 'Rx') continue;
    const rl = RS_LANE_RE.exec(name);
    if (rl) rs[Number(rl[1])] = v;
    const el = EDPL_LANE_RE.exec(name);
    if (el) edpl[Number(el[1])] = v;
  }
  if (!understood) return { records: [], unmatched };
  const get = (n: string): bigint | undefined => (Object.prototype.hasOwnProperty.call(counters, n) ? counters[n] : undefined);
  const received = get('phy received bits');
  const symbol = get('phy symbol errors');
  const corrected = get('phy corrected bits');
  const since = get('Time since last clear');
  const rawBer = ber(get('raw_ber_magnitude'), get('raw_ber_coef'));
  const effBer = ber(get('effective_ber_magnitude'), get('effective_ber_coef'));
  const out: OnyxTransceiverCounters = {
    counters,
    ...(received !== undefined && { phyReceivedBits: received }),
    ...(symbol !== undefined && { phySymbolErrors: symbol }),
    ...(corrected !== undefined && { phyCorrectedBits: corrected }),
    ...(since !== undefined && { timeSinceLastClearMs: since }),
    rsCorrectedSymbolsLanes: dense(rs),
    edplBipErrorsLanes: dense(edpl),
    ...(rawBer !== undefined && { rawBer }),
    ...(effBer !== undefined && { effectiveBer: effBer }),
  };
  return { records: [out], unmatched };
}

export const showInterfacesEthernetTransceiverCountersParser: Parser<OnyxTransceiverCounters> = {
  id: 'show_interfaces_ethernet_transceiver_counters',
  command: 'show int eth <slot>/<port> trans count',
  parse: parseTransceiverCounters,
};
