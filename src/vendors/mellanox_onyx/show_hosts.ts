/**
 * `show hosts`: the switch's host name, name servers and static host mappings.
 *
 *   Hostname        : sc-r15ra1-100gsw64-hpe
 *   Name servers VRF: mgmt
 *
 *   Name servers:                                         <- a list: the indented lines that follow
 *         172.28.243.5                          configured
 *
 *   Static IPv4 host mappings:
 *     127.0.0.1                            --> localhost
 *
 *   Automatically map hostname to loopback address     : yes
 */
import { splitLines } from '../../core/parser.js';
import type { ParseResult, Parser, Unmatched } from '../../core/parser.js';
import { addField, setOwn } from './util.js';

export interface OnyxHosts {
  hostname?: string;
  fields: Record<string, string>;
  lists: Record<string, string[]>;
}

const LINE_RE = /^([A-Za-z][^:]*?)\s*:\s*(.*)$/;

export function parseShowHosts(raw: string): ParseResult<OnyxHosts> {
  const lines = splitLines(raw);
  const unmatched: Unmatched[] = [];
  const rec: OnyxHosts = { fields: {}, lists: {} };
  let understood = false;
  let list: string[] | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const t = line.trim();
    if (t === '') {
      list = undefined;
      continue;
    }
    if (/^\s/.test(line)) {
      if (list) list.push(t.replace(/\s+/g, ' '));
      else unmatched.push({ line: i + 1, text: line });
      continue;
    }
    const m = LINE_RE.exec(t);
    if (!m) {
      unmatched.push({ line: i + 1, text: line });
      list = undefined;
      continue;
    }
    understood = true;
    const key = m[1] ?? '';
    const value = (m[2] ?? '').trim();
    if (value === '') {
      list = [];
      setOwn(rec.lists, key, list);
      continue;
    }
    list = undefined;
    addField(rec.fields, key, value);
    if (key === 'Hostname') rec.hostname = value;
  }
  if (!understood) return { records: [], unmatched };
  return {
    records: [{ ...(rec.hostname !== undefined && { hostname: rec.hostname }), fields: rec.fields, lists: rec.lists }],
    unmatched,
  };
}

export const showHostsParser: Parser<OnyxHosts> = {
  id: 'show_hosts',
  command: 'show hosts',
  parse: parseShowHosts,
};
