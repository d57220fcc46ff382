/**
 * `display transceiver manuinfo interface [<type> [<number>]]` (the sweep sends the seed's
 * `show transceiver manuinfo interface hge <s>/0/<p>`): the module's serial number.
 *
 *   HundredGigE2/0/1 transceiver manufacture information:
 *     Manu. Serial Number : 5BQ6AFC2326064
 *     Manufacturing Date  : 2023-06-27
 *     Vendor Name         : TE Connectivity
 */
import { splitLines } from '../../core/parser.js';
import type { ParseResult, Parser, Unmatched } from '../../core/parser.js';
import { ABSENT_RE, UNSUPPORTED_RE } from './transceiver-common.js';
import { hasField, normalizePortName, setField } from './util.js';

export interface TransceiverManuinfo {
  interface: string;
  absent?: boolean;
  unsupported?: boolean;
  serial?: string;
  manufacturingDate?: string;
  vendorName?: string;
  fields: Record<string, string>;
}

const HEADER_RE = /^(\S+) transceiver manufacture information:$/;
const KEY_VALUE_RE = /^(\S.*?)\s+:\s*(.*)$/;
const KNOWN: Readonly<Record<string, 'serial' | 'manufacturingDate' | 'vendorName'>> = {
  'Manu. Serial Number': 'serial',
  'Manufacturing Date': 'manufacturingDate',
  'Vendor Name': 'vendorName',
};

export function parseTransceiverManuinfo(raw: string): ParseResult<TransceiverManuinfo> {
  const lines = splitLines(raw);
  const unmatched: Unmatched[] = [];
  const records: TransceiverManuinfo[] = [];
  let cur: TransceiverManuinfo | undefined;

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const t = line.trim();
    if (t === '') continue;
    let m: RegExpExecArray | null;
    if ((m = HEADER_RE.exec(t))) {
      cur = { interface: normalizePortName(m[1] as string), fields: {} };
      records.push(cur);
      continue;
    }
    if (!cur) {
      unmatched.push({ line: i + 1, text: line });
    } else if (ABSENT_RE.test(t)) {
      cur.absent = true;
    } else if (UNSUPPORTED_RE.test(t)) {
      cur.unsupported = true;
    } else if ((m = KEY_VALUE_RE.exec(t))) {
      const key = (m[1] as string).replace(/\s+/g, ' ');
      const val = (m[2] as string).trim();
      if (!hasField(cur.fields, key)) {
        setField(cur.fields, key, val);
        const f = KNOWN[key];
        if (f !== undefined && hasField(KNOWN, key)) cur[f] = val;
      }
    } else {
      unmatched.push({ line: i + 1, text: line });
    }
  }
  return { records, unmatched };
}

export const showTransceiverManuinfoParser: Parser<TransceiverManuinfo> = {
  id: 'show_transceiver_manuinfo',
  command: 'display transceiver manuinfo interface [<type> [<number>]]',
  parse: parseTransceiverManuinfo,
};
