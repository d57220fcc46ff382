/**
 * Helpers shared by the Arista EOS parsers: port names, MAC addresses, unsigned counters, column
 * splitting and JSON outputs (`show … | json` and eAPI answers). Pure.
 */
import type { Unmatched } from '../../core/parser.js';

/** Abbreviations EOS uses in tables (`Et1/1`, `Ma1`, `Po10`) → the names `show interfaces` prints. */
const ABBREVIATIONS: readonly (readonly [RegExp, string])[] = [
  [/^Et(?=\d)/, 'Ethernet'],
  [/^Ma(?=\d)/, 'Management'],
  [/^Po(?=\d)/, 'Port-Channel'],
  [/^Vl(?=\d)/, 'Vlan'],
  [/^Lo(?=\d)/, 'Loopback'],
  [/^Vx(?=\d)/, 'Vxlan'],
  [/^Tu(?=\d)/, 'Tunnel'],
];

/** `Et1/1` → `Ethernet1/1`; full names are returned unchanged. */
export function normalizePort(name: string): string {
  for (const [re, full] of ABBREVIATIONS) {
    if (re.test(name)) return name.replace(re, full);
  }
  return name;
}

/** The short form EOS prints in tables: `Ethernet1/1` → `Et1/1`. */
export function abbreviatePort(name: string): string {
  for (const [re, full] of ABBREVIATIONS) {
    const abbr = re.source.slice(1, 3);
    if (name.startsWith(full) && /^\d/.test(name.slice(full.length))) return abbr + name.slice(full.length);
  }
  return name;
}

function isHex(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);
}

/** `c069.1102.7275` → `c0:69:11:02:72:75` (lower case); undefined if not a dotted MAC. */
export function macFromDotted(text: string): string | undefined {
  if (text.length !== 14 || text.charCodeAt(4) !== 46 || text.charCodeAt(9) !== 46) return undefined;
  for (let i = 0; i < 14; i++) {
    if (i !== 4 && i !== 9 && !isHex(text.charCodeAt(i))) return undefined;
  }
  const t = text.toLowerCase();
  return `${t.slice(0, 2)}:${t.slice(2, 4)}:${t.slice(5, 7)}:${t.slice(7, 9)}:${t.slice(10, 12)}:${t.slice(12, 14)}`;
}

/** `02:1c:00:01:00:00` → `021c.0001.0000` (how EOS prints addresses). */
export function dottedFromMac(mac: string): string {
  const hex = mac.replace(/:/g, '').toLowerCase();
  return `${hex.slice(0, 4)}.${hex.slice(4, 8)}.${hex.slice(8, 12)}`;
}

/** Normalizes `aa:bb:cc:dd:ee:ff` or `aabb.ccdd.eeff` to lower-case colon form. */
export function normalizeMac(text: string): string | undefined {
  const dotted = macFromDotted(text);
  if (dotted) return dotted;
  return /^[0-9a-fA-F]{2}(:[0-9a-fA-F]{2}){5}$/.test(text) ? text.toLowerCase() : undefined;
}

const U64_MAX = 2n ** 64n - 1n;

/** A decimal unsigned counter (u64), or undefined for anything else. */
export function u64(text: string | undefined): bigint | undefined {
  if (text === undefined || text.length > 20 || !isDigits(text)) return undefined;
  const v = BigInt(text);
  return text.length < 20 || v <= U64_MAX ? v : undefined;
}

/** A u64 from a JSON number (eAPI prints counters as integers). */
export function u64FromJson(v: unknown): bigint | undefined {
  if (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0) return BigInt(v);
  if (typeof v === 'string') return u64(v);
  return undefined;
}

/** A finite decimal number (`-0.62`, `45.00`), or undefined (`N/A`, `-`). */
export function decimal(text: string | undefined): number | undefined {
  if (text === undefined || !/^-?\d+(\.\d+)?$/.test(text)) return undefined;
  return Number(text);
}

