/**
 * `show interfaces` (`show int`): one block per interface.
 *
 *   Ethernet1/1 is up, line protocol is up (connected)
 *     Hardware is Ethernet, address is c069.1102.7275 (bia c069.1102.7275)
 *     Description: L3 to sc-r15ra1-100gsw256-hpe
 *     IP MTU 9000 bytes , BW 100000000 kbit
 *     Full-duplex, 100Gb/s over 2 lanes, auto negotiation: off, uni-link: n/a
 *     Up 29 days, 7 hours, 30 minutes, 27 seconds
 *     0 link status changes since last clear
 *     5 seconds input rate 224 Mbps (0.2% with framing overhead), 9631 packets/sec
 *        9061425941 packets input, 32570174802336 bytes
 *        0 input errors, 0 CRC, 0 alignment, 0 symbol, 53328 input discards
 *        …
 *
 * Every counter line is read item by item (`N label`, comma separated); a line with an unknown
 * item is unmatched as a whole. Descriptive lines that linkmon does not model (addresses, VXLAN
 * settings, port-channel members) are recognized one by one and kept in `other`.
 */
import type { ParseResult, Parser, Unmatched } from '../../core/parser.js';
import { indentOf, isBlank, macFromDotted, outputLines, u64 } from './common.js';

export interface EosInterfaceCounters {
  inPackets?: bigint;
  inBytes?: bigint;
  inBroadcasts?: bigint;
  inMulticast?: bigint;
  runts?: bigint;
  giants?: bigint;
  inErrors?: bigint;
  crc?: bigint;
  alignment?: bigint;
  symbol?: bigint;
  inDiscards?: bigint;
  pauseIn?: bigint;
  outPackets?: bigint;
  outBytes?: bigint;
  outBroadcasts?: bigint;
  outMulticast?: bigint;
  outErrors?: bigint;
  collisions?: bigint;
  lateCollisions?: bigint;
  deferred?: bigint;
  outDiscards?: bigint;
  pauseOut?: bigint;
}

export type EosCounterName = keyof EosInterfaceCounters;

export interface EosInterfaceRate {
  /** Averaging interval as printed: `5 seconds`, `5 minutes`, `1 second`. */
  interval: string;
  bitsPerSecond: number;
  packetsPerSecond: number;
  /** `0.2%`, or `-` when the switch does not know the speed (absent from eAPI). */
  utilization?: string;
}

export interface EosInterface {
  /** As printed: `Ethernet1/1`, `Management1`, `Port-Channel2`, `Vlan11`. */
  name: string;
  /** `up`, `down` or `administratively down`. */
  linkStatus?: string;
  /** Line protocol: `up`, `down`, `lowerlayerdown`, `notpresent`, … */
  protocolStatus?: string;
  /** The word in parentheses: `connected`, `notconnect`, `disabled`, `errdisabled`, … */
  status?: string;
  /** `Ethernet`, `Vlan`, `Loopback`, `Port-Channel`, `Vxlan`. */
  hardware?: string;
  mac?: string;
  bia?: string;
  /** As printed (EOS keeps quotes that were part of the configured text). */
  description?: string;
  ipAddress?: string;
  memberOf?: string;
  mtu?: number;
  bandwidthKbit?: number;
  duplex?: string;
  /** The speed as printed: `100Gb/s`, `Unconfigured`. */
  speedText?: string;
  speedMbps?: number;
  lanes?: number;
  autoNegotiation?: string;
  uniLink?: string;
  /** `up` or `down`, and for how long (`29 days, 7 hours, 30 minutes, 27 seconds`). */
  stateFor?: { state: 'up' | 'down'; duration: string };
  loopbackMode?: string;
  linkStatusChanges?: bigint;
  lastClearing?: string;
  inputRate?: EosInterfaceRate;
  outputRate?: EosInterfaceRate;
  counters: EosInterfaceCounters;
  /** Recognized descriptive lines that linkmon does not model, trimmed, in order. */
  other: string[];
}

const HEADER_RE = /^(\S+) is (up|down|administratively down), line protocol is (\S+)(?: \(([^)]*)\))?$/;
const HARDWARE_RE = /^Hardware is (\S+?)(?:, address is (\S+)(?: \(bia (\S+)\))?)?$/;
const MTU_RE = /^(?:IP|Ethernet) MTU (\d+) bytes(?: \(default\))?\s*(?:, BW (\d+) kbit)?$/;
const DUPLEX_RE = /^(\S+-duplex), (.+)$/;
const SPEED_RE = /^(\d+(?:\.\d+)?)([KMGT])b\/s(?: over (\d+) lanes?)?$/;
const UPDOWN_RE = /^(Up|Down) (\d.*)$/;
const LSC_RE = /^(\d+) link status changes? since last clear$/;
const RATE_RE =
  /^(\d+ (?:seconds?|minutes?)) (input|output) rate (\d+(?:\.\d+)?) ([kMGT]?bps) \(([^)]*) with framing overhead\), (\d+) packets\/sec$/;

