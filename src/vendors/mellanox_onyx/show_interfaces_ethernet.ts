/**
 * `show interfaces ethernet` (`show int eth`): one block per port.
 *
 *   Eth1/1:                                                   <- `Eth1/1` without colon on MLNX-OS 3.6
 *     Admin state                      : Enabled
 *     Operational state                : Up
 *     Last change in operational status: 4w 3d and 11:36:29 ago (0 oper change)   <- or `Never`
 *     Description                      : L3 to spine-1           <- `N/A` (or `N\A`) when none
 *     Mac address                      : 1c:34:da:23:70:88
 *     Fec                              : auto
 *     Operational Fec                  : rs-fec
 *     Actual speed                     : 100Gx4                  <- `Unknown` when down, `100 Gbps` on 3.6
 *
 *     IPv4 address:                                             <- a list: the next, deeper lines
 *       10.250.226.154/31 [primary]
 *
 *     Rx:                                                       <- `Rx` unindented without colon on 3.6
 *       51390474362           packets
 *       0                     fcs errors
 *
 *     Tx:
 *       86559458605           packets
 *
 * Every `Key : value` is kept in `fields`, every list in `lists`, every Rx/Tx counter under its
 * printed name. One pass over the lines, constant work per line.
 */
import type { ParseResult, Parser, Unmatched } from '../../core/parser.js';
import { addField, parseDuration, parseSpeed, setOwn, u64, u64Digits } from './util.js';

export interface OnyxInterface {
  /** `Eth1/1`, `Eth1/31/2`. */
  port: string;
  adminState?: string;
  operState?: string;
  /** The `Last change in operational status` value without its `(N oper change)` suffix. */
  lastChange?: string;
  lastChangeAgeSeconds?: number;
  /** The `(N oper change)` count; 0 for `Never`. */
  operChanges?: bigint;
  description?: string;
  mac?: string;
  mtu?: number;
  fec?: string;
  operationalFec?: string;
  actualSpeed?: string;
  speedMbps?: number;
  speedLanes?: number;
  supportedSpeeds: string[];
  maxSupportedSpeedMbps?: number;
  /** Every `Key : value` line as printed (a repeated key keeps both values, newline-joined). */
  fields: Record<string, string>;
  /** `IPv4 address:`-style lists: the deeper-indented lines that follow. */
  lists: Record<string, string[]>;
  rx: Record<string, bigint>;
  tx: Record<string, bigint>;
}

const HEADER_RE = /^Eth(\d+(?:\/\d+){1,2}):?\s*$/;
const DIRECTION_RE = /^(Rx|Tx):?$/;
const OPER_CHANGES_RE = /^(.*?)\s*\((\d+) oper changes?\)$/;
const AGO_RE = /^(.*?)\s+ago$/;

/*
 * Speed strings repeat on every port of every switch: parse each distinct one once (bounded).
 */
const CACHE_LIMIT = 1000;
const speedCache = new Map<string, { mbps: number; lanes?: number } | null>();
const supportedCache = new Map<string, { list: readonly string[]; max?: number }>();

function speedOf(value: string): { mbps: number; lanes?: number } | undefined {
  let sp = speedCache.get(value);
  if (sp === undefined) {
    sp = parseSpeed(value) ?? null;
    if (speedCache.size < CACHE_LIMIT) speedCache.set(value, sp);
  }
  return sp ?? undefined;
}

function supportedOf(value: string): { list: readonly string[]; max?: number } {
  let sup = supportedCache.get(value);
  if (sup === undefined) {
    const list = value.split(/\s+/).filter((t) => t !== '');
    let max: number | undefined;
    for (const t of list) {
      const sp = parseSpeed(t);
      if (sp && (max === undefined || sp.mbps > max)) max = sp.mbps;
    }
    sup = max === undefined ? { list } : { list, max };
    if (supportedCache.size < CACHE_LIMIT) supportedCache.set(value, sup);
  }
  return sup;
}

type Handler = (rec: OnyxInterface, value: string) => boolean;

