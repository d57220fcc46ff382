/**
 * eAPI `show interfaces counters discards`, read into the records of the text parser.
 *
 *   { "interfaces": { "Ethernet1": { "inDiscards": 42, "outDiscards": 0 } },
 *     "inDiscardsTotal": 42, "outDiscardsTotal": 0 }
 */
import type { ParseResult, Parser } from '../../core/parser.js';
import { allUnmatched, isObject, readJsonOutput, u64FromJson } from './common.js';
import type { EosDiscards } from './show_interfaces_counters_discards.js';

export function parseEapiShowInterfacesCountersDiscards(raw: string): ParseResult<EosDiscards> {
  const { value, unmatched } = readJsonOutput(raw);
  if (!value) return { records: [], unmatched };
  if (!isObject(value.interfaces)) return { records: [], unmatched: allUnmatched(raw) };
  const records: EosDiscards[] = [];
  for (const [port, c] of Object.entries(value.interfaces)) {
    if (!isObject(c)) continue;
    const inD = u64FromJson(c.inDiscards);
    const outD = u64FromJson(c.outDiscards);
    if (inD === undefined || outD === undefined) continue;
    records.push({ kind: 'port', port, inDiscards: inD, outDiscards: outD });
  }
  const inT = u64FromJson(value.inDiscardsTotal);
  const outT = u64FromJson(value.outDiscardsTotal);
  if (inT !== undefined && outT !== undefined) records.push({ kind: 'total', inDiscards: inT, outDiscards: outT });
  return { records, unmatched };
}

export const eapiShowInterfacesCountersDiscardsParser: Parser<EosDiscards> = {
  id: 'eapi_show_interfaces_counters_discards',
  command: 'show interfaces counters discards',
  parse: parseEapiShowInterfacesCountersDiscards,
};