const SPEED_MULT: Readonly<Record<string, number>> = { K: 0.001, M: 1, G: 1000, T: 1_000_000 };
const RATE_MULT: Readonly<Record<string, number>> = { bps: 1, kbps: 1e3, Mbps: 1e6, Gbps: 1e9, Tbps: 1e12 };

/** Counter labels as printed, for lines without a prefix (`bytes` depends on the line). */
const COUNTER_LABELS: ReadonlyMap<string, EosCounterName> = new Map([
  ['packets input', 'inPackets'],
  ['runts', 'runts'],
  ['giants', 'giants'],
  ['input errors', 'inErrors'],
  ['CRC', 'crc'],
  ['alignment', 'alignment'],
  ['symbol', 'symbol'],
  ['input discards', 'inDiscards'],
  ['PAUSE input', 'pauseIn'],
  ['packets output', 'outPackets'],
  ['output errors', 'outErrors'],
  ['collisions', 'collisions'],
  ['late collision', 'lateCollisions'],
  ['late collisions', 'lateCollisions'],
  ['deferred', 'deferred'],
  ['output discards', 'outDiscards'],
  ['PAUSE output', 'pauseOut'],
]);

/** `Received N broadcasts, N multicast` and `Sent …`. */
const RECEIVED_LABELS: ReadonlyMap<string, EosCounterName> = new Map([
  ['broadcasts', 'inBroadcasts'],
  ['multicast', 'inMulticast'],
]);
const SENT_LABELS: ReadonlyMap<string, EosCounterName> = new Map([
  ['broadcasts', 'outBroadcasts'],
  ['multicast', 'outMulticast'],
]);

/** Descriptive lines recognized but not modelled (trimmed text). */
const OTHER_RES: readonly RegExp[] = [
  /^Broadcast address is \S+$/,
  /^Address determined by .+$/,
  /^No Internet protocol address assigned$/,
  /^IPv6 link-local address is \S+$/,
  /^No IPv6 global unicast address is assigned$/,
  /^IPv6 global unicast address\(es\):$/,
  /^Active members in this channel: \d+$/,
  /^\.\.\. \S+ , .+$/,
  /^Fallback mode is: .+$/,
  /^Source interface is .+$/,
  /^Listening on UDP port \d+$/,
  /^Replication\/Flood Mode is .+$/,
  /^Remote MAC learning .+$/,
  /^VNI mapping to VLANs$/,
  /^Static VLAN to VNI mapping is.*$/,
  /^Static VRF to VNI mapping is.*$/,
  /^Headend replication flood vtep list is:$/,
  /^MLAG Shared Router MAC is \S+$/,
  /^Note: .+$/,
];

/** Scratch space for one counter line's items (applied only when the whole line is understood). */
const itemKeys: EosCounterName[] = [];
const itemValues: bigint[] = [];

/** One counter line (`9061425941 packets input, 32570174802336 bytes`) → number of items, or -1. */
function counterItems(t: string): number {
  let labels = COUNTER_LABELS;
  let pos = 0;
  if (t.startsWith('Received ')) {
    labels = RECEIVED_LABELS;
    pos = 9;
  } else if (t.startsWith('Sent ')) {
    labels = SENT_LABELS;
    pos = 5;
  }
  let n = 0;
  let direction: 'in' | 'out' | undefined;
  while (pos < t.length) {
    let next = t.indexOf(', ', pos);
    if (next < 0) next = t.length;
    const space = t.indexOf(' ', pos);
    if (space <= pos || space >= next) return -1;
    const v = u64(t.slice(pos, space));
    if (v === undefined) return -1;
    const label = t.slice(space + 1, next);
    let key: EosCounterName | undefined;
    if (label === 'bytes' && labels === COUNTER_LABELS) key = direction === 'in' ? 'inBytes' : direction === 'out' ? 'outBytes' : undefined;
    else key = labels.get(label);
    if (key === undefined) return -1;
    if (key === 'inPackets') direction = 'in';
    else if (key === 'outPackets') direction = 'out';
    itemKeys[n] = key;
    itemValues[n] = v;
    n++;
    pos = next + 2;
  }
  return n;
}

/** `Full-duplex, 100Gb/s over 2 lanes, auto negotiation: off, uni-link: n/a` → fields, or false. */
function readDuplex(rec: EosInterface, duplex: string, rest: string): boolean {
  const parts = rest.trim().split(', ');
  const speed = parts[0] ?? '';
  const update: Partial<EosInterface> = { duplex, speedText: speed };
  const sm = SPEED_RE.exec(speed);
  if (sm) {
    update.speedMbps = Number(sm[1]) * (SPEED_MULT[sm[2] ?? ''] ?? 0);
    if (sm[3] !== undefined) update.lanes = Number(sm[3]);
  }
  for (const p of parts.slice(1)) {
    if (p.startsWith('auto negotiation: ')) update.autoNegotiation = p.slice(18);
    else if (p.startsWith('uni-link: ')) update.uniLink = p.slice(10);
    else return false;
  }
  Object.assign(rec, update);
  return true;
}

