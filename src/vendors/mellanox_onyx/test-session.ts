/**
 * For tests: splits a recorded interactive Onyx session (banner, then `<prompt> <command>` lines
 * each followed by the command's output) into command/output pairs, the way the CLI session
 * transport hands outputs to the driver (no echo, no prompt, `\n` line ends).
 */
import { splitLines } from '../../core/parser.js';

export interface SessionCommand {
  readonly prompt: string;
  readonly command: string;
  readonly output: string;
}

const PROMPT_LINE_RE = /^(\S+ \[[^\]]*\] (?:\([^)]*\) )?[>#]) (.*)$/;

export function splitOnyxSession(text: string): SessionCommand[] {
  const out: SessionCommand[] = [];
  let cur: { prompt: string; command: string; lines: string[] } | undefined;
  const flush = (): void => {
    if (cur) out.push({ prompt: cur.prompt, command: cur.command, output: cur.lines.length === 0 ? '' : `${cur.lines.join('\n')}\n` });
  };
  for (const line of splitLines(text)) {
    const m = PROMPT_LINE_RE.exec(line);
    if (m) {
      flush();
      cur = { prompt: m[1] ?? '', command: (m[2] ?? '').trim(), lines: [] };
      continue;
    }
    if (cur) cur.lines.push(line);
  }
  flush();
  return out;
}
