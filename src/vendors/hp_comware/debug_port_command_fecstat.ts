/**
 * `debug port command slot <slot> phy/fecstat/0/<port>` (probe view): the PHY's FEC registers of
 * one port, in hex.
 *
 *   ---------------------
 *   u=0 p=1 fecmoncnt=10659
 *   ***Table58 time:10/28/2023 04:12:51:874581***
 *   ---INNER phy---
 *   uiIntFecCorrect=0x14797b
 *   uiIntFecUnCorrect=0x0
 *   uiIntFecCorrectRate_Ber=N/A
 *   ---EXT phy SYSTEM---
 *   usSysieee_corr_cw_cnt=0x0
 *   ***end***
 *
 * `corrected`/`uncorrected` are `uiIntFecCorrect`/`uiIntFecUnCorrect` (32-bit codeword counters);
 * `0xffffffff` means the PHY has no value (no module, no FEC lock) and reads as 0, as the seed
 * linkmon does, with `correctedInvalid`/`uncorrectedInvalid` set. `registers` keeps every hex
 * register as read. A wildcard command prints several blocks: one record each.
 */
import { splitLines } from '../../core/parser.js';
import type { ParseResult, Parser, Unmatched } from '../../core/parser.js';
import { setField } from './util.js';

export interface FecStat {
  /** `u=` and `p=`: the chip unit and its port index. */
  unit?: number;
  port?: number;
  fecmoncnt?: bigint;
  table?: string;
  time?: string;
  corrected?: bigint;
  uncorrected?: bigint;
  correctedInvalid?: boolean;
  uncorrectedInvalid?: boolean;
  registers: Record<string, bigint>;
  /** Non-hex values (`uiIntFecCorrectRate_Ber=N/A`). */
  fields: Record<string, string>;
}

const INVALID = 0xffffffffn;
const RULE_RE = /^-{5,}$/;
const PORT_RE = /^u=(\d+)\s+p=(\d+)(?:\s+fecmoncnt=(\d+))?$/;
const TABLE_RE = /^\*\*\*(\S+) time:(.+?)\*\*\*$/;
const SECTION_RE = /^---\S.*\S---$/;
const END_RE = /^\*\*\*end\*\*\*$/;
const HEX_RE = /^(\w+)=0x([0-9a-fA-F]{1,16})$/;
const VALUE_RE = /^(\w+)=(\S*)$/;

export function parseFecstat(raw: string): ParseResult<FecStat> {
  const lines = splitLines(raw);
  const unmatched: Unmatched[] = [];
  const records: FecStat[] = [];
  let cur: FecStat | undefined;
  const open = (): FecStat => {
    const rec: FecStat = { registers: {}, fields: {} };
    records.push(rec);
    return rec;
  };

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const t = line.trim();
    if (t === '') continue;
    let m: RegExpExecArray | null;
    if (RULE_RE.test(t)) {
      cur = open();
      continue;
    }
    if ((m = PORT_RE.exec(t))) {
      if (!cur || cur.port !== undefined) cur = open();
      cur.unit = Number(m[1]);
      cur.port = Number(m[2]);
      if (m[3] !== undefined) cur.fecmoncnt = BigInt(m[3]);
      continue;
    }
    if (!cur) {
      unmatched.push({ line: i + 1, text: line });
      continue;
    }
    if ((m = TABLE_RE.exec(t))) {
      cur.table = m[1] as string;
      cur.time = m[2] as string;
    } else if (SECTION_RE.test(t)) {
      // ---INNER phy--- / ---EXT phy SYSTEM--- / ---EXT phy LINE---
    } else if (END_RE.test(t)) {
      cur = undefined;
    } else if ((m = HEX_RE.exec(t))) {
      const name = m[1] as string;
      const value = BigInt(`0x${m[2] as string}`);
      setField(cur.registers, name, value);
      if (name === 'uiIntFecCorrect') {
        cur.corrected = value === INVALID ? 0n : value;
        if (value === INVALID) cur.correctedInvalid = true;
      } else if (name === 'uiIntFecUnCorrect') {
        cur.uncorrected = value === INVALID ? 0n : value;
        if (value === INVALID) cur.uncorrectedInvalid = true;
      }
    } else if ((m = VALUE_RE.exec(t))) {
      setField(cur.fields, m[1] as string, m[2] as string);
    } else {
      unmatched.push({ line: i + 1, text: line });
    }
  }
  // A rule line followed by nothing is not a block.
  return { records: records.filter((r) => r.port !== undefined || Object.keys(r.registers).length > 0), unmatched };
}

export const debugPortCommandFecstatParser: Parser<FecStat> = {
  id: 'debug_port_command_fecstat',
  command: 'debug port command slot <slot> phy/fecstat/0/<port>',
  parse: parseFecstat,
};
