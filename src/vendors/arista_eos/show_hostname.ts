/**
 * `show hostname`:
 *
 *   Hostname: sc-r15ra2-100gsw
 *   FQDN:     sc-r15ra2-100gsw
 */
import type { ParseResult, Parser, Unmatched } from '../../core/parser.js';
import { outputLines } from './common.js';

export interface EosHostname {
  hostname?: string;
  fqdn?: string;
}

const ROW_RE = /^(Hostname|FQDN):\s*(\S*)\s*$/;

export function parseShowHostname(raw: string): ParseResult<EosHostname> {
  const lines = outputLines(raw);
  const unmatched: Unmatched[] = [];
  const rec: EosHostname = {};
  let seen = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (line.trim() === '') continue;
    const m = ROW_RE.exec(line);
    const key = m?.[1] === 'Hostname' ? 'hostname' : 'fqdn';
    if (!m || rec[key] !== undefined) {
      unmatched.push({ line: i + 1, text: line });
      continue;
    }
    rec[key] = m[2] ?? '';
    seen = true;
  }
  return { records: seen ? [rec] : [], unmatched };
}

export const showHostnameParser: Parser<EosHostname> = {
  id: 'show_hostname',
  command: 'show hostname',
  parse: parseShowHostname,
};
