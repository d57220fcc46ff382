/**
 * `ethtool -i <if>`: driver information.
 *
 *   driver: mlx5_core
 *   version: 23.10-3.2.2
 *   firmware-version: 16.32.2004 (DEL0000000005)
 *   expansion-rom-version:
 *   bus-info: 0000:5e:00.0
 *   supports-statistics: yes
 */
import { splitLines } from '../../core/parser.js';
import type { ParseResult, Parser, Unmatched } from '../../core/parser.js';

export interface EthtoolDriverInfo {
  driver?: string;
  version?: string;
  firmwareVersion?: string;
  busInfo?: string;
  /** Every `key: value` as printed (values may be empty). */
  fields: Record<string, string>;
}

/** ethtool prints lower-case, hyphenated keys; anything else is not a driver-info line. */
const KEY_RE = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;

export function parseEthtoolI(raw: string): ParseResult<EthtoolDriverInfo> {
  const lines = splitLines(raw);
  const unmatched: Unmatched[] = [];
  const rec: EthtoolDriverInfo = { fields: {} };
  let understood = false;

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const t = line.trim();
    if (t === '') continue;
    const colon = t.indexOf(':');
    const key = colon > 0 ? t.slice(0, colon).trim() : '';
    if (!KEY_RE.test(key) || Object.prototype.hasOwnProperty.call(rec.fields, key)) {
      unmatched.push({ line: i + 1, text: line });
      continue;
    }
    const value = t.slice(colon + 1).trim();
    Object.defineProperty(rec.fields, key, { value, enumerable: true, writable: true, configurable: true });
    understood = true;
    switch (key) {
      case 'driver':
        rec.driver = value;
        break;
      case 'version':
        rec.version = value;
        break;
      case 'firmware-version':
        rec.firmwareVersion = value;
        break;
      case 'bus-info':
        rec.busInfo = value;
        break;
      default:
        break;
    }
  }

  if (!understood) return { records: [], unmatched };
  const out: EthtoolDriverInfo = {
    ...(rec.driver !== undefined && { driver: rec.driver }),
    ...(rec.version !== undefined && { version: rec.version }),
    ...(rec.firmwareVersion !== undefined && { firmwareVersion: rec.firmwareVersion }),
    ...(rec.busInfo !== undefined && { busInfo: rec.busInfo }),
    fields: rec.fields,
  };
  return { records: [out], unmatched };
}

export const ethtoolIParser: Parser<EthtoolDriverInfo> = {
  id: 'ethtool_i',
  command: 'ethtool -i <if>',
  parse: parseEthtoolI,
};
