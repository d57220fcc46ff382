/**
 * `display link-state-change statistics interface [<type> [<number>]]`: how often each interface
 * changed its link state (each down and each up counts one: a flap is 2), two lines per interface.
 *
 *   Interface              Change-times  Last-change-time     Reset link-state time
 *                                        Link-flap-begin      Link-flap-end
 *   HGE3/0/1               25            2023-09-28 09:51:15  Never
 *                                        Never                Never
 */
import { splitLines } from '../../core/parser.js';
import type { ParseResult, Parser, Unmatched } from '../../core/parser.js';
import { normalizePortName } from './util.js';

export interface LinkStateChange {
  /** Full name (`HundredGigE3/0/1`; the table prints `HGE3/0/1`). */
  interface: string;
  changeTimes: bigint;
  /** Times as printed, `Never` included. */
  lastChangeTime: string;
  resetTime: string;
  linkFlapBegin?: string;
  linkFlapEnd?: string;
}

const TIME = String.raw`(Never|\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2})`;
const HEADER_RE = /^Interface\s+Change-times\s+Last-change-time\s+Reset link-state time$/;
const HEADER2_RE = /^Link-flap-begin\s+Link-flap-end$/;
const ROW_RE = new RegExp(String.raw`^(\S+)\s+(\d+)\s+${TIME}\s+${TIME}$`);
const ROW2_RE = new RegExp(String.raw`^${TIME}\s+${TIME}$`);

export function parseLinkStateChange(raw: string): ParseResult<LinkStateChange> {
  const lines = splitLines(raw);
  const unmatched: Unmatched[] = [];
  const records: LinkStateChange[] = [];
  /** The row whose second line (link-flap times) is still due. */
  let open: LinkStateChange | undefined;

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const t = line.trim();
    if (t === '') continue;
    if (HEADER_RE.test(t) || HEADER2_RE.test(t)) {
      open = undefined;
      continue;
    }
    const indented = line !== line.trimStart();
    let m: RegExpExecArray | null;
    if (!indented && (m = ROW_RE.exec(t))) {
      open = {
        interface: normalizePortName(m[1] as string),
        changeTimes: BigInt(m[2] as string),
        lastChangeTime: m[3] as string,
        resetTime: m[4] as string,
      };
      records.push(open);
      continue;
    }
    if (open && indented && (m = ROW2_RE.exec(t))) {
      open.linkFlapBegin = m[1] as string;
      open.linkFlapEnd = m[2] as string;
      open = undefined;
      continue;
    }
    unmatched.push({ line: i + 1, text: line });
  }
  return { records, unmatched };
}

export const displayLinkStateChangeStatisticsParser: Parser<LinkStateChange> = {
  id: 'display_link_state_change_statistics',
  command: 'display link-state-change statistics interface [<type> [<number>]]',
  parse: parseLinkStateChange,
};
