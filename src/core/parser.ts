/** A parser turns the raw text of one command into records. Parsers are pure. */
import { ErrorCodes, LinkmonError } from './errors.js';

export interface Unmatched {
  /** 1-based line number in the raw text. */
  readonly line: number;
  readonly text: string;
}

export interface ParseResult<R> {
  readonly records: readonly R[];
  /** Lines the parser did not understand. Data is never dropped silently. */
  readonly unmatched: readonly Unmatched[];
}

export interface Parser<R> {
  /** snake_case id, equal to the parser's file name. */
  readonly id: string;
  /** The command whose output this parser reads, as typed on the device. */
  readonly command: string;
  parse(raw: string): ParseResult<R>;
}

/** Splits raw command output into lines, accepting \n and \r\n. */
export function splitLines(raw: string): string[] {
  const lines = raw.split(/\r?\n/);
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/**
 * The warning for lines a parser did not understand: `<what>: N line(s) not understood (first:
 * line L: "text")`, or undefined when it understood everything.
 */
export function unmatchedWarning(device: string, what: string, result: ParseResult<unknown>): LinkmonError | undefined {
  if (result.unmatched.length === 0) return undefined;
  const first = result.unmatched[0];
  const sample = first ? ` (first: line ${first.line}: ${JSON.stringify(first.text.slice(0, 80))})` : '';
  return new LinkmonError(ErrorCodes.PARSE_UNMATCHED, `${what}: ${result.unmatched.length} line(s) not understood${sample}`, {
    target: device,
    severity: 'warning',
  });
}
