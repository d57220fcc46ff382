/**
 * Benchmark runner: `npm run bench -- <name> [options]` loads `bench/<name>/index.ts` (or
 * `bench/<name>.ts`) and runs it. A benchmark prints human-readable progress lines through
 * `ctx.log` and returns its figures; the runner prints them as exactly one JSON line, always the
 * last line of stdout, so scripts can take `tail -n 1`. Without a name, or with an unknown one,
 * the available benchmarks are listed on stderr and the exit code is 2. A benchmark whose checks
 * failed (for example a device error during a sweep) still prints its figures, then exits 1.
 */
import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export interface BenchContext {
  /** Arguments after the benchmark's name. */
  readonly args: readonly string[];
  /** Prints one human-readable progress line on stdout. */
  log(line: string): void;
}

export interface BenchResult {
  /** Printed as the single JSON line that ends stdout (bigint values become numbers or strings). */
  readonly figures: Record<string, unknown>;
  /** Failed checks; any makes the exit code 1 (the figures are still printed). */
  readonly failures: readonly string[];
}

export interface BenchModule {
  /** One line for the list of benchmarks. */
  readonly description: string;
  run(ctx: BenchContext): Promise<BenchResult>;
}

const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));
const SELF = path.basename(fileURLToPath(import.meta.url));

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

/** Benchmark names: directories with an index.ts, and top-level .ts files other than this runner. */
export async function listBenchmarks(dir = BENCH_DIR): Promise<string[]> {
  const names: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (entry.isDirectory() && existsSync(path.join(dir, entry.name, 'index.ts'))) names.push(entry.name);
    else if (entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') && entry.name !== SELF) {
      names.push(entry.name.slice(0, -'.ts'.length));
    }
  }
  return names.sort();
}

function moduleFile(name: string, dir = BENCH_DIR): string | undefined {
  if (!/^[A-Za-z0-9][\w.-]*$/.test(name) || `${name}.ts` === SELF) return undefined;
  const candidates = [path.join(dir, name, 'index.ts'), path.join(dir, `${name}.ts`)];
  return candidates.find((f) => existsSync(f));
}

function isBenchModule(m: unknown): m is BenchModule {
  return typeof m === 'object' && m !== null && typeof (m as { run?: unknown }).run === 'function';
}

async function describe(name: string): Promise<string> {
  const file = moduleFile(name);
  if (!file) return '';
  try {
    const m: unknown = await import(pathToFileURL(file).href);
    return isBenchModule(m) && typeof m.description === 'string' ? m.description : '';
  } catch {
    return '(does not load)';
  }
}

async function usage(problem: string | undefined): Promise<number> {
  const err = (line: string): void => void process.stderr.write(`${line}\n`);
  if (problem) err(`error: ${problem}`);
  err('usage: npm run bench -- <name> [options]');
  err('benchmarks:');
  for (const name of await listBenchmarks()) {
    const what = await describe(name);
    err(`  ${name}${what ? `  ${what}` : ''}`);
  }
  return EXIT_USAGE;
}

/** JSON with bigint support: safe integers as numbers, larger ones as decimal strings. */
export function figuresLine(figures: Record<string, unknown>): string {
  return JSON.stringify(figures, (_key, value: unknown) => {
    if (typeof value !== 'bigint') return value;
    return value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= BigInt(Number.MIN_SAFE_INTEGER) ? Number(value) : value.toString();
  });
}

export async function main(argv: readonly string[]): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === '' || name.startsWith('-')) {
    const help = name === '--help' || name === '-h' || name === '--list';
    return usage(help ? undefined : 'no benchmark named');
  }
  const file = moduleFile(name);
  if (!file) return usage(`unknown benchmark "${name}"`);

  const loaded: unknown = await import(pathToFileURL(file).href);
  if (!isBenchModule(loaded)) {
    process.stderr.write(`error: ${path.relative(process.cwd(), file)} does not export run(ctx)\n`);
    return EXIT_FAILED;
  }
  const log = (line: string): void => void process.stdout.write(`${line.replace(/\n+$/, '')}\n`);
  log(`bench ${name}${loaded.description ? `: ${loaded.description}` : ''} (node ${process.version})`);
  const result = await loaded.run({ args, log });
  for (const f of result.failures) process.stderr.write(`check failed: ${f}\n`);
  process.stdout.write(`${figuresLine(result.figures)}\n`);
  return result.failures.length > 0 ? EXIT_FAILED : EXIT_OK;
}

const invokedDirectly = process.argv[1] !== undefined && pathToFileURL(path.resolve(process.argv[1])).href === import.meta.url;
if (invokedDirectly) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err: unknown) => {
      process.stderr.write(`error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exit(EXIT_FAILED);
    },
  );
}
