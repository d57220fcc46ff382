/**
 * `display interface [<type> [<number>]]` (the sweep sends the seed's `show int HundredGigE`):
 * one block per interface, Comware 7 and Comware 5 layouts.
 *
 *   HundredGigE3/0/1                                  <- Comware 7: the name alone on a line
 *   Current state: UP
 *   Line protocol state: UP
 *   IP packet frame type: Ethernet II, hardware address: 5477-8a3b-0600
 *   Description: HundredGigE3/0/1 Interface
 *   Bandwidth: 100000000 kbps
 *   Media type is optical fiber, port hardware type is 100G_BASE_SR4_QSFP28
 *   100Gbps-speed mode, full-duplex mode
 *   Last link flapping: 4 weeks 2 days 2 hours 11 minutes       (or: Never)
 *   Last hardware down reason: The interface receives the local fault from the peer device
 *    Last 300 seconds input: 0 packets/sec 11 bytes/sec 0%
 *    Input (total):  1817439047 packets, 6164555687605 bytes
 *   \t 1817246781 unicasts, 3 broadcasts, 131508 multicasts, 60755 pauses
 *    Input:  0 input errors, 0 runts, 0 giants, 0 throttles
 *   \t 7 CRC, 0 frame, - overruns, 0 aborts
 *
 *    Bridge-Aggregation1 current state: UP            <- Comware 5
 *
 * Counter lines are lists of `<n> <name>` items (`-` = not supported, left out); each goes to
 * `counters` as `<section>.<name>`: `input_total.packets`, `input_total.pauses`, `input.crc`,
 * `input.frame`, `output_total.bytes`, `output.output_errors`, … (Comware 5 router-style blocks:
 * `input.errors`, `input.crc`, `input.drops`). Other `key: value` lines are kept in `fields`.
 */
import { splitLines } from '../../core/parser.js';
import type { ParseResult, Parser, Unmatched } from '../../core/parser.js';
import { durationSeconds, hasField, normalizePortName, num, setField } from './util.js';

export interface ComwareInterface {
  /** Full name (`HundredGigE2/0/1`). */
  name: string;
  /** As printed: `UP`, `DOWN`, `Administratively DOWN`, `STP DOWN`, `DOWN ( Administratively )`. */
  state?: string;
  lineProtocol?: string;
  description?: string;
  bandwidthKbps?: number;
  /** As printed, `xxxx-xxxx-xxxx` (the first `hardware address` of the block). */
  mac?: string;
  /** As printed before `-speed mode` / `Mb/s`: `100Gbps`, `1000Mbps`, `Unknown`. */
  speed?: string;
  speedMbps?: number;
  /** `full`, `half`, `unknown`, `auto`. */
  duplex?: string;
  mediaType?: string;
  portHardwareType?: string;
  mtu?: number;
  maxFrameLength?: number;
  /** As printed: `Never` or a duration. */
  lastLinkFlapping?: string;
  lastLinkFlappingSeconds?: number;
  lastClearing?: string;
  lastHardwareDownReason?: string;
  inputPacketsPerSec?: number;
  inputBytesPerSec?: number;
  outputPacketsPerSec?: number;
  outputBytesPerSec?: number;
  counters: Record<string, bigint>;
  /** Every other `key: value` line of the block (first occurrence). */
  fields: Record<string, string>;
}

