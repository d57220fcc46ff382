/**
 * `display packet-drop interface [<type> [<number>]]`: dropped packets per interface and reason.
 *
 *   HundredGigE2/0/3:
 *     Packets dropped due to STP non-forwarding state: 0
 *     Packets dropped due to insufficient data buffer. Input dropped: 0 Output dropped:66
 *
 * Every `<reason>: <n>` line is kept in `reasons` as printed.
 */
import { splitLines } from '../../core/parser.js';
import type { ParseResult, Parser, Unmatched } from '../../core/parser.js';
import { normalizePortName, setField } from './util.js';

export interface PacketDrop {
  /** Full name. */
  interface: string;
  stpNonForwarding?: bigint;
  /** Drops for lack of buffer (congestion), inbound and outbound. */
  inputBufferDropped?: bigint;
  outputBufferDropped?: bigint;
  reasons: Record<string, bigint>;
}

const HEADER_RE = /^(\S+):$/;
const BUFFER_RE = /^Packets dropped due to insufficient data buffer\.\s*Input dropped:\s*(\d+)\s+Output dropped:\s*(\d+)$/;
const REASON_RE = /^(.+?):\s*(\d+)$/;
const STP_REASON = 'Packets dropped due to STP non-forwarding state';

export function parsePacketDrop(raw: string): ParseResult<PacketDrop> {
  const lines = splitLines(raw);
  const unmatched: Unmatched[] = [];
  const records: PacketDrop[] = [];
  let cur: PacketDrop | undefined;

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const t = line.trim();
    if (t === '') continue;
    const indented = line !== line.trimStart();
    let m: RegExpExecArray | null;
    if (!indented && (m = HEADER_RE.exec(t))) {
      cur = { interface: normalizePortName(m[1] as string), reasons: {} };
      records.push(cur);
      continue;
    }
    if (cur && indented && (m = BUFFER_RE.exec(t))) {
      cur.inputBufferDropped = BigInt(m[1] as string);
      cur.outputBufferDropped = BigInt(m[2] as string);
      continue;
    }
    if (cur && indented && (m = REASON_RE.exec(t))) {
      const reason = m[1] as string;
      const value = BigInt(m[2] as string);
      setField(cur.reasons, reason, value);
      if (reason === STP_REASON) cur.stpNonForwarding = value;
      continue;
    }
    unmatched.push({ line: i + 1, text: line });
  }
  return { records, unmatched };
}

export const displayPacketDropParser: Parser<PacketDrop> = {
  id: 'display_packet_drop',
  command: 'display packet-drop interface [<type> [<number>]]',
  parse: parsePacketDrop,
};
