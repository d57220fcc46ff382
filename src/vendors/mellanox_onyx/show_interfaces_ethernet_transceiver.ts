/**
 * `show interfaces ethernet <slot>/<port> transceiver` (`show int eth 1/1 trans`): the module's
 * identity. Values are indented with a tab.
 *
 *   Port 1/1 state
 *   	identifier             : QSFP28
 *   	cable/module type      : Optical module
 *   	ethernet speed and type: 100GBASE-SR4
 *   	vendor                 : Mellanox
 *   	cable length           : N/A
 *   	part number            : MMA1B00-C100D
 *   	revision               : B2
 *   	serial number          : MT1234FT00001
 *
 * An empty cage prints a `Cable is not present` line instead of the fields (wording as the seed
 * linkmon matched it; the capture at hand has no empty cage).
 */
import { splitLines } from '../../core/parser.js';
import type { ParseResult, Parser, Unmatched } from '../../core/parser.js';
import { addField } from './util.js';

export interface OnyxTransceiver {
  /** `Eth1/1`, from the `Port 1/1 state` header. */
  port?: string;
  present: boolean;
  identifier?: string;
  cableType?: string;
  /** `ethernet speed and type`, e.g. `100GBASE-SR4`. */
  speedAndType?: string;
  vendor?: string;
  cableLength?: string;
  partNumber?: string;
  revision?: string;
  serial?: string;
  /** Every `key : value` as printed. */
  fields: Record<string, string>;
}

const HEADER_RE = /^Port (\d+(?:\/\d+){1,2}) state$/;
const ABSENT_RE = /cable is not present|transceiver is absent|module is not present/i;

const KNOWN: Readonly<Record<string, 'identifier' | 'cableType' | 'speedAndType' | 'vendor' | 'cableLength' | 'partNumber' | 'revision' | 'serial'>> = {
  identifier: 'identifier',
  'cable/module type': 'cableType',
  'ethernet speed and type': 'speedAndType',
  vendor: 'vendor',
  'cable length': 'cableLength',
  'part number': 'partNumber',
  revision: 'revision',
  'serial number': 'serial',
};

export function parseTransceiver(raw: string): ParseResult<OnyxTransceiver> {
  const lines = splitLines(raw);
  const unmatched: Unmatched[] = [];
  const rec: OnyxTransceiver = { present: true, fields: {} };
  let understood = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const t = line.trim();
    if (t === '') continue;
    const indented = /^\s/.test(line);
    const h = indented ? null : HEADER_RE.exec(t);
    if (h && rec.port === undefined) {
      rec.port = `Eth${h[1]}`;
      understood = true;
      continue;
    }
    if (indented && ABSENT_RE.test(t)) {
      rec.present = false;
      understood = true;
      continue;
    }
    const colon = t.indexOf(':');
    if (!indented || colon <= 0 || rec.port === undefined) {
      unmatched.push({ line: i + 1, text: line });
      continue;
    }
    understood = true;
    const key = t.slice(0, colon).trim();
    const value = t.slice(colon + 1).trim();
    addField(rec.fields, key, value);
    const k = KNOWN[key];
    if (k !== undefined) rec[k] = value;
  }
  if (!understood) return { records: [], unmatched };
  const out: OnyxTransceiver = {
    ...(rec.port !== undefined && { port: rec.port }),
    present: rec.present,
    ...(rec.identifier !== undefined && { identifier: rec.identifier }),
    ...(rec.cableType !== undefined && { cableType: rec.cableType }),
    ...(rec.speedAndType !== undefined && { speedAndType: rec.speedAndType }),
    ...(rec.vendor !== undefined && { vendor: rec.vendor }),
    ...(rec.cableLength !== undefined && { cableLength: rec.cableLength }),
    ...(rec.partNumber !== undefined && { partNumber: rec.partNumber }),
    ...(rec.revision !== undefined && { revision: rec.revision }),
    ...(rec.serial !== undefined && { serial: rec.serial }),
    fields: rec.fields,
  };
  return { records: [out], unmatched };
}

export const showInterfacesEthernetTransceiverParser: Parser<OnyxTransceiver> = {
  id: 'show_interfaces_ethernet_transceiver',
  command: 'show int eth <slot>/<port> trans',
  parse: parseTransceiver,
};
