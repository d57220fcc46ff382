/**
 * `show inventory`: one row per module.
 *
 *   -----------------------------------------------------------------------------
 *   Module           Part Number        Serial Number        Asic Rev.    HW Rev.
 *   -----------------------------------------------------------------------------
 *   CHASSIS          R6R24-63001        1I025105HJ           N/A          B1
 *   PS1              P10613-001         AC0251000R           N/A          A2
 */
import { splitLines } from '../../core/parser.js';
import type { ParseResult, Parser, Unmatched } from '../../core/parser.js';

export interface OnyxInventoryItem {
  module: string;
  partNumber: string;
  serialNumber: string;
  asicRev: string;
  hwRev: string;
}

const RULE_RE = /^-+$/;
const HEADER_RE = /^Module\s+Part Number\s+Serial Number\s+Asic Rev\.\s+HW Rev\.$/;

export function parseShowInventory(raw: string): ParseResult<OnyxInventoryItem> {
  const lines = splitLines(raw);
  const records: OnyxInventoryItem[] = [];
  const unmatched: Unmatched[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const t = line.trim();
    if (t === '' || RULE_RE.test(t) || HEADER_RE.test(t)) continue;
    const cols = t.split(/\s+/);
    if (cols.length !== 5 || /^\s/.test(line)) {
      unmatched.push({ line: i + 1, text: line });
      continue;
    }
    const [module, partNumber, serialNumber, asicRev, hwRev] = cols as [string, string, string, string, string];
    records.push({ module, partNumber, serialNumber, asicRev, hwRev });
  }
  return { records, unmatched };
}

export const showInventoryParser: Parser<OnyxInventoryItem> = {
  id: 'show_inventory',
  command: 'show inventory',
  parse: parseShowInventory,
};
