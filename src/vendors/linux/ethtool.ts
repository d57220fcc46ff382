/**
 * `ethtool <if>`: link settings (speed, duplex, autoneg, link modes, FEC modes, link state).
 *
 * Output shape (ioctl and netlink ethtool alike):
 *
 *   Settings for enp94s0:
 *   \tSupported link modes:   1000baseKX/Full
 *   \t                        10000baseKR/Full        <- continuation of the previous key
 *   \tSupported FEC modes: None\t RS\t BASER
 *   \tSpeed: 100000Mb/s
 *   \tCurrent message level: 0x00000004 (4)
 *   \t                       link                    <- continuation
 *   \tLink detected: yes
 */
import { splitLines } from '../../core/parser.js';
import type { ParseResult, Parser, Unmatched } from '../../core/parser.js';

export interface EthtoolSettings {
  /** Interface name from the `Settings for <if>:` header, when present. */
  ifname?: string;
  speedMbps?: number;
  duplex?: string;
  autoneg?: boolean;
  port?: string;
  linkDetected?: boolean;
  supportedLinkModes: string[];
  advertisedLinkModes: string[];
  supportedFecModes: string[];
  advertisedFecModes: string[];
  /** Largest N of the `<N>base...` supported link modes. */
  maxSupportedSpeedMbps?: number;
  /** Every `Key: value` as printed (continuation lines joined with a single space). */
  fields: Record<string, string>;
}

type ListField = 'supportedLinkModes' | 'advertisedLinkModes' | 'supportedFecModes' | 'advertisedFecModes';

const LIST_FIELDS: Readonly<Record<string, ListField>> = {
  'Supported link modes': 'supportedLinkModes',
  'Advertised link modes': 'advertisedLinkModes',
  'Supported FEC modes': 'supportedFecModes',
  'Advertised FEC modes': 'advertisedFecModes',
};

/** Keys whose value may continue on following indented lines without a colon. */
function isMultiLineKey(key: string): boolean {
  return key.endsWith('link modes') || key.endsWith('FEC modes') || key === 'Current message level';
}

const HEADER_RE = /^Settings for (.+):$/;
const SPEED_RE = /^(\d+)\s*Mb\/s$/;
const BASE_MODE_RE = /^(\d+)base/;

function tokens(value: string): string[] {
  if (value === '' || value === 'Not reported') return [];
  return value.split(/\s+/).filter((t) => t !== '');
}

function setOwn(obj: Record<string, string>, key: string, value: string): void {
  Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
}

function yesNo(value: string): boolean | undefined {
  if (value === 'yes') return true;
  if (value === 'no') return false;
  return undefined;
}

function onOff(value: string): boolean | undefined {
  if (value === 'on') return true;
  if (value === 'off') return false;
  return undefined;
}

export function parseEthtool(raw: string): ParseResult<EthtoolSettings> {
  const lines = splitLines(raw);
  const unmatched: Unmatched[] = [];
  const rec: EthtoolSettings = {
    supportedLinkModes: [],
    advertisedLinkModes: [],
    supportedFecModes: [],
    advertisedFecModes: [],
    fields: {},
  };
  let understood = false;
  /** Key of the last `Key: value` line, if its value may continue. */
  let openKey: string | undefined;

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const t = line.trim();
    if (t === '') continue;

    const header = HEADER_RE.exec(t);
    if (header && rec.ifname === undefined && !/^\s/.test(line)) {
      rec.ifname = header[1];
      understood = true;
      openKey = undefined;
      continue;
    }

    const indented = /^\s/.test(line);
    // After the header every setting is indented; an unindented line there is foreign text
    // (e.g. an error message captured with 2>&1).
    if (!indented && rec.ifname !== undefined) {
      unmatched.push({ line: i + 1, text: line });
      openKey = undefined;
      continue;
    }

    const colon = t.indexOf(':');
    if (colon < 0) {
      // A continuation line: indented, no colon, right after a multi-line key.
      if (openKey !== undefined && indented) {
        const prev = rec.fields[openKey] ?? '';
        setOwn(rec.fields, openKey, prev === '' ? t : `${prev} ${t}`);
        const list = LIST_FIELDS[openKey];
        if (list) rec[list].push(...tokens(t));
        continue;
      }
      unmatched.push({ line: i + 1, text: line });
      openKey = undefined;
      continue;
    }

    const key = t.slice(0, colon).trim();
    if (key === '') {
      unmatched.push({ line: i + 1, text: line });
      openKey = undefined;
      continue;
    }
    const value = t.slice(colon + 1).trim();
    understood = true;
    const prev = Object.prototype.hasOwnProperty.call(rec.fields, key) ? rec.fields[key] : undefined;
    // A repeated key keeps both values rather than dropping the first.
    setOwn(rec.fields, key, prev === undefined ? value : `${prev}\n${value}`);
    openKey = isMultiLineKey(key) ? key : undefined;

    const list = LIST_FIELDS[key];
    if (list) {
      rec[list].push(...tokens(value));
      continue;
    }
    switch (key) {
      case 'Speed': {
        const m = SPEED_RE.exec(value);
        if (m) rec.speedMbps = Number(m[1]);
        break;
      }
      case 'Duplex':
        rec.duplex = value;
        break;
      case 'Auto-negotiation': {
        const b = onOff(value);
        if (b !== undefined) rec.autoneg = b;
        break;
      }
      case 'Port':
        rec.port = value;
        break;
      case 'Link detected': {
        const b = yesNo(value);
        if (b !== undefined) rec.linkDetected = b;
        break;
      }
      default:
        break;
    }
  }

  let max: number | undefined;
  for (const mode of rec.supportedLinkModes) {
    const m = BASE_MODE_RE.exec(mode);
    if (m) {
      const n = Number(m[1]);
      if (max === undefined || n > max) max = n;
    }
  }
  if (max !== undefined) rec.maxSupportedSpeedMbps = max;
  if (!understood) return { records: [], unmatched };

  // Same key order as the interface, without undefined members.
  const out: EthtoolSettings = {
    ...(rec.ifname !== undefined && { ifname: rec.ifname }),
    ...(rec.speedMbps !== undefined && { speedMbps: rec.speedMbps }),
    ...(rec.duplex !== undefined && { duplex: rec.duplex }),
    ...(rec.autoneg !== undefined && { autoneg: rec.autoneg }),
    ...(rec.port !== undefined && { port: rec.port }),
    ...(rec.linkDetected !== undefined && { linkDetected: rec.linkDetected }),
    supportedLinkModes: rec.supportedLinkModes,
    advertisedLinkModes: rec.advertisedLinkModes,
    supportedFecModes: rec.supportedFecModes,
    advertisedFecModes: rec.advertisedFecModes,
    ...(rec.maxSupportedSpeedMbps !== undefined && { maxSupportedSpeedMbps: rec.maxSupportedSpeedMbps }),
    fields: rec.fields,
  };
  return { records: [out], unmatched };
}

export const ethtoolParser: Parser<EthtoolSettings> = {
  id: 'ethtool',
  command: 'ethtool <if>',
  parse: parseEthtool,
};
