/**
 * Prometheus text exposition format 0.0.4: a renderer of `MetricFamily[]` and a small parser
 * (for tests that compare expositions regardless of order). Pure, no I/O.
 *
 * Rendering rules (as the Go client and the Prometheus parser expect them):
 * - one `# HELP` and one `# TYPE` line per family, families in the given order, also for a
 *   family without samples;
 * - HELP text escapes backslash and newline; label values escape backslash, double quote and
 *   newline;
 * - labels in the order of `desc.labelNames`, then any other label of the sample sorted by name;
 * - values: integers in full without exponent (`192`, `1000000`), other finite numbers in the
 *   shortest form that reads back to the same double, `NaN`, `+Inf`, `-Inf`;
 * - the `info` type is written as `gauge` (0.0.4 has no info type);
 * - an optional sample timestamp (ms) follows the value.
 */
import type { MetricFamily, MetricType } from '../../core/metrics.js';

export const EXPOSITION_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

const METRIC_NAME_RE = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME_RE = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** Escapes a label value: `\` → `\\`, `"` → `\"`, newline → `\n`. */
export function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

/** Escapes HELP text: `\` → `\\`, newline → `\n` (quotes stay as they are). */
export function escapeHelp(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}

/** A sample value as Prometheus writes it. */
export function formatValue(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  if (Number.isInteger(v)) return BigInt(v).toString(); // no exponent, -0 → 0
  return String(v);
}

function exposedType(t: MetricType): string {
  return t === 'info' ? 'gauge' : t;
}

/** Renders the families in the given order; throws on an invalid metric or label name. */
export function renderExposition(families: readonly MetricFamily[]): string {
  const out: string[] = [];
  for (const fam of families) {
    const { name, help, type, labelNames } = fam.desc;
    if (!METRIC_NAME_RE.test(name)) throw new Error(`invalid metric name ${JSON.stringify(name)}`);
    out.push(`# HELP ${name} ${escapeHelp(help)}`);
    out.push(`# TYPE ${name} ${exposedType(type)}`);
    for (const s of fam.samples) {
      const declared = labelNames.filter((l) => Object.hasOwn(s.labels, l));
      const extra = Object.keys(s.labels)
        .filter((l) => !labelNames.includes(l))
        .sort();
      const parts: string[] = [];
      for (const l of [...declared, ...extra]) {
        if (!LABEL_NAME_RE.test(l) || l.startsWith('__')) {
          throw new Error(`invalid label name ${JSON.stringify(l)} in ${name}`);
        }
        parts.push(`${l}="${escapeLabelValue(s.labels[l] ?? '')}"`);
      }
      const labelText = parts.length > 0 ? `{${parts.join(',')}}` : '';
      const ts = s.timestampMs === undefined ? '' : ` ${Math.trunc(s.timestampMs)}`;
      out.push(`${name}${labelText} ${formatValue(s.value)}${ts}`);
    }
  }
  return out.length > 0 ? `${out.join('\n')}\n` : '';
}

// ---------------------------------------------------------------------------------------------
// Parser

export interface ParsedSample {
  readonly name: string;
  readonly labels: Record<string, string>;
  readonly value: number;
  readonly timestampMs?: number;
}

export interface ParsedFamilyMeta {
  help?: string;
  type?: string;
}

export interface ParsedExposition {
  readonly samples: ParsedSample[];
  /** HELP and TYPE by family name, in order of first appearance. */
  readonly families: Map<string, ParsedFamilyMeta>;
}

function parseNumber(text: string, lineNo: number): number {
  switch (text) {
    case 'NaN':
      return NaN;
    case '+Inf':
    case 'Inf':
      return Infinity;
    case '-Inf':
      return -Infinity;
  }
  const v = Number(text);
  if (text === '' || Number.isNaN(v)) throw new Error(`line ${lineNo}: invalid value ${JSON.stringify(text)}`);
  return v;
}

function unescape(text: string, allowQuote: boolean): string {
  return text.replace(/\\(.)/g, (m, c: string) => {
    if (c === 'n') return '\n';
    if (c === '\\') return '\\';
    if (c === '"' && allowQuote) return '"';
    return m;
  });
}