/** The fields with a typed member, by key: a Map lookup instead of a chain of string compares. */
const KNOWN = new Map<string, Handler>([
  ['Admin state', (rec, v) => ((rec.adminState = v), true)],
  ['Operational state', (rec, v) => ((rec.operState = v), true)],
  [
    'Last change in operational status',
    (rec, v) => {
      if (v === 'Never') {
        rec.lastChange = v;
        rec.operChanges = 0n;
        return true;
      }
      const m = OPER_CHANGES_RE.exec(v);
      const n = m ? u64(m[2] ?? '') : undefined;
      if (!m || n === undefined) return false;
      rec.lastChange = m[1] ?? '';
      rec.operChanges = n;
      const ago = AGO_RE.exec(rec.lastChange);
      const age = ago ? parseDuration(ago[1] ?? '') : undefined;
      if (age !== undefined) rec.lastChangeAgeSeconds = age;
      return true;
    },
  ],
  ['Description', (rec, v) => ((rec.description = v), true)],
  ['Mac address', (rec, v) => ((rec.mac = v.toLowerCase()), true)],
  [
    'MTU',
    (rec, v) => {
      const m = /^(\d+)/.exec(v);
      if (m) rec.mtu = Number(m[1]);
      return true;
    },
  ],
  ['Fec', (rec, v) => ((rec.fec = v), true)],
  ['Operational Fec', (rec, v) => ((rec.operationalFec = v), true)],
  [
    'Actual speed',
    (rec, v) => {
      rec.actualSpeed = v;
      const sp = speedOf(v);
      if (sp) {
        rec.speedMbps = sp.mbps;
        if (sp.lanes !== undefined) rec.speedLanes = sp.lanes;
      }
      return true;
    },
  ],
  [
    'Supported speeds',
    (rec, v) => {
      const sup = supportedOf(v);
      rec.supportedSpeeds = [...sup.list];
      if (sup.max !== undefined) rec.maxSupportedSpeedMbps = sup.max;
      return true;
    },
  ],
]);

/** Every member present from the start (one object shape for all ports); `ordered` drops the undefined ones. */
function newInterface(port: string): OnyxInterface {
  return {
    port,
    adminState: undefined,
    operState: undefined,
    lastChange: undefined,
    lastChangeAgeSeconds: undefined,
    operChanges: undefined,
    description: undefined,
    mac: undefined,
    mtu: undefined,
    fec: undefined,
    operationalFec: undefined,
    actualSpeed: undefined,
    speedMbps: undefined,
    speedLanes: undefined,
    supportedSpeeds: [],
    maxSupportedSpeedMbps: undefined,
    fields: {},
    lists: {},
    rx: {},
    tx: {},
  };
}

const isBlank = (c: number): boolean => c === 32 || c === 9 || c === 13;
const isDigit = (c: number): boolean => c >= 48 && c <= 57;

/** Index of the first `:` in raw[from, to), or -1 (never looks past the line). */
function colonIn(raw: string, from: number, to: number): number {
  for (let i = from; i < to; i++) if (raw.charCodeAt(i) === 58) return i;
  return -1;
}

