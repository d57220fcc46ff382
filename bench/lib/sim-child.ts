/**
 * A simulator running in a child process, spoken to with one JSON object per line: it prints
 * `{"type":"ready",…}` when listening, answers `usage` on stdin with `{"type":"usage",…}`, and
 * stops (printing a last usage line) when stdin ends. Shared by the benchmarks so that the
 * simulator's CPU is never counted as linkmon's.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';

export class SimChild<Usage> {
  readonly #child: ChildProcess;
  readonly #waiters: { type: string; resolve: (m: Record<string, unknown>) => void; reject: (e: Error) => void }[] = [];
  #exited: Error | undefined;
  readonly #exit: Promise<void>;

  private constructor(child: ChildProcess) {
    this.#child = child;
    const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
    lines.on('line', (line) => {
      let msg: Record<string, unknown>;
      try {
        msg = JSON.parse(line) as Record<string, unknown>;
      } catch {
        process.stderr.write(`simulator: ${line}\n`);
        return;
      }
      const i = this.#waiters.findIndex((w) => w.type === msg.type);
      if (i >= 0) this.#waiters.splice(i, 1)[0]?.resolve(msg);
    });
    this.#exit = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        this.#exited = new Error(`the simulator (pid ${child.pid}) exited (${signal ?? `code ${code}`})`);
        for (const w of this.#waiters.splice(0)) w.reject(this.#exited);
        resolve();
      });
    });
    child.stdin?.on('error', () => undefined);
  }

  /** Starts `node [nodeArgs] --import tsx script [args]` and waits for its ready line. */
  static async start<Ready, Usage>(opts: {
    script: string;
    args: readonly string[];
    nodeArgs?: readonly string[];
    cwd: string;
    env: NodeJS.ProcessEnv;
    readyTimeoutMs: number;
  }): Promise<{ sim: SimChild<Usage>; ready: Ready }> {
    const child = spawn(process.execPath, [...(opts.nodeArgs ?? []), '--import', 'tsx', opts.script, ...opts.args], {
      cwd: opts.cwd,
      stdio: ['pipe', 'pipe', 'inherit'],
      env: opts.env,
    });
    const sim = new SimChild<Usage>(child);
    try {
      const ready = (await sim.#next('ready', opts.readyTimeoutMs)) as unknown as Ready;
      return { sim, ready };
    } catch (err) {
      sim.kill();
      throw err;
    }
  }

  get pid(): number {
    return this.#child.pid ?? -1;
  }

  #next(type: string, timeoutMs: number): Promise<Record<string, unknown>> {
    if (this.#exited) return Promise.reject(this.#exited);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no "${type}" from the simulator within ${timeoutMs} ms`)), timeoutMs);
      this.#waiters.push({
        type,
        resolve: (m) => {
          clearTimeout(timer);
          resolve(m);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      });
    });
  }

  async usage(): Promise<Usage> {
    const answer = this.#next('usage', 30_000);
    this.#child.stdin?.write('usage\n');
    return (await answer) as unknown as Usage;
  }

  /** Ends stdin (the simulator stops and reports its final usage); SIGTERM to this PID if it lingers. */
  async stop(): Promise<Usage | undefined> {
    if (this.#exited) return undefined;
    const last = this.#next('usage', 30_000).catch(() => undefined);
    this.#child.stdin?.end();
    const final = (await last) as unknown as Usage | undefined;
    const timer = setTimeout(() => this.#child.kill('SIGTERM'), 10_000);
    await this.#exit;
    clearTimeout(timer);
    return final;
  }

  kill(): void {
    if (!this.#exited) this.#child.kill('SIGTERM');
  }
}

/** Writes one protocol message (a JSON line) to the parent. */
export function say(msg: object): void {
  process.stdout.write(`${JSON.stringify(msg)}\n`);
}

/**
 * The child's side of the protocol: answers `usage` lines on stdin, and on `stop`, end of stdin,
 * SIGTERM or SIGINT stops the simulator, reports its final usage and exits.
 */
export function serveSimProtocol(opts: { stop: () => Promise<void>; usage: () => object }): void {
  let stopping = false;
  const stop = async (): Promise<void> => {
    if (stopping) return;
    stopping = true;
    await opts.stop();
    say(opts.usage());
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop());
  process.once('SIGINT', () => void stop());
  const input = createInterface({ input: process.stdin });
  input.on('line', (line) => {
    const cmd = line.trim();
    if (cmd === 'usage') say(opts.usage());
    else if (cmd === 'stop') void stop();
  });
  input.on('close', () => void stop());
}

/** An integer command-line option of a benchmark, at least `min`; `fallback` when absent. */
export function intOption(name: string, text: string | undefined, fallback: number, min: number): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be an integer ≥ ${min}, not "${text}"`);
  return n;
}

/**
 * Runs a simulator's `main` when its module is the process's entry script: importing the module
 * (for its types and constants) must not start a simulator. A failure is one line on stderr, exit 1.
 */
export function runIfMain(moduleUrl: string, main: () => Promise<void>): void {
  const entry = process.argv[1];
  if (entry === undefined || pathToFileURL(path.resolve(entry)).href !== moduleUrl) return;
  main().catch((err: unknown) => {
    process.stderr.write(`simulator: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
