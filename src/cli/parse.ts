/**
 * `linkmon parse --vendor V --command C FILE`: runs one parser over saved output and prints its
 * records and the lines it did not understand, as JSON. For checking a new firmware's output.
 */
import { readFile } from 'node:fs/promises';
import type { Parser } from '../core/parser.js';
import { UsageError } from '../core/errors.js';
import { jsonReplacer } from './probe.js';
import type { CliIo } from './audit.js';
import { EXIT_FAILURES, EXIT_OK } from './audit.js';

/** Finds a parser by id (`show_interfaces_phy_detail`) or by the command as typed (`show int phy detail`). */
export function findParser(parsers: Readonly<Record<string, Parser<unknown>>>, command: string): Parser<unknown> | undefined {
  const byId = parsers[command] ?? parsers[command.trim().toLowerCase().replace(/[\s|-]+/g, '_')];
  if (byId) return byId;
  const wanted = command.trim().replace(/\s+/g, ' ').toLowerCase();
  return Object.values(parsers).find((p) => p.command.toLowerCase() === wanted);
}

async function readInput(file: string, stdin: NodeJS.ReadableStream): Promise<string> {
  if (file !== '-') return readFile(file, 'utf8');
  const chunks: Buffer[] = [];
  for await (const c of stdin) chunks.push(typeof c === 'string' ? Buffer.from(c) : (c as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

export async function runParse(
  registry: Readonly<Record<string, Readonly<Record<string, Parser<unknown>>>>>,
  flags: { vendor: string; command: string },
  file: string,
  io: CliIo & { stdin?: NodeJS.ReadableStream },
): Promise<number> {
  const parsers = registry[flags.vendor];
  if (!parsers) throw new UsageError(`unknown vendor "${flags.vendor}" (known: ${Object.keys(registry).join(', ')})`);
  const parser = findParser(parsers, flags.command);
  if (!parser) {
    throw new UsageError(`no ${flags.vendor} parser for "${flags.command}" (known: ${Object.keys(parsers).join(', ')})`);
  }
  let text: string;
  try {
    text = await readInput(file, io.stdin ?? process.stdin);
  } catch (err) {
    throw new UsageError(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`);
  }
  const result = parser.parse(text);
  io.stdout.write(`${JSON.stringify({ vendor: flags.vendor, parser: parser.id, command: parser.command, ...result }, jsonReplacer, 2)}\n`);
  if (result.unmatched.length > 0) {
    io.stderr.write(`${result.unmatched.length} line(s) not understood (listed under "unmatched")\n`);
    return EXIT_FAILURES;
  }
  return EXIT_OK;
}