/** A field of a line: text and where it starts. */
export interface Field {
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

const FIELD_RE = /\S+(?: \S+)*/g;

/**
 * Splits a line into fields separated by two or more spaces (a single space stays inside a field:
 * `no signal`, `29 days, 7:31:53 ago`), keeping each field's column.
 */
export function fields(line: string, from = 0): Field[] {
  const out: Field[] = [];
  FIELD_RE.lastIndex = from;
  for (let m = FIELD_RE.exec(line); m !== null; m = FIELD_RE.exec(line)) {
    out.push({ text: m[0], start: m.index, end: m.index + m[0].length });
  }
  return out;
}

/** Whitespace-separated tokens. */
export function tokens(line: string): string[] {
  const t = line.trim();
  return t === '' ? [] : t.split(/\s+/);
}

/**
 * Splits command output into lines like core's splitLines (`\n` or `\r\n`, no final empty
 * line), splitting on a plain string: several times faster on the 200 KB outputs of big switches.
 */
export function outputLines(raw: string): string[] {
  const lines = raw.split('\n');
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  if (raw.includes('\r')) {
    for (let i = 0; i < lines.length; i++) {
      const l = lines[i] ?? '';
      if (l.endsWith('\r')) lines[i] = l.slice(0, -1);
    }
  }
  return lines;
}

/** Number of leading spaces; equal to the length for a blank line (spaces only). */
export function indentOf(line: string): number {
  let i = 0;
  while (i < line.length && line.charCodeAt(i) === 32) i++;
  return i;
}

/** True when the line is empty or whitespace only. */
export function isBlank(line: string): boolean {
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 13) return false;
  }
  return true;
}

/** True when `line[start, end)` is all ASCII digits (and not empty). */
export function isDigits(line: string, start = 0, end = line.length): boolean {
  if (end <= start) return false;
  for (let i = start; i < end; i++) {
    const c = line.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** Every non-blank line of `raw` as unmatched (output that is not what the parser reads at all). */
export function allUnmatched(raw: string): Unmatched[] {
  const out: Unmatched[] = [];
  const lines = outputLines(raw);
  for (let i = 0; i < lines.length; i++) {
    const text = lines[i] ?? '';
    if (text.trim() !== '') out.push({ line: i + 1, text });
  }
  return out;
}

export type JsonObject = Record<string, unknown>;

export function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

export function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

export function bool(v: unknown): boolean | undefined {
  return typeof v === 'boolean' ? v : undefined;
}

/**
 * JSON strings, and integers of 16 digits or more outside strings: those are quoted before
 * JSON.parse so that 64-bit counters keep every digit (a double holds 15 to 17).
 */
const BIG_INT_RE = /"(?:[^"\\]|\\.)*"|(?<![.\d])(\d{16,})(?![.\deE])/g;

export interface JsonOutput {
  /** The command's result object, or undefined when the text is not one. */
  readonly value?: JsonObject;
  readonly unmatched: Unmatched[];
}

/**
 * Reads a JSON command output: the text of `show … | json` or one eAPI result. Accepts the bare
 * result object, a JSON-RPC answer (`{"result": [ {…} ]}`, first result) and the
 * `{"command": …, "result": {…}}` form some tools save. Text that is not JSON, and an `errors`
 * answer (`This is an unconverted command`), are unmatched: every line of it.
 */
export function readJsonOutput(raw: string): JsonOutput {
  if (raw.trim() === '') return { unmatched: [] };
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw.replace(BIG_INT_RE, (m: string, big: string | undefined) => (big === undefined ? m : `"${big}"`)));
  } catch {
    return { unmatched: allUnmatched(raw) };
  }
  if (!isObject(parsed)) return { unmatched: allUnmatched(raw) };
  let value: JsonObject = parsed;
  const result = parsed.result;
  if (Array.isArray(result) && isObject(result[0])) value = result[0];
  else if (isObject(result) && typeof parsed.command === 'string') value = result;
  if (Array.isArray(value.errors) && value.errors.length > 0) return { unmatched: allUnmatched(raw) };
  return { value, unmatched: [] };
}

/** Seconds since the epoch (eAPI `lastChange`) → ISO time; 0 means never. */
export function epochText(seconds: number | undefined): string | undefined {
  if (seconds === undefined) return undefined;
  if (seconds <= 0) return 'never';
  return new Date(Math.round(seconds * 1000)).toISOString();
}

/** dBm → mW, 6 significant digits. */
export function dbmToMw(dbm: number): number {
  return Number((10 ** (dbm / 10)).toPrecision(6));
}