export function parseShowInterfacesEthernet(raw: string): ParseResult<OnyxInterface> {
  const records: OnyxInterface[] = [];
  const unmatched: Unmatched[] = [];
  let cur: OnyxInterface | undefined;
  let dir: 'rx' | 'tx' | undefined;
  let list: string[] | undefined;
  let listIndent = 0;

  // Hot path (64 ports × ~60 lines per switch per sweep): one scan by index, no per-line array,
  // trim or regex except on the few header-like lines.
  const len = raw.length;
  let pos = 0;
  let lineNo = 0;
  while (pos < len) {
    let nl = raw.indexOf('\n', pos);
    if (nl < 0) nl = len;
    const lineStart = pos;
    const lineEnd = nl > pos && raw.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
    pos = nl + 1;
    lineNo++;

    let s = lineStart;
    let indent = 0;
    for (; s < lineEnd; s++) {
      const c = raw.charCodeAt(s);
      if (c === 32) indent++;
      else if (c === 9) indent += 8;
      else break;
    }
    let e = lineEnd;
    while (e > s && isBlank(raw.charCodeAt(e - 1))) e--;
    if (s === e) {
      list = undefined;
      continue;
    }
    const first = raw.charCodeAt(s);

    if (indent === 0 && first === 69 /* E */) {
      const h = HEADER_RE.exec(raw.slice(s, e));
      if (h) {
        cur = newInterface(`Eth${h[1]}`);
        records.push(cur);
        dir = undefined;
        list = undefined;
        continue;
      }
    }
    if (!cur) {
      unmatched.push({ line: lineNo, text: raw.slice(lineStart, lineEnd) });
      continue;
    }

    if (e - s <= 3 && (first === 82 /* R */ || first === 84) /* T */ && DIRECTION_RE.test(raw.slice(s, e))) {
      dir = first === 82 ? 'rx' : 'tx';
      list = undefined;
      continue;
    }
    if (dir !== undefined && indent > 0 && isDigit(first)) {
      let d = s + 1;
      while (d < e && isDigit(raw.charCodeAt(d))) d++;
      if (d < e && isBlank(raw.charCodeAt(d))) {
        let n = d + 1;
        while (n < e && isBlank(raw.charCodeAt(n))) n++;
        if (n < e && colonIn(raw, n, e) < 0) {
          const v = u64Digits(raw.slice(s, d));
          if (v === undefined) unmatched.push({ line: lineNo, text: raw.slice(lineStart, lineEnd) });
          else setOwn(cur[dir], raw.slice(n, e), v);
          continue;
        }
      }
    }
    if (list !== undefined && indent > listIndent) {
      list.push(raw.slice(s, e));
      continue;
    }

    const colon = colonIn(raw, s, e);
    // Every field is indented; an unindented line inside a block is foreign text.
    if (colon <= s || indent === 0) {
      unmatched.push({ line: lineNo, text: raw.slice(lineStart, lineEnd) });
      dir = undefined;
      list = undefined;
      continue;
    }
    let ke = colon;
    while (ke > s && isBlank(raw.charCodeAt(ke - 1))) ke--;
    let vs = colon + 1;
    while (vs < e && isBlank(raw.charCodeAt(vs))) vs++;
    const key = raw.slice(s, ke);
    dir = undefined;
    if (vs === e) {
      list = [];
      listIndent = indent;
      setOwn(cur.lists, key, list);
      continue;
    }
    const value = raw.slice(vs, e);
    list = undefined;
    addField(cur.fields, key, value);
    const known = KNOWN.get(key);
    if (known && !known(cur, value)) unmatched.push({ line: lineNo, text: raw.slice(lineStart, lineEnd) });
  }

  return { records: records.map(ordered), unmatched };
}

/** The record with its keys in the interface's order (stable golden files), without undefined members. */
function ordered(r: OnyxInterface): OnyxInterface {
  return {
    port: r.port,
    ...(r.adminState !== undefined && { adminState: r.adminState }),
    ...(r.operState !== undefined && { operState: r.operState }),
    ...(r.lastChange !== undefined && { lastChange: r.lastChange }),
    ...(r.lastChangeAgeSeconds !== undefined && { lastChangeAgeSeconds: r.lastChangeAgeSeconds }),
    ...(r.operChanges !== undefined && { operChanges: r.operChanges }),
    ...(r.description !== undefined && { description: r.description }),
    ...(r.mac !== undefined && { mac: r.mac }),
    ...(r.mtu !== undefined && { mtu: r.mtu }),
    ...(r.fec !== undefined && { fec: r.fec }),
    ...(r.operationalFec !== undefined && { operationalFec: r.operationalFec }),
    ...(r.actualSpeed !== undefined && { actualSpeed: r.actualSpeed }),
    ...(r.speedMbps !== undefined && { speedMbps: r.speedMbps }),
    ...(r.speedLanes !== undefined && { speedLanes: r.speedLanes }),
    supportedSpeeds: r.supportedSpeeds,
    ...(r.maxSupportedSpeedMbps !== undefined && { maxSupportedSpeedMbps: r.maxSupportedSpeedMbps }),
    fields: r.fields,
    lists: r.lists,
    rx: r.rx,
    tx: r.tx,
  };
}

export const showInterfacesEthernetParser: Parser<OnyxInterface> = {
  id: 'show_interfaces_ethernet',
  command: 'show int eth',
  parse: parseShowInterfacesEthernet,
};
