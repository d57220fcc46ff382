/**
 * `show interfaces phy detail` (`show int phy detail`), and its single-port form
 * `show interfaces Ethernet1/1 phy detail` used by fast polling: one block per port.
 *
 *   Current System Time: Sun Oct 29 02:45:48 2023
 *   Ethernet1/1
 *                                 Current State     Changes            Last Change
 *                                 -------------     -------            -----------
 *   *** WARNING: some information is stale.                       <- values below are not current
 *     PHY state                   linkUp                 13   29 days, 7:31:53 ago
 *     Interrupt Count                                    31
 *     FEC corrected codewords     8897                    8   29 days, 7:31:56 ago
 *     FEC lane corrected symbols
 *       Lane 0                    8                       4   29 days, 7:51:07 ago
 *     PCS error blocks            0                                          never
 *    BCM56993-BLACKHAWKGEN3 line                                  <- PHY chip (400G layout)
 *     Pre-FEC bit error rate      < 1.86E-12
 *     Tx Equalization / SerDes Statistics                         <- tables, kept verbatim
 *   Lane 0                                                        <- 100G SerDes table
 *   RXPPM CLK90 CLKP1 PF(M,L) VGA DCO DFE(1,2,3,4,5,6)        TXPPM TXEQ(n1,m,p1,2,3)
 *      19    30     1    0,2   10  -6  29,-16,  3, 11,  3,  0     0  8, 49,55, 0, 0
 *
 * Columns are placed by the `Current State / Changes / Last Change` header: the state starts at
 * its column, the change count is a number right of it, the last change is `never` or `… ago`.
 * Every labelled row is kept in `rows`. FEC values are Arista's non-cumulative registers: the
 * latest reading and how often it was updated.
 *
 * A block with `*** WARNING: some information is stale` (any case, anywhere in the block) has
 * `stale: true` and no FEC, transceiver, BER or alignment values: absent, not wrong. When a port
 * shows several PHY chips, the last reading printed (the outermost, line side) is the one kept.
 */
import type { ParseResult, Parser, Unmatched } from '../../core/parser.js';
import type { FecRegisterReading } from '../switch-driver.js';
import { indentOf, isBlank, isDigits, outputLines, u64 } from './common.js';

export interface PhyRow {
  /** The heading the row is listed under (`FEC lane corrected symbols`), if any. */
  section?: string;
  label: string;
  state?: string;
  changes?: bigint;
  lastChange?: string;
}

export interface PhyLaneReading extends FecRegisterReading {
  readonly lane: number;
}

export interface PhyTable {
  /** `Tx Equalization`, `SerDes Statistics`, or `Lane 0` in the 100G layout. */
  title: string;
  /** Header and data lines, trimmed, as printed. */
  lines: string[];
}

export interface EosPhyDetail {
  port: string;
  /** `Current System Time` printed above the blocks. */
  systemTime?: string;
  stale: boolean;
  phyState?: string;
  interfaceState?: string;
  operSpeed?: string;
  transceiver?: string;
  transceiverSerial?: string;
  /** The PHY chip model (`Bcm56965-tscf (A) (…)`), not the transceiver's. */
  model?: string;
  firmwareRevision?: string;
  /** `Forward Error Correction`: `Reed-Solomon`, `Fire-code`, `Disabled`, … */
  fec?: string;
  fecAlignmentLock?: string;
  fecCorrected?: FecRegisterReading;
  fecUncorrected?: FecRegisterReading;
  fecLaneCorrectedSymbols?: PhyLaneReading[];
  fecCorrectedSymbolRate?: string;
  preFecBer?: string;
  postFecBer?: string;
  /** PHY chip lines (` BCM56993-BLACKHAWKGEN3 line`), in order. */
  chips: string[];
  rows: PhyRow[];
  tables: PhyTable[];
}

const SYSTEM_TIME_RE = /^Current System Time: (.+)$/;
const PORT_RE = /^([A-Za-z][A-Za-z-]*\d[\w/.:]*)$/;
const COLUMNS_RE = /^\s+Current State\s+Changes\s+Last Change\s*$/;
const DASHES_RE = /^\s+-{3,}\s+-{3,}\s+-{3,}\s*$/;
const STALE_RE = /^\*\*\* WARNING: some information is stale\.?$/i;
const LAST_CHANGE_RE = /^(?:never|(?:\d+ days?, )?\d+:\d\d:\d\d ago)$/;
const LANE_ROW_RE = /^Lane (\d+)$/;
const TABLE_HEADER_RE = /^Lane {2,}\S/;
const TABLE_ROW_RE = /^\d+ {2,}\S/;
const SERDES100_RE = /^Lane \d+$/;
const SERDES100_HEADER_RE = /^RXPPM /;
const SERDES100_ROW_RE = /^\s+-?\d/;

/** Default column layout when no header line was seen (single-port output still has it). */
const DEFAULT_STATE_COL = 30;

