/**
 * eAPI `show interfaces counters errors`: error counters per interface.
 *
 *   { "interfaceErrorCounters": { "Ethernet1": { "inErrors": 0, "fcsErrors": 0,
 *       "alignmentErrors": 0, "symbolErrors": 0, "frameTooShorts": 0, "frameTooLongs": 0,
 *       "outErrors": 0 } } }
 *
 * The names follow `show interfaces`: FCS errors are its `CRC`, frames too short its `runts`.
 */
import type { ParseResult, Parser } from '../../core/parser.js';
import { allUnmatched, isObject, readJsonOutput, u64FromJson } from './common.js';

export interface EosErrorCounters {
  port: string;
  inErrors?: bigint;
  fcsErrors?: bigint;
  alignmentErrors?: bigint;
  symbolErrors?: bigint;
  frameTooShorts?: bigint;
  frameTooLongs?: bigint;
  outErrors?: bigint;
}

const KEYS = ['inErrors', 'fcsErrors', 'alignmentErrors', 'symbolErrors', 'frameTooShorts', 'frameTooLongs', 'outErrors'] as const;

export function parseEapiShowInterfacesCountersErrors(raw: string): ParseResult<EosErrorCounters> {
  const { value, unmatched } = readJsonOutput(raw);
  if (!value) return { records: [], unmatched };
  const all = value.interfaceErrorCounters;
  if (!isObject(all)) return { records: [], unmatched: allUnmatched(raw) };
  const records: EosErrorCounters[] = [];
  for (const [port, c] of Object.entries(all)) {
    if (!isObject(c)) continue;
    const rec: EosErrorCounters = { port };
    for (const k of KEYS) {
      const v = u64FromJson(c[k]);
      if (v !== undefined) rec[k] = v;
    }
    records.push(rec);
  }
  return { records, unmatched };
}

export const eapiShowInterfacesCountersErrorsParser: Parser<EosErrorCounters> = {
  id: 'eapi_show_interfaces_counters_errors',
  command: 'show interfaces counters errors',
  parse: parseEapiShowInterfacesCountersErrors,
};