/** Parses `{a="x",b="y"}` starting at `pos` (the `{`); returns the labels and the index after `}`. */
function parseLabels(line: string, pos: number, lineNo: number): { labels: Record<string, string>; end: number } {
  const labels: Record<string, string> = {};
  let i = pos + 1;
  const fail = (why: string): never => {
    throw new Error(`line ${lineNo}: ${why}: ${line}`);
  };
  for (;;) {
    while (line[i] === ' ') i++;
    if (line[i] === '}') return { labels, end: i + 1 };
    const m = /^[a-zA-Z_][a-zA-Z0-9_]*/.exec(line.slice(i));
    if (!m) return fail('bad label name');
    const key = m[0];
    i += key.length;
    while (line[i] === ' ') i++;
    if (line[i] !== '=') fail('expected =');
    i++;
    while (line[i] === ' ') i++;
    if (line[i] !== '"') fail('expected "');
    i++;
    let raw = '';
    for (;;) {
      const c = line[i];
      if (c === undefined) return fail('unterminated label value');
      if (c === '\\') {
        raw += c + (line[i + 1] ?? '');
        i += 2;
        continue;
      }
      if (c === '"') break;
      raw += c;
      i++;
    }
    i++;
    if (Object.hasOwn(labels, key)) fail(`duplicate label ${key}`);
    labels[key] = unescape(raw, true);
    while (line[i] === ' ') i++;
    if (line[i] === ',') {
      i++;
      continue;
    }
    if (line[i] === '}') return { labels, end: i + 1 };
    fail('expected , or }');
  }
}

/** Parses a text exposition: every sample and the HELP/TYPE of every family. Throws on a malformed line. */
export function parseExpositionFull(text: string): ParsedExposition {
  const samples: ParsedSample[] = [];
  const families = new Map<string, ParsedFamilyMeta>();
  const meta = (name: string): ParsedFamilyMeta => {
    let m = families.get(name);
    if (!m) {
      m = {};
      families.set(name, m);
    }
    return m;
  };
  const lines = text.split('\n');
  lines.forEach((rawLine, idx) => {
    const lineNo = idx + 1;
    const line = rawLine.replace(/\r$/, '');
    if (line.trim() === '') return;
    if (line.startsWith('#')) {
      const m = /^#\s+(HELP|TYPE)\s+(\S+)(?:\s(.*))?$/.exec(line);
      if (!m) return; // plain comment
      const [, kind, name, rest] = m as unknown as [string, string, string, string | undefined];
      if (kind === 'HELP') meta(name).help = unescape(rest ?? '', false);
      else meta(name).type = (rest ?? '').trim();
      return;
    }
    const nm = /^[a-zA-Z_:][a-zA-Z0-9_:]*/.exec(line);
    if (!nm) throw new Error(`line ${lineNo}: bad metric name: ${line}`);
    const name = nm[0];
    let labels: Record<string, string> = {};
    let i = name.length;
    if (line[i] === '{') {
      const r = parseLabels(line, i, lineNo);
      labels = r.labels;
      i = r.end;
    }
    const fields = line.slice(i).trim().split(/\s+/);
    if (fields.length < 1 || fields.length > 2 || fields[0] === '') {
      throw new Error(`line ${lineNo}: expected value [timestamp]: ${line}`);
    }
    const value = parseNumber(fields[0] ?? '', lineNo);
    const tsText = fields[1];
    if (tsText !== undefined) {
      const ts = Number(tsText);
      if (!Number.isInteger(ts)) throw new Error(`line ${lineNo}: bad timestamp: ${line}`);
      samples.push({ name, labels, value, timestampMs: ts });
    } else {
      samples.push({ name, labels, value });
    }
  });
  return { samples, families };
}

/** The samples of a text exposition, in text order. */
export function parseExposition(text: string): ParsedSample[] {
  return parseExpositionFull(text).samples;
}

/** HELP and TYPE by family name. */
export function parseExpositionFamilies(text: string): Map<string, ParsedFamilyMeta> {
  return parseExpositionFull(text).families;
}

/**
 * A canonical, order-independent key for one sample (`name{k="v",…} value`, labels sorted), so
 * two expositions can be compared as sets. NaN compares equal to NaN.
 */
export function sampleKey(s: ParsedSample): string {
  const labels = Object.keys(s.labels)
    .sort()
    .map((k) => `${k}=${JSON.stringify(s.labels[k])}`)
    .join(',');
  return `${s.name}{${labels}} ${formatValue(s.value)}`;
}