/** Typed fields read from top-level rows, and whether a stale block drops them. */
const TEXT_ROWS: ReadonlyMap<string, { key: TextKey; stale: boolean }> = new Map([
  ['PHY state', { key: 'phyState', stale: false }],
  ['Interface state', { key: 'interfaceState', stale: false }],
  ['Oper speed', { key: 'operSpeed', stale: false }],
  ['Transceiver', { key: 'transceiver', stale: true }],
  ['Transceiver SN', { key: 'transceiverSerial', stale: true }],
  ['Model', { key: 'model', stale: true }],
  ['Firmware revision', { key: 'firmwareRevision', stale: true }],
  ['Forward Error Correction', { key: 'fec', stale: true }],
  ['FEC alignment lock', { key: 'fecAlignmentLock', stale: true }],
  ['FEC corrected symbol rate', { key: 'fecCorrectedSymbolRate', stale: true }],
  ['Pre-FEC bit error rate', { key: 'preFecBer', stale: true }],
  ['Post-FEC bit error rate', { key: 'postFecBer', stale: true }],
]);

type TextKey =
  | 'phyState'
  | 'interfaceState'
  | 'operSpeed'
  | 'transceiver'
  | 'transceiverSerial'
  | 'model'
  | 'firmwareRevision'
  | 'fec'
  | 'fecAlignmentLock'
  | 'fecCorrectedSymbolRate'
  | 'preFecBer'
  | 'postFecBer';

/** Scratch arrays for the fields of one row (reused: no allocation per line). */
const fieldStart = new Int32Array(64);
const fieldEnd = new Int32Array(64);

/** Fields of `line[from, end)` separated by two or more spaces; returns their count. */
function scanFields(line: string, from: number, end: number): number {
  let n = 0;
  let i = from;
  while (i < end) {
    while (i < end && line.charCodeAt(i) === 32) i++;
    if (i >= end) break;
    let stop = line.indexOf('  ', i);
    if (stop < 0 || stop > end || n === fieldStart.length - 1) stop = end;
    fieldStart[n] = i;
    fieldEnd[n] = stop;
    n++;
    i = stop;
  }
  return n;
}

function isLastChange(line: string, start: number, end: number): boolean {
  if (end - start === 5) return line.startsWith('never', start);
  return end - start >= 11 && line.startsWith(' ago', end - 4) && LAST_CHANGE_RE.test(line.slice(start, end));
}

/**
 * Splits a row at the state column into label, state, changes and last change. A line without
 * anything right of the label column is a heading (label only); undefined when values have no label.
 */
function readRow(line: string, indent: number, stateCol: number): PhyRow | undefined {
  let end = line.length;
  while (end > indent && line.charCodeAt(end - 1) === 32) end--;
  if (end <= stateCol || line.charCodeAt(stateCol - 1) !== 32) return { label: line.slice(indent, end) };
  let labelEnd = line.indexOf('  ', indent);
  if (labelEnd < 0 || labelEnd >= stateCol) {
    labelEnd = stateCol - 1;
    while (labelEnd > indent && line.charCodeAt(labelEnd - 1) === 32) labelEnd--;
  }
  if (labelEnd <= indent) return undefined;
  const row: PhyRow = { label: line.slice(indent, labelEnd) };
  let last = scanFields(line, stateCol, end) - 1;
  if (last >= 0 && isLastChange(line, fieldStart[last] ?? 0, fieldEnd[last] ?? 0)) {
    row.lastChange = line.slice(fieldStart[last], fieldEnd[last]);
    last--;
  }
  if (last >= 0) {
    const cs = fieldStart[last] ?? 0;
    const ce = fieldEnd[last] ?? 0;
    if (cs > stateCol && isDigits(line, cs, ce)) {
      const changes = ce - cs < 16 ? BigInt(line.slice(cs, ce)) : u64(line.slice(cs, ce));
      if (changes === undefined) return undefined;
      row.changes = changes;
      last--;
    }
  }
  if (last >= 0) row.state = line.slice(fieldStart[0], fieldEnd[last]);
  return row;
}

function reading(row: PhyRow): FecRegisterReading | undefined {
  const value = u64(row.state);
  if (value === undefined) return undefined;
  return row.lastChange !== undefined ? { value, changes: row.changes ?? 0n, lastChange: row.lastChange } : { value, changes: row.changes ?? 0n };
}

interface Block {
  readonly port: string;
  readonly systemTime: string | undefined;
  stale: boolean;
  /** Typed values, applied when the block ends (a stale warning may come after them). */
  readonly text: Partial<Record<TextKey, string>>;
  corrected?: FecRegisterReading;
  uncorrected?: FecRegisterReading;
  /** Lanes of the last `FEC lane corrected symbols` list (a later chip's list replaces it). */
  lanes: PhyLaneReading[];
  readonly chips: string[];
  readonly rows: PhyRow[];
  readonly tables: PhyTable[];
}

const TEXT_SPECS = [...TEXT_ROWS.values()];