/** Comware 7: the interface name alone at the start of a line. */
const NAME_LINE_RE = /^[A-Za-z][A-Za-z0-9\-/.:]*\d$/;
/** Comware 5: ` GigabitEthernet12/0/17 current state: DOWN ( Administratively )`. */
const NAME_STATE_RE = /^(\S+) current state\s*:\s*(.+)$/;
const STATE_RE = /^Current state\s*:\s*(.+)$/;
const PROTOCOL_RE = /^Line protocol (?:current )?state\s*:\s*(.+)$/;
const DESCRIPTION_RE = /^Description\s*:\s?(.*)$/;
const BANDWIDTH_RE = /^Bandwidth\s*:\s*(\d+)\s*kbps$/;
const MAC_RE = /^IP(?:v6)? packet frame type\s*:\s*.*?,\s*hardware address\s*:\s*([0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4})$/i;
const SPEED_DUPLEX_RE = /^(\S+?)-speed mode\s*,\s*(\S+?)-duplex mode$/i;
/** Router style: `1000Mb/s, Full-duplex, link type: autonegotiation,`. */
const SPEED_ROUTER_RE = /^(\d+)(Mb|Gb)\/s\s*,\s*(\w+)-duplex\s*,\s*link type\s*:\s*[^,]*,?$/i;
const MEDIA_RE = /^Media type(?: is|:)\s*(.+)$/i;
const HW_TYPE_RE = /^port hardware type is\s+(.+)$/i;
const MTU_RE = /^(?:The )?Maximum (?:transmission|transmit) unit(?: is|\s*:)\s*(\d+)$/i;
const FRAME_RE = /^(?:The )?Maximum frame length(?: is|\s*:)\s*(\d+)$/i;
const FLAPPING_RE = /^Last link flapping\s*:\s*(.*)$/;
const CLEARING_RE = /^Last clearing of counters\s*:\s*(.*)$/;
const DOWN_REASON_RE = /^Last hardware down reason\s*:\s*(.*)$/;
const RATE_RE = /^Last (\d+) seconds? (input|output)(?: rate)?\s*:\s*(.*)$/i;
const PPS_RE = /([\d.]+) packets\/sec/;
const BPS_RE = /([\d.]+) bytes\/sec/;
const PEAK_RE = /^Peak (?:input|output) rate\s*:|^Peak value of (?:input|output)\s*:/i;
/** Statements that carry no value we keep. */
const STATEMENT_RE =
  /^(?:Loopback is (?:not )?set|(?:Allow|Forbid) jumbo frames? to pass|Flow-control is (?:not )?enabled|Link speed type is .*|No connector|Link delay is .*|Internet Address is .*)$/i;
const QUEUE_RE = /^Output queue - (.+?) queuing\s*:\s*Size\/Length\/Discards (\d+)\/(\d+)\/(\d+)$/;
const SECTION_RE = /^(input|output)\s*(?:\((total|normal)\))?\s*:\s*(.*)$/i;
const TRAFFIC_RE = /^(IPv4|IPv6) traffic statistics\s*:$/;
/** Comware 5 VLAN interfaces: `0 packets input, 0 bytes, 0 drops`. */
const PACKETS_DIR_RE = /^(\d+) packets (input|output), (\d+) bytes, (\d+) drops$/;
const KEY_VALUE_RE = /^([A-Za-z][A-Za-z0-9 ()./-]*?)\s*:\s*(.*)$/;
const VLAN_LIST_RE = /^[\d\s,()a-z-]+$/i;
/** Frequent `key: value` lines kept as fields only (see KEY_VALUE_RE for the others). */
const PLAIN_KEYS: ReadonlySet<string> = new Set([
  'Broadcast max-ratio',
  'Unknown-multicast max-ratio',
  'Multicast max-ratio',
  'Unicast max-ratio',
  'PVID',
  'MDI type',
  'Port link-type',
  'Tagged VLANs',
  'Untagged VLANs',
  'VLAN Passing',
  'VLAN permitted',
  'Trunk port encapsulation',
  'Port priority',
  'Current system time',
  'Last time when physical state changed to up',
  'Last time when physical state changed to down',
  'Internet protocol processing',
]);

/** Counter names repeat in every block of every sweep: normalize each once (bounded). */
const itemNames = new Map<string, string>();

function itemName(raw: string): string {
  let n = itemNames.get(raw);
  if (n === undefined) {
    n = raw.trim().toLowerCase().replace(/\s+/g, '_');
    if (itemNames.size < 1000) itemNames.set(raw, n);
  }
  return n;
}

