/**
 * `display transceiver interface [<type> [<number>]]` (the sweep sends the seed's
 * `show transceiver interface hge <s>/0/<p>`): what module is plugged in.
 *
 *   HundredGigE2/0/1 transceiver information:
 *     Transceiver Type              : 100G_AOC_QSFP28
 *     Connector Type                : No Separable Connector
 *     Wavelength(nm)                : N/A
 *     Transfer Distance(m)          : 3(No Separable Connector)
 *     Digital Diagnostic Monitoring : YES
 *     Vendor Name                   : TE Connectivity
 *     Vendor Part Number            : 2428274-3
 *   Info:  This is not a supported transceiver for this platform.  …
 */
import { splitLines } from '../../core/parser.js';
import type { ParseResult, Parser, Unmatched } from '../../core/parser.js';
import { ABSENT_RE, UNSUPPORTED_RE } from './transceiver-common.js';
import { hasField, normalizePortName, setField } from './util.js';

export interface TransceiverInfo {
  interface: string;
  absent?: boolean;
  unsupported?: boolean;
  type?: string;
  connector?: string;
  wavelength?: string;
  distance?: string;
  ddm?: string;
  vendorName?: string;
  partNumber?: string;
  serial?: string;
  /** Every `key : value` line as printed. */
  fields: Record<string, string>;
  /** `Info:` lines. */
  notes: string[];
}

const HEADER_RE = /^(\S+) transceiver information:$/;
const NOTE_RE = /^Info:\s*(.*)$/;
const KEY_VALUE_RE = /^(\S.*?)\s+:\s*(.*)$/;
const KNOWN: Readonly<Record<string, 'type' | 'connector' | 'wavelength' | 'distance' | 'ddm' | 'vendorName' | 'partNumber' | 'serial'>> = {
  'Transceiver Type': 'type',
  'Connector Type': 'connector',
  'Wavelength(nm)': 'wavelength',
  'Transfer Distance(m)': 'distance',
  'Digital Diagnostic Monitoring': 'ddm',
  'Vendor Name': 'vendorName',
  'Vendor Part Number': 'partNumber',
  'Vendor Serial Number': 'serial',
};

export function parseTransceiverInterface(raw: string): ParseResult<TransceiverInfo> {
  const lines = splitLines(raw);
  const unmatched: Unmatched[] = [];
  const records: TransceiverInfo[] = [];
  let cur: TransceiverInfo | undefined;

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const t = line.trim();
    if (t === '') continue;
    let m: RegExpExecArray | null;
    if ((m = HEADER_RE.exec(t))) {
      cur = { interface: normalizePortName(m[1] as string), fields: {}, notes: [] };
      records.push(cur);
      continue;
    }
    if (!cur) {
      unmatched.push({ line: i + 1, text: line });
    } else if (ABSENT_RE.test(t)) {
      cur.absent = true;
    } else if (UNSUPPORTED_RE.test(t)) {
      cur.unsupported = true;
    } else if ((m = NOTE_RE.exec(t))) {
      cur.notes.push((m[1] as string).trim());
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

export const showTransceiverInterfaceParser: Parser<TransceiverInfo> = {
  id: 'show_transceiver_interface',
  command: 'display transceiver interface [<type> [<number>]]',
  parse: parseTransceiverInterface,
};
