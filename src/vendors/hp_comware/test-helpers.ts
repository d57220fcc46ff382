/**
 * Test helpers for the HP Comware tests: reading the shared SSH session capture command by
 * command, and a reader for ntc-templates' expected-value files. Used by tests only.
 */

export interface CapturedCommand {
  /** The prompt as printed (`<host>`, `[host]`, `[host-probe]`). */
  readonly prompt: string;
  /** The command typed, without the `# fake …` notes the capture's editor added. */
  readonly command: string;
  /** The note after `#`, if any. */
  readonly note?: string;
  /** The output up to the next prompt line, `\n` line ends, every line ending with `\n`. */
  readonly output: string;
  /** 1-based line number of the prompt line in the capture. */
  readonly line: number;
}

/**
 * A prompt line of the capture: `<host>cmd`, `[host]cmd`, `[host-probe]cmd`, sometimes indented
 * (` <swx01-100gsw-mhp>display fan`). `[module]`/`[channel]` table headings are not prompts.
 */
const PROMPT_LINE_RE = /^\s*(<[^\s<>]+>|\[(?!(?:module|channel)\])[^\s[\]]+\])(.*)$/;

/** Splits an interactive session capture into its commands (text before the first prompt is the banner). */
export function splitSession(text: string): CapturedCommand[] {
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  const out: { prompt: string; command: string; note?: string; lines: string[]; line: number }[] = [];
  lines.forEach((l, i) => {
    const m = PROMPT_LINE_RE.exec(l);
    if (m) {
      const typed = (m[2] ?? '').trim();
      const hash = typed.indexOf(' #');
      const entry: { prompt: string; command: string; note?: string; lines: string[]; line: number } = {
        prompt: m[1] as string,
        command: (hash >= 0 ? typed.slice(0, hash) : typed).trim(),
        lines: [],
        line: i + 1,
      };
      if (hash >= 0) entry.note = typed.slice(hash + 2).trim();
      out.push(entry);
      return;
    }
    out[out.length - 1]?.lines.push(l);
  });
  return out.map((c) => {
    const body = c.lines.join('\n');
    const output = body === '' ? '' : body.endsWith('\n') ? body : `${body}\n`;
    return { prompt: c.prompt, command: c.command, ...(c.note !== undefined && { note: c.note }), output, line: c.line };
  });
}

export type NtcRecord = Record<string, string | string[]>;

/** ntc-templates' `parsed_sample:` YAML (a list of flat records of strings and string lists). */
export function readNtcYaml(text: string): NtcRecord[] {
  const records: NtcRecord[] = [];
  let cur: NtcRecord | undefined;
  let listKey: string | undefined;
  for (const line of text.split('\n')) {
    const item = /^\s{2}-\s+(\w+):\s*(.*)$/.exec(line);
    const field = /^\s{4}(\w+):\s*(.*)$/.exec(line);
    const listItem = /^\s{6}-\s+"(.*)"\s*$/.exec(line);
    const m = item ?? field;
    if (item) {
      cur = {};
      records.push(cur);
    }
    if (m && cur) {
      const key = m[1] as string;
      const value = (m[2] as string).trim();
      listKey = undefined;
      if (value === '') {
        cur[key] = [];
        listKey = key;
      } else if (value === '[]') cur[key] = [];
      else cur[key] = value.replace(/^"(.*)"$/, '$1');
      continue;
    }
    if (listItem && cur && listKey !== undefined) (cur[listKey] as string[]).push(listItem[1] as string);
  }
  return records;
}