export function parseShowInterfaces(raw: string): ParseResult<EosInterface> {
  const lines = outputLines(raw);
  const unmatched: Unmatched[] = [];
  const records: EosInterface[] = [];
  let rec: EosInterface | undefined;
  let continuation = false;

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const indent = indentOf(line);
    if (indent === line.length || isBlank(line)) continue;
    const last = line.charCodeAt(line.length - 1);
    const t = last === 32 || last === 9 ? line.slice(indent).trimEnd() : indent === 0 ? line : line.slice(indent);

    if (indent === 0) {
      const h = HEADER_RE.exec(t);
      if (!h) {
        // Not an interface: what follows cannot be attributed to the previous one.
        unmatched.push({ line: i + 1, text: line });
        rec = undefined;
        continue;
      }
      rec = { name: h[1] ?? '', linkStatus: h[2], protocolStatus: h[3], counters: {}, other: [] };
      if (h[4] !== undefined) rec.status = h[4];
      records.push(rec);
      continuation = false;
      continue;
    }
    if (!rec) {
      unmatched.push({ line: i + 1, text: line });
      continue;
    }
    if (continuation && indent > 2) {
      rec.other.push(t);
      continue;
    }
    continuation = false;

    const c = t.charCodeAt(0);
    if (indent >= 4 && ((c >= 48 && c <= 57) || c === 82 /* R */ || c === 83) /* S */) {
      const n = counterItems(t);
      if (n < 0) {
        unmatched.push({ line: i + 1, text: line });
        continue;
      }
      for (let k = 0; k < n; k++) rec.counters[itemKeys[k] as EosCounterName] = itemValues[k] as bigint;
      continue;
    }
    const how = understood(rec, t);
    if (how === false) unmatched.push({ line: i + 1, text: line });
    else if (how === 'list') continuation = true;
  }
  return { records, unmatched };
}

/** Whether a recognized line opens a list that continues on more-indented lines. */
const OPENS_LIST_RE = /:$|mapping is$|^Note: /;

/**
 * Applies one descriptive line: true when understood, 'list' when it also opens a list (more
 * indented lines continue it), false when the line is not one linkmon knows.
 */
function understood(rec: EosInterface, t: string): boolean | 'list' {
  let m: RegExpExecArray | null;
  const sp = t.indexOf(' ');
  const first = sp < 0 ? t : t.slice(0, sp);
  switch (first) {
    case 'Hardware':
      if (!(m = HARDWARE_RE.exec(t))) break;
      rec.hardware = m[1];
      if (m[2] !== undefined) {
        const mac = macFromDotted(m[2]);
        if (mac === undefined) return false;
        rec.mac = mac;
      }
      if (m[3] !== undefined) {
        const bia = macFromDotted(m[3]);
        if (bia === undefined) return false;
        rec.bia = bia;
      }
      return true;
    case 'Description:':
      rec.description = t.slice(12).trim();
      return true;
    case 'Internet':
      if (!(m = /^Internet address is (\S+)$/.exec(t))) break;
      rec.ipAddress = m[1];
      return true;
    case 'Member':
      if (!(m = /^Member of (.+)$/.exec(t))) break;
      rec.memberOf = m[1];
      return true;
    case 'IP':
    case 'Ethernet':
      if (!(m = MTU_RE.exec(t))) break;
      rec.mtu = Number(m[1]);
      if (m[2] !== undefined) rec.bandwidthKbit = Number(m[2]);
      return true;
    case 'Up':
    case 'Down':
      if (!(m = UPDOWN_RE.exec(t))) break;
      rec.stateFor = { state: m[1] === 'Up' ? 'up' : 'down', duration: m[2] ?? '' };
      return true;
    case 'Loopback':
      if (!(m = /^Loopback Mode : (.+)$/.exec(t))) break;
      rec.loopbackMode = m[1];
      return true;
    case 'Last':
      if (!(m = /^Last clearing of "show interface" counters (.+)$/.exec(t))) break;
      rec.lastClearing = m[1];
      return true;
    default:
      if (first.endsWith('-duplex,')) {
        m = DUPLEX_RE.exec(t);
        return m ? readDuplex(rec, m[1] ?? '', m[2] ?? '') : false;
      }
      if ((m = LSC_RE.exec(t))) {
        const v = u64(m[1]);
        if (v === undefined) return false;
        rec.linkStatusChanges = v;
        return true;
      }
      if ((m = RATE_RE.exec(t))) {
        const rate: EosInterfaceRate = {
          interval: m[1] ?? '',
          bitsPerSecond: Math.round(Number(m[3]) * (RATE_MULT[m[4] ?? ''] ?? 0)),
          packetsPerSecond: Number(m[6]),
          utilization: m[5] ?? '',
        };
        if (m[2] === 'input') rec.inputRate = rate;
        else rec.outputRate = rate;
        return true;
      }
  }
  for (const re of OTHER_RES) {
    if (re.test(t)) {
      rec.other.push(t);
      return OPENS_LIST_RE.test(t) ? 'list' : true;
    }
  }
  return false;
}

export const showInterfacesParser: Parser<EosInterface> = {
  id: 'show_interfaces',
  command: 'show interfaces',
  parse: parseShowInterfaces,
};
