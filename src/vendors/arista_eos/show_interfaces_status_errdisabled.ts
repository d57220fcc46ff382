/**
 * `show interfaces status errdisabled`: ports shut down by the switch and why.
 *
 *      Port         Name                       Status         Reason
 *   ------------ -------------------------- ----------------- ------
 *      Et4/1       L3 to sc-r7rb6-400gs       errdisabled    lfs
 *
 * Rows are read as: port, name (may be empty, may contain spaces), status, reason.
 */
import type { ParseResult, Parser, Unmatched } from '../../core/parser.js';
import { normalizePort, outputLines, tokens } from './common.js';

export interface EosErrdisabled {
  port: string;
  name: string;
  /** `errdisabled`, or the status word printed. */
  status: string;
  /** `lfs`, `link-flap`, `bpduguard`, `xcvr-unsupported`, … */
  reason: string;
}

const HEADER_RE = /^\s*Port\s+Name\s+Status\s+Reason\s*$/;
const DASHES_RE = /^[-\s]+$/;
const PORT_RE = /^[A-Z][A-Za-z-]*\d[\w/.:]*$/;
const STATUS_RE = /^[a-z][\w-]*$/;

export function parseShowInterfacesStatusErrdisabled(raw: string): ParseResult<EosErrdisabled> {
  const lines = outputLines(raw);
  const unmatched: Unmatched[] = [];
  const records: EosErrdisabled[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (line.trim() === '' || HEADER_RE.test(line) || DASHES_RE.test(line)) continue;
    const tok = tokens(line);
    const port = tok[0];
    const status = tok[tok.length - 2];
    const reason = tok[tok.length - 1];
    if (tok.length < 3 || port === undefined || !PORT_RE.test(port) || status === undefined || !STATUS_RE.test(status) || reason === undefined) {
      unmatched.push({ line: i + 1, text: line });
      continue;
    }
    const nameStart = line.indexOf(port) + port.length;
    const statusAt = line.lastIndexOf(` ${status} `) + 1;
    const name = line.slice(nameStart, statusAt > nameStart ? statusAt : nameStart).trim();
    records.push({ port: normalizePort(port), name, status, reason });
  }
  return { records, unmatched };
}

export const showInterfacesStatusErrdisabledParser: Parser<EosErrdisabled> = {
  id: 'show_interfaces_status_errdisabled',
  command: 'show interfaces status errdisabled',
  parse: parseShowInterfacesStatusErrdisabled,
};