function finish(b: Block): EosPhyDetail {
  const rec: EosPhyDetail = { port: b.port } as EosPhyDetail;
  if (b.systemTime !== undefined) rec.systemTime = b.systemTime;
  rec.stale = b.stale;
  for (const spec of TEXT_SPECS) {
    const v = b.text[spec.key];
    if (v !== undefined && !(b.stale && spec.stale)) rec[spec.key] = v;
  }
  if (!b.stale) {
    if (b.corrected) rec.fecCorrected = b.corrected;
    if (b.uncorrected) rec.fecUncorrected = b.uncorrected;
    if (b.lanes.length > 0) rec.fecLaneCorrectedSymbols = b.lanes;
  }
  rec.chips = b.chips;
  rec.rows = b.rows;
  rec.tables = b.tables;
  return rec;
}

export function parseShowInterfacesPhyDetail(raw: string): ParseResult<EosPhyDetail> {
  const lines = outputLines(raw);
  const unmatched: Unmatched[] = [];
  const records: EosPhyDetail[] = [];
  let systemTime: string | undefined;
  let block: Block | undefined;
  let stateCol = DEFAULT_STATE_COL;
  let section: string | undefined;
  let table: PhyTable | undefined;

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const indent = indentOf(line);
    if (indent === line.length || isBlank(line)) continue;

    if (indent === 0) {
      let m: RegExpExecArray | null;
      const c = line.charCodeAt(0);
      if (c === 67 /* C */ && (m = SYSTEM_TIME_RE.exec(line))) {
        if (block) records.push(finish(block));
        block = undefined;
        systemTime = m[1];
        continue;
      }
      if (block && c === 42 /* * */ && STALE_RE.test(line.trimEnd())) {
        block.stale = true;
        continue;
      }
      if (block && c === 76 /* L */ && SERDES100_RE.test(line)) {
        table = { title: line.trimEnd(), lines: [] };
        block.tables.push(table);
        section = undefined;
        continue;
      }
      if (block && table && c === 82 /* R */ && SERDES100_HEADER_RE.test(line)) {
        table.lines.push(line.trimEnd());
        continue;
      }
      if ((m = PORT_RE.exec(line.trimEnd()))) {
        if (block) records.push(finish(block));
        block = { port: m[1] ?? '', systemTime, stale: false, text: {}, lanes: [], chips: [], rows: [], tables: [] };
        stateCol = DEFAULT_STATE_COL;
        section = undefined;
        table = undefined;
        continue;
      }
      unmatched.push({ line: i + 1, text: line });
      continue;
    }
    if (!block) {
      unmatched.push({ line: i + 1, text: line });
      continue;
    }
    if (indent >= 8 && (COLUMNS_RE.test(line) || DASHES_RE.test(line))) {
      const col = line.indexOf('Current State');
      if (col > 0) stateCol = col;
      continue;
    }
    if (indent === 1) {
      // ` BCM56993-BLACKHAWKGEN3 line`: the rows that follow belong to this PHY chip.
      block.chips.push(line.trim());
      section = undefined;
      table = undefined;
      continue;
    }
    if (table && indent >= 3) {
      const t = line.slice(indent);
      if (table.title.startsWith('Lane') ? SERDES100_ROW_RE.test(line) : TABLE_HEADER_RE.test(t) || TABLE_ROW_RE.test(t)) {
        table.lines.push(t.trimEnd());
        continue;
      }
    }
    table = undefined;
    if (indent === 2) section = undefined;

    const row = readRow(line, indent, stateCol);
    if (!row) {
      unmatched.push({ line: i + 1, text: line });
      continue;
    }
    if (row.state === undefined && row.changes === undefined && row.lastChange === undefined) {
      if (indent !== 2) {
        unmatched.push({ line: i + 1, text: line });
        continue;
      }
      // A heading: a table or a list (of lanes) follows.
      const next = lines[i + 1] ?? '';
      if (TABLE_HEADER_RE.test(next.slice(indentOf(next)))) {
        table = { title: row.label, lines: [] };
        block.tables.push(table);
      } else {
        section = row.label;
        if (section === 'FEC lane corrected symbols') block.lanes = [];
      }
      block.rows.push(row);
      continue;
    }
    if (indent > 2) {
      if (section === undefined) {
        unmatched.push({ line: i + 1, text: line });
        continue;
      }
      row.section = section;
      block.rows.push(row);
      if (section === 'FEC lane corrected symbols') {
        const lm = LANE_ROW_RE.exec(row.label);
        const r = reading(row);
        if (lm && r) {
          const lane: PhyLaneReading =
            r.lastChange !== undefined
              ? { lane: Number(lm[1]), value: r.value, changes: r.changes, lastChange: r.lastChange }
              : { lane: Number(lm[1]), value: r.value, changes: r.changes };
          block.lanes.push(lane);
        }
      }
      continue;
    }
    block.rows.push(row);
    const spec = TEXT_ROWS.get(row.label);
    if (spec && row.state !== undefined) block.text[spec.key] = row.state;
    else if (row.label === 'FEC corrected codewords') block.corrected = reading(row) ?? block.corrected;
    else if (row.label === 'FEC uncorrected codewords') block.uncorrected = reading(row) ?? block.uncorrected;
  }
  if (block) records.push(finish(block));
  return { records, unmatched };
}

export const showInterfacesPhyDetailParser: Parser<EosPhyDetail> = {
  id: 'show_interfaces_phy_detail',
  command: 'show interfaces phy detail',
  parse: parseShowInterfacesPhyDetail,
};