/** The patterns below that can match a line, by its first character (the chain is long). */
const R = {
  STATE: 1 << 0,
  PROTOCOL: 1 << 1,
  DESCRIPTION: 1 << 2,
  BANDWIDTH: 1 << 3,
  MAC: 1 << 4,
  SPEED: 1 << 5,
  ROUTER_SPEED: 1 << 6,
  MEDIA: 1 << 7,
  HW: 1 << 8,
  MTU: 1 << 9,
  FRAME: 1 << 10,
  FLAP: 1 << 11,
  CLEAR: 1 << 12,
  DOWN: 1 << 13,
  RATE: 1 << 14,
  STATEMENT: 1 << 15,
  QUEUE: 1 << 16,
  TRAFFIC: 1 << 17,
} as const;
const RULES_BY_FIRST: Readonly<Record<string, number>> = {
  c: R.STATE,
  l: R.PROTOCOL | R.FLAP | R.CLEAR | R.DOWN | R.RATE | R.STATEMENT,
  d: R.DESCRIPTION,
  b: R.BANDWIDTH,
  i: R.MAC | R.STATEMENT | R.TRAFFIC,
  m: R.MEDIA | R.MTU | R.FRAME,
  t: R.MTU | R.FRAME,
  p: R.HW | R.STATEMENT,
  o: R.QUEUE,
  a: R.STATEMENT,
  f: R.STATEMENT,
  n: R.STATEMENT,
};

function rulesFor(code: number): number {
  // `<n>Gbps-speed mode`, `1000Mb/s, Full-duplex, …`
  if (code >= 48 && code <= 57) return R.SPEED | R.ROUTER_SPEED;
  // `Unknown-speed mode, …` and any other speed word
  return R.SPEED | (RULES_BY_FIRST[String.fromCharCode(code | 0x20)] ?? 0);
}

/** `<section>.<name>` keys, built once each: the same few dozen repeat in every block. */
const counterKeys = new Map<string, Map<string, string>>();

function counterKey(section: string, name: string): string {
  let bySection = counterKeys.get(section);
  if (bySection === undefined) {
    bySection = new Map();
    if (counterKeys.size < 100) counterKeys.set(section, bySection);
  }
  let key = bySection.get(name);
  if (key === undefined) {
    key = `${section}.${name}`;
    if (bySection.size < 1000) bySection.set(name, key);
  }
  return key;
}

const isSpace = (c: number): boolean => c === 32 || c === 9;
const isDigit = (c: number): boolean => c >= 48 && c <= 57;
const isLetter = (c: number): boolean => (c | 0x20) >= 97 && (c | 0x20) <= 122;

/**
 * `4323764375472 unicasts, 198 broadcasts, - overruns` → [['unicasts', 4323764375472n],
 * ['broadcasts', 198n], ['overruns', undefined]]; null if the text is not entirely such a list.
 * Hand-written (no split, no regex): these lines are most of a 256-port output.
 */
function countItems(text: string): [string, bigint | undefined][] | null {
  const out: [string, bigint | undefined][] = [];
  const len = text.length;
  let pos = 0;
  while (pos <= len) {
    let end = text.indexOf(',', pos);
    if (end < 0) end = len;
    let a = pos;
    let b = end;
    while (a < b && isSpace(text.charCodeAt(a))) a++;
    while (b > a && isSpace(text.charCodeAt(b - 1))) b--;
    pos = end + 1;
    if (a === b) continue;
    let d = a;
    if (text.charCodeAt(d) === 45) d++;
    else while (d < b && isDigit(text.charCodeAt(d))) d++;
    if (d === a || d >= b || !isSpace(text.charCodeAt(d))) return null;
    const numEnd = d;
    while (d < b && isSpace(text.charCodeAt(d))) d++;
    if (!isLetter(text.charCodeAt(d))) return null;
    for (let k = d + 1; k < b; k++) {
      const c = text.charCodeAt(k);
      if (!isLetter(c) && c !== 32) return null;
    }
    out.push([itemName(text.slice(d, b)), text.charCodeAt(a) === 45 ? undefined : BigInt(text.slice(a, numEnd))]);
  }
  return out.length > 0 ? out : null;
}

function speedToMbps(speed: string): number | undefined {
  const m = /^(\d+)(G|M)(?:bps|b\/s)?$/i.exec(speed);
  if (!m) return undefined;
  return Number(m[1]) * ((m[2] as string).toUpperCase() === 'G' ? 1000 : 1);
}

