/** Runs the built `linkmon` binary as a user would, capturing its output and exit code. */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const BIN = path.join(REPO_ROOT, 'bin', 'linkmon.js');

export interface CliRun {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface CliOptions {
  env?: Record<string, string | undefined>;
  cwd?: string;
  /** Called with each complete stderr line as it arrives. */
  onStderrLine?: (line: string, child: ChildProcess) => void | Promise<void>;
  timeoutMs?: number;
}

export function runCli(args: readonly string[], opts: CliOptions = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const env: Record<string, string | undefined> = { ...process.env, SSH_AUTH_SOCK: undefined, ...opts.env };
    const child = spawn(process.execPath, [BIN, ...args], { cwd: opts.cwd ?? REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let pending = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 60_000);
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      pending += d.toString();
      let nl;
      while ((nl = pending.indexOf('\n')) >= 0) {
        const line = pending.slice(0, nl);
        pending = pending.slice(nl + 1);
        void Promise.resolve(opts.onStderrLine?.(line, child)).catch(reject);
      }
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

/**
 * Splits a change table of a report into rows keyed by heading: the node table by default, the
 * switch table with `firstHeading` 'Switch'. Columns are separated by two or more spaces.
 */
export function parseTable(stdout: string, firstHeading = 'Host'): Record<string, string>[] {
  const lines = stdout.split('\n');
  const head = lines.findIndex((l) => l.startsWith(`${firstHeading} `));
  if (head < 0) return [];
  const headings = (lines[head] as string).trim().split(/\s{2,}/);
  const rows: Record<string, string>[] = [];
  for (const line of lines.slice(head + 1)) {
    if (line.trim() === '') break;
    const cells = line.trim().split(/\s{2,}/);
    rows.push(Object.fromEntries(headings.map((h, i) => [h, cells[i] ?? ''])));
  }
  return rows;
}
