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
import { addField, indentOf, parseDuration, parseSpeed, setOwn, u64, u64Digits } from './util.js';

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

function applyKnown(rec: OnyxInterface, key: string, value: string): boolean {
  switch (key) {
    case 'Admin state':
      rec.adminState = value;
      return true;
    case 'Operational state':
      rec.operState = value;
      return true;
    case 'Last change in operational status': {
      if (value === 'Never') {
        rec.lastChange = value;
        rec.operChanges = 0n;
        return true;
      }
      const m = OPER_CHANGES_RE.exec(value);
      const n = m ? u64(m[2] ?? '') : undefined;
      if (!m || n === undefined) return false;
      rec.lastChange = m[1] ?? '';
      rec.operChanges = n;
      const ago = AGO_RE.exec(rec.lastChange);
      const age = ago ? parseDuration(ago[1] ?? '') : undefined;
      if (age !== undefined) rec.lastChangeAgeSeconds = age;
      return true;
    }
    case 'Description':
      rec.description = value;
      return true;
    case 'Mac address':
      rec.mac = value.toLowerCase();
      return true;
    case 'MTU': {
      const m = /^(\d+)/.exec(value);
      if (m) rec.mtu = Number(m[1]);
      return true;
    }
    case 'Fec':
      rec.fec = value;
      return true;
    case 'Operational Fec':
      rec.operationalFec = value;
      return true;
    case 'Actual speed': {
      rec.actualSpeed = value;
      const s = parseSpeed(value);
      if (s) {
        rec.speedMbps = s.mbps;
        if (s.lanes !== undefined) rec.speedLanes = s.lanes;
      }
      return true;
    }
    case 'Supported speeds': {
      rec.supportedSpeeds = value.split(/\s+/).filter((t) => t !== '');
      let max: number | undefined;
      for (const t of rec.supportedSpeeds) {
        const s = parseSpeed(t);
        if (s && (max === undefined || s.mbps > max)) max = s.mbps;
      }
      if (max !== undefined) rec.maxSupportedSpeedMbps = max;
      return true;
    }
    default:
      return true;
  }
}

/** Splits `<digits><spaces><name>` (a counter line, already trimmed); undefined when it is not one. */
function counterOf(t: string): { value: bigint | undefined; name: string } | undefined {
  let i = 0;
  while (i < t.length && t.charCodeAt(i) >= 48 && t.charCodeAt(i) <= 57) i++;
  if (i === 0 || i === t.length) return undefined;
  const c = t.charCodeAt(i);
  if (c !== 32 && c !== 9) return undefined;
  const name = t.slice(i).trim();
  if (name === '' || name.includes(':')) return undefined;
  return { value: u64Digits(t.slice(0, i)), name };
}

export function parseShowInterfacesEthernet(raw: string): ParseResult<OnyxInterface> {
  const records: OnyxInterface[] = [];
  const unmatched: Unmatched[] = [];
  let cur: OnyxInterface | undefined;
  let dir: 'rx' | 'tx' | undefined;
  let list: string[] | undefined;
  let listIndent = 0;

  // Hot path (64 ports × ~60 lines per switch per sweep): one scan with indexOf, few regexes.
  const len = raw.length;
  let pos = 0;
  let lineNo = 0;
  while (pos < len) {
    let nl = raw.indexOf('\n', pos);
    if (nl < 0) nl = len;
    let end = nl;
    if (end > pos && raw.charCodeAt(end - 1) === 13) end--;
    const line = raw.slice(pos, end);
    pos = nl + 1;
    lineNo++;
    const t = line.trim();
    if (t === '') {
      list = undefined;
      continue;
    }
    const indent = indentOf(line);

    if (indent === 0 && t.startsWith('Eth')) {
      const h = HEADER_RE.exec(t);
      if (h) {
        cur = { port: `Eth${h[1]}`, supportedSpeeds: [], fields: {}, lists: {}, rx: {}, tx: {} };
        records.push(cur);
        dir = undefined;
        list = undefined;
        continue;
      }
    }
    if (!cur) {
      unmatched.push({ line: lineNo, text: line });
      continue;
    }

    if (t.length <= 3 && DIRECTION_RE.test(t)) {
      dir = t.startsWith('Rx') ? 'rx' : 'tx';
      list = undefined;
      continue;
    }
    if (dir !== undefined && indent > 0) {
      const c = counterOf(t);
      if (c) {
        if (c.value === undefined) unmatched.push({ line: lineNo, text: line });
        else setOwn(cur[dir], c.name, c.value);
        continue;
      }
    }
    if (list !== undefined && indent > listIndent) {
      list.push(t);
      continue;
    }

    const colon = t.indexOf(':');
    // Every field is indented; an unindented line inside a block is foreign text.
    if (colon <= 0 || indent === 0) {
      unmatched.push({ line: lineNo, text: line });
      dir = undefined;
      list = undefined;
      continue;
    }
    const key = t.slice(0, colon).trim();
    const value = t.slice(colon + 1).trim();
    dir = undefined;
    if (value === '') {
      list = [];
      listIndent = indent;
      setOwn(cur.lists, key, list);
      continue;
    }
    list = undefined;
    addField(cur.fields, key, value);
    if (!applyKnown(cur, key, value)) unmatched.push({ line: lineNo, text: line });
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