export function parseDisplayInterface(raw: string): ParseResult<ComwareInterface> {
  const lines = splitLines(raw);
  const unmatched: Unmatched[] = [];
  const records: ComwareInterface[] = [];
  let cur: ComwareInterface | undefined;
  /** Counter section of continuation lines (`input_total`, `input`, `ipv4_output`, …). */
  let section: string | undefined;
  /** `ipv4`/`ipv6` after `IPv4 traffic statistics:`. */
  let traffic: string | undefined;
  /** Last `*VLAN*` key, for wrapped VLAN lists. */
  let vlanKey: string | undefined;

  const start = (name: string): ComwareInterface => {
    const rec: ComwareInterface = { name: normalizePortName(name), counters: {}, fields: {} };
    records.push(rec);
    section = undefined;
    traffic = undefined;
    vlanKey = undefined;
    return rec;
  };
  const addCounters = (rec: ComwareInterface, sec: string, items: [string, bigint | undefined][]): void => {
    for (const [name, value] of items) if (value !== undefined) setField(rec.counters, counterKey(sec, name), value);
  };

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const t = line.trim();
    if (t === '') {
      section = undefined;
      vlanKey = undefined;
      continue;
    }
    const c0 = line.charCodeAt(0);
    const indented = c0 === 32 || c0 === 9 || c0 === 0xa0;

    if (!indented && NAME_LINE_RE.test(t)) {
      cur = start(t);
      continue;
    }
    const ns = t.includes(' current state') ? NAME_STATE_RE.exec(t) : null;
    if (ns) {
      cur = start(ns[1] as string);
      cur.state = (ns[2] as string).trim();
      continue;
    }
    if (!cur) {
      unmatched.push({ line: i + 1, text: line });
      continue;
    }
    const rec = cur;

    // Counter lines first: they continue the current section.
    if (section !== undefined && indented) {
      const items = countItems(t);
      if (items) {
        addCounters(rec, section, items);
        continue;
      }
    }
    const sec = SECTION_RE.exec(t);
    if (sec) {
      const dir = (sec[1] as string).toLowerCase();
      const name = `${traffic ? `${traffic}_` : ''}${dir}${sec[2] ? `_${(sec[2] as string).toLowerCase()}` : ''}`;
      const rest = (sec[3] as string).trim();
      const items = rest === '' ? [] : countItems(rest);
      if (items) {
        section = name;
        addCounters(rec, name, items);
        continue;
      }
    }
    section = undefined;
    const pd = PACKETS_DIR_RE.exec(t);
    if (pd) {
      const dir = (pd[2] as string).toLowerCase();
      setField(rec.counters, `${dir}.packets`, BigInt(pd[1] as string));
      setField(rec.counters, `${dir}.bytes`, BigInt(pd[3] as string));
      setField(rec.counters, `${dir}.drops`, BigInt(pd[4] as string));
      continue;
    }

    // Plain `key: value` lines with no meaning of their own skip the pattern chain below.
    const colon = t.indexOf(':');
    if (colon > 0) {
      const key = t.slice(0, colon).trimEnd();
      if (PLAIN_KEYS.has(key)) {
        if (!hasField(rec.fields, key)) setField(rec.fields, key, t.slice(colon + 1).trim());
        vlanKey = /vlan/i.test(key) ? key : undefined;
        continue;
      }
    }

    const rules = rulesFor(t.charCodeAt(0));
    let m: RegExpExecArray | null;
    if (rules & R.STATE && (m = STATE_RE.exec(t))) {
      rec.state = (m[1] as string).trim();
    } else if (rules & R.PROTOCOL && (m = PROTOCOL_RE.exec(t))) {
      rec.lineProtocol = (m[1] as string).trim();
    } else if (rules & R.DESCRIPTION && (m = DESCRIPTION_RE.exec(t))) {
      if (rec.description === undefined) rec.description = (m[1] as string).trim();
    } else if (rules & R.BANDWIDTH && (m = BANDWIDTH_RE.exec(t))) {
      rec.bandwidthKbps = Number(m[1]);
    } else if (rules & R.MAC && (m = MAC_RE.exec(t))) {
      if (rec.mac === undefined) rec.mac = (m[1] as string).toLowerCase();
    } else if (rules & R.SPEED && (m = SPEED_DUPLEX_RE.exec(t))) {
      rec.speed = m[1] as string;
      const mbps = speedToMbps(rec.speed);
      if (mbps !== undefined) rec.speedMbps = mbps;
      rec.duplex = (m[2] as string).toLowerCase();
    } else if (rules & R.ROUTER_SPEED && (m = SPEED_ROUTER_RE.exec(t))) {
      rec.speed = `${m[1] as string}${m[2] as string}/s`;
      rec.speedMbps = Number(m[1]) * ((m[2] as string).toLowerCase() === 'gb' ? 1000 : 1);
      rec.duplex = (m[3] as string).toLowerCase();
    } else if (rules & R.MEDIA && (m = MEDIA_RE.exec(t))) {
      const parts = (m[1] as string).split(',').map((p) => p.trim());
      rec.mediaType = parts[0];
      for (const p of parts.slice(1)) {
        const hw = HW_TYPE_RE.exec(p);
        if (hw) rec.portHardwareType = (hw[1] as string).trim();
      }
    } else if (rules & R.HW && (m = HW_TYPE_RE.exec(t))) {
      rec.portHardwareType = (m[1] as string).trim();
    } else if (rules & R.MTU && (m = MTU_RE.exec(t))) {
      rec.mtu = Number(m[1]);
    } else if (rules & R.FRAME && (m = FRAME_RE.exec(t))) {
      rec.maxFrameLength = Number(m[1]);
    } else if (rules & R.FLAP && (m = FLAPPING_RE.exec(t))) {
      rec.lastLinkFlapping = (m[1] as string).trim();
      const s = durationSeconds(rec.lastLinkFlapping);
      if (s !== undefined) rec.lastLinkFlappingSeconds = s;
    } else if (rules & R.CLEAR && (m = CLEARING_RE.exec(t))) {
      rec.lastClearing = (m[1] as string).trim();
    } else if (rules & R.DOWN && (m = DOWN_REASON_RE.exec(t))) {
      rec.lastHardwareDownReason = (m[1] as string).trim();
    } else if (rules & R.RATE && (m = RATE_RE.exec(t))) {
      const rest = m[3] as string;
      const pps = num(PPS_RE.exec(rest)?.[1]);
      const bps = num(BPS_RE.exec(rest)?.[1]);
      if (pps === undefined && bps === undefined) {
        unmatched.push({ line: i + 1, text: line });
      } else if (traffic === undefined) {
        if ((m[2] as string).toLowerCase() === 'input') {
          if (pps !== undefined) rec.inputPacketsPerSec = pps;
          if (bps !== undefined) rec.inputBytesPerSec = bps;
        } else {
          if (pps !== undefined) rec.outputPacketsPerSec = pps;
          if (bps !== undefined) rec.outputBytesPerSec = bps;
        }
      }
    } else if (rules & R.STATEMENT && (PEAK_RE.test(t) || STATEMENT_RE.test(t))) {
      // understood; nothing kept
    } else if (rules & R.QUEUE && (m = QUEUE_RE.exec(t))) {
      const q = (m[1] as string).toLowerCase().replace(/\s+/g, '_');
      setField(rec.counters, `output_queue.${q}.discards`, BigInt(m[4] as string));
    } else if (rules & R.TRAFFIC && (m = TRAFFIC_RE.exec(t))) {
      traffic = (m[1] as string).toLowerCase();
    } else if (vlanKey !== undefined && indented && VLAN_LIST_RE.test(t)) {
      setField(rec.fields, vlanKey, `${rec.fields[vlanKey] ?? ''} ${t}`.trim());
      continue;
    } else if ((m = KEY_VALUE_RE.exec(t))) {
      const key = (m[1] as string).replace(/\s+/g, ' ');
      if (!hasField(rec.fields, key)) setField(rec.fields, key, (m[2] as string).trim());
      vlanKey = /vlan/i.test(key) ? key : undefined;
      continue;
    } else {
      unmatched.push({ line: i + 1, text: line });
    }
    vlanKey = undefined;
  }
  return { records, unmatched };
}

export const displayInterfaceParser: Parser<ComwareInterface> = {
  id: 'display_interface',
  command: 'display interface [<type> [<number>]]',
  parse: parseDisplayInterface,
};
