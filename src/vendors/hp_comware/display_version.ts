/**
 * `display version`: software version, model, uptime, and one section per board.
 *
 *   HPE Comware Software, Version 9.1.058, Release 5210P01
 *   Copyright (c) 2010-2023 Hewlett Packard Enterprise Development LP
 *   HPE FF 12908E uptime is 55 weeks, 3 days, 12 hours, 29 minutes
 *   Last reboot reason : User reboot
 *
 *   Boot image: flash:/12900E-CMW910-BOOT-R5210P01.bin
 *   Boot image version: 9.1.058, Release 5210P01
 *     Compiled Apr 19 2023 14:00:00
 *
 *   MPU(M) 0:
 *   Uptime is 55 weeks,3 days,12 hours,30 minutes
 *   HPE FF 12908E MPU(M) with 1 D1518 Processor(s)
 *   BOARD TYPE:              LSXM1SUPER1
 *
 * `model` is the text before ` uptime is` without the vendor word (`FF 12908E`), `vendor` that
 * word (`HPE`, `H3C`, `HP`). No serial number is printed here.
 */
import { splitLines } from '../../core/parser.js';
import type { ParseResult, Parser, Unmatched } from '../../core/parser.js';
import { durationSeconds, hasField, setField } from './util.js';

export interface ComwareBoard {
  /** As printed before the colon: `MPU(M) 0`, `LPU 2`, `Slot 1`. */
  name: string;
  uptimeSeconds?: number;
  /** `HPE FF 12908E LPU with 1 C3558 Processor(s)`. */
  description?: string;
  fields: Record<string, string>;
  subslots: string[];
}

export interface ComwareVersion {
  /** `HPE Comware Software`. */
  software?: string;
  version?: string;
  release?: string;
  vendor?: string;
  model?: string;
  uptime?: string;
  uptimeSeconds?: number;
  lastRebootReason?: string;
  /** Other `key: value` lines before the first board. */
  fields: Record<string, string>;
  boards: ComwareBoard[];
}

const SOFTWARE_RE = /^(.*Software),?\s*(?:Comware Software,?\s*)?Version\s+([^,\s]+)(?:,\s*Release\s+(\S+))?$/;
const SOFTWARE_ONLY_RE = /^\S.*Comware.*Software$/;
const COPYRIGHT_RE = /^Copyright \(c\)/i;
const UPTIME_RE = /^(.+?) uptime is (.+)$/;
const VENDORS = new Set(['HPE', 'H3C', 'HP']);
const REBOOT_RE = /^Last reboot reason\s*:\s*(.*)$/;
const COMPILED_RE = /^Compiled\s+\S.*$/;
const BOARD_RE = /^([A-Za-z][A-Za-z0-9() ]*?\d)\s*:$/;
const BOARD_UPTIME_RE = /^Uptime is (.+)$/;
const PROCESSORS_RE = /^.+ with \d+ .*Processors?(?:\(s\))?$/;
const SUBSLOT_RE = /^\[SubSlot \d+\]\s*.*$/;
const KEY_VALUE_RE = /^([A-Za-z][A-Za-z0-9 ()./-]*?)\s*:\s*(.*)$/;

export function parseDisplayVersion(raw: string): ParseResult<ComwareVersion> {
  const lines = splitLines(raw);
  const unmatched: Unmatched[] = [];
  const rec: ComwareVersion = { fields: {}, boards: [] };
  let board: ComwareBoard | undefined;

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const t = line.trim();
    if (t === '') continue;
    let m: RegExpExecArray | null;
    if ((m = SOFTWARE_RE.exec(t)) && rec.version === undefined && !board) {
      rec.software = (m[1] as string).trim();
      rec.version = m[2] as string;
      if (m[3] !== undefined) rec.release = m[3];
      continue;
    }
    if (!board && SOFTWARE_ONLY_RE.test(t) && rec.software === undefined) {
      rec.software = t;
      continue;
    }
    if (COPYRIGHT_RE.test(t) || COMPILED_RE.test(t)) continue;
    if (!board && (m = UPTIME_RE.exec(t))) {
      const words = (m[1] as string).trim().split(/\s+/);
      if (words.length > 1 && VENDORS.has(words[0] as string)) {
        rec.vendor = words[0];
        rec.model = words.slice(1).join(' ');
      } else {
        rec.model = words.join(' ');
      }
      rec.uptime = (m[2] as string).trim();
      const s = durationSeconds(rec.uptime);
      if (s !== undefined) rec.uptimeSeconds = s;
      continue;
    }
    if (!board && (m = REBOOT_RE.exec(t))) {
      rec.lastRebootReason = (m[1] as string).trim();
      continue;
    }
    if (line === line.trimStart() && (m = BOARD_RE.exec(t))) {
      board = { name: (m[1] as string).trim(), fields: {}, subslots: [] };
      rec.boards.push(board);
      continue;
    }
    if (board) {
      if ((m = BOARD_UPTIME_RE.exec(t))) {
        const s = durationSeconds(m[1] as string);
        if (s !== undefined) board.uptimeSeconds = s;
        continue;
      }
      if (PROCESSORS_RE.test(t) && !t.includes(':')) {
        board.description = t;
        continue;
      }
      if (SUBSLOT_RE.test(t)) {
        board.subslots.push(t);
        continue;
      }
    }
    if ((m = KEY_VALUE_RE.exec(t))) {
      const target = board ? board.fields : rec.fields;
      const key = (m[1] as string).replace(/\s+/g, ' ');
      if (!hasField(target, key)) setField(target, key, (m[2] as string).trim());
      continue;
    }
    unmatched.push({ line: i + 1, text: line });
  }
  const any = rec.version !== undefined || rec.model !== undefined || rec.boards.length > 0 || Object.keys(rec.fields).length > 0;
  return { records: any ? [rec] : [], unmatched };
}

export const displayVersionParser: Parser<ComwareVersion> = {
  id: 'display_version',
  command: 'display version',
  parse: parseDisplayVersion,
};
