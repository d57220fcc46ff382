/**
 * `show version`: `Key: value` lines (blank lines between groups).
 *
 *   Product name:      Onyx
 *   Product release:   3.10.4302
 *   Product model:     x86onie
 *   System serial num: 1I025105HJ            <- quoted (`"MT1632X00205"`) on some MLNX-OS releases
 *   Uptime:            242d 19h 6m 36.416s
 */
import { splitLines } from '../../core/parser.js';
import type { ParseResult, Parser, Unmatched } from '../../core/parser.js';
import { addField, parseDuration } from './util.js';

export interface OnyxVersion {
  productName?: string;
  productRelease?: string;
  productModel?: string;
  serial?: string;
  hostId?: string;
  uptime?: string;
  uptimeSeconds?: number;
  /** Every `Key: value` as printed. */
  fields: Record<string, string>;
}

const LINE_RE = /^([A-Za-z][^:]*?):\s*(.*)$/;

/** `"X"` or `\"X\"` → `X`. */
function unquote(v: string): string {
  const m = /^\\?"(.*?)\\?"$/.exec(v);
  return m ? (m[1] ?? '') : v;
}

export function parseShowVersion(raw: string): ParseResult<OnyxVersion> {
  const lines = splitLines(raw);
  const unmatched: Unmatched[] = [];
  const rec: OnyxVersion = { fields: {} };
  let understood = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (line.trim() === '') continue;
    const m = LINE_RE.exec(line);
    if (!m) {
      unmatched.push({ line: i + 1, text: line });
      continue;
    }
    understood = true;
    const key = m[1] ?? '';
    const value = (m[2] ?? '').trim();
    addField(rec.fields, key, value);
    switch (key) {
      case 'Product name':
        rec.productName = value;
        break;
      case 'Product release':
        rec.productRelease = value;
        break;
      case 'Product model':
        rec.productModel = value;
        break;
      case 'System serial num':
        rec.serial = unquote(value);
        break;
      case 'Host ID':
        rec.hostId = value;
        break;
      case 'Uptime': {
        rec.uptime = value;
        const s = parseDuration(value);
        if (s !== undefined) rec.uptimeSeconds = s;
        break;
      }
      default:
        break;
    }
  }
  if (!understood) return { records: [], unmatched };
  const out: OnyxVersion = {
    ...(rec.productName !== undefined && { productName: rec.productName }),
    ...(rec.productRelease !== undefined && { productRelease: rec.productRelease }),
    ...(rec.productModel !== undefined && { productModel: rec.productModel }),
    ...(rec.serial !== undefined && { serial: rec.serial }),
    ...(rec.hostId !== undefined && { hostId: rec.hostId }),
    ...(rec.uptime !== undefined && { uptime: rec.uptime }),
    ...(rec.uptimeSeconds !== undefined && { uptimeSeconds: rec.uptimeSeconds }),
    fields: rec.fields,
  };
  return { records: [out], unmatched };
}

export const showVersionParser: Parser<OnyxVersion> = {
  id: 'show_version',
  command: 'show version',
  parse: parseShowVersion,
};
