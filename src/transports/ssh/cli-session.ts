/**
 * Interactive CLI sessions on switches: one persistent shell per switch (PTY `vt100`, 1000
 * columns, unless the dialect asks for none), reused across sweeps. A session is made on first
 * use: SSH handshake (host key checked against known_hosts, bounded by connectConcurrency like
 * SshPool), wait for the first prompt, run the dialect's setup commands once. Then each command is
 * sent as `command\n` and its answer is what arrives until the prompt appears again at the end of
 * the output; the echoed command line and the trailing prompt are removed, terminal noise (`\r`,
 * backspaces, ANSI escape sequences, pager prompts) is cleaned up, line ends become `\n`.
 *
 * Commands on one switch are serialized. A command past its deadline is SSH_TIMEOUT, a connection
 * lost mid-answer SSH_CLOSED (partial output discarded); either way the session is destroyed (it
 * may be wedged) and re-made on the next use. Credentials never reach logs, errors or argv.
 */
import { Client, type ClientChannel } from 'ssh2';
import { onAbort } from '../../core/abort.js';
import { ErrorCodes, LinkmonError } from '../../core/errors.js';
import type { CliDialect } from '../../vendors/switch-driver.js';
import { abortError, SshConnector, where, type ConnectorOptions, type SshEndpoint } from './connect.js';

/** A CLI dialect, optionally without a PTY (then the switch does not echo and no pager is expected). */
export type CliSessionDialect = CliDialect & {
  /** Request a PTY (default true). */
  readonly pty?: boolean;
};

export interface CliSessionPoolOptions extends ConnectorOptions {
  /** Deadline for the first prompt after login and for each setup command. Default 10 s. */
  readonly promptTimeoutMs?: number;
  /** Largest answer accepted from one command, in bytes. Default 16 MiB. */
  readonly maxOutputBytes?: number;
}

export interface CliRunOptions {
  /**
   * Deadline of the whole call (making the session if needed, then the command or every command of
   * runMany), counted from the moment the switch's session is free for it: commands to one switch
   * are serialized, time spent queued behind another caller does not count (the signal does).
   */
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
}

export interface CliRunManyResult {
  /** Command as sent → its output (`\n` line ends, without echo and prompt). */
  readonly outputs: Map<string, string>;
  /** Refused commands (one warning each) and at most one transport failure (which ended the run). */
  readonly errors: LinkmonError[];
}

/** Longest last line tested against the prompt and pager patterns; longer lines are output. */
const MAX_PROMPT_LINE = 512;
const PTY = { term: 'vt100', cols: 1000, rows: 24 } as const;

/** `--More--`, ` --More-- `, `---- More ----`, `-- More --`, `---(more)---`, `<--- More --->`. */
const PAGER_RE = /-{2,}\s*\(?\s*more\b.{0,40}$/i;
/** Characters that need the terminal renderer: C0 controls other than \t and \n, DEL. */
// eslint-disable-next-line no-control-regex
const CONTROL_RE = /[\x00-\x08\x0b-\x1f\x7f]/;
/** One escape sequence at the cursor: CSI (group 1 parameters, group 2 final byte), OSC, charset, two-byte. */
// eslint-disable-next-line no-control-regex
const ESCAPE_RE = /\x1b(?:\[([0-?]*)[ -/]*([@-~])|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[()*+][ -~]|[ -~])?/y;

function endpointKey(e: SshEndpoint): string {
  return `${e.user}@${e.host}:${e.port}`;
}


function seconds(ms: number): string {
  return ms >= 1000 ? `${Math.round(ms / 100) / 10} s` : `${ms} ms`;
}

/**
 * What a terminal would show for one line: `\r` returns to column 0, backspace moves left, `ESC[K`
 * erases to the end of the line, other escape sequences and control characters are dropped. A line
 * that was overwritten loses its trailing blanks (the remains of an erased pager prompt).
 */
export function renderTerminalLine(line: string): string {
  if (!CONTROL_RE.test(line)) return line;
  const cells: string[] = [];
  let cur = 0;
  let overwritten = false;
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c === 0x1b) {
      ESCAPE_RE.lastIndex = i;
      const m = ESCAPE_RE.exec(line);
      if (m === null) continue;
      i += m[0].length - 1;
      const final = m[2];
      if (final === undefined) continue;
      const n = Number.parseInt(m[1] || '1', 10) || 1;
      overwritten = true;
      if (final === 'K') {
        const mode = m[1] || '0';
        if (mode === '0' && cells.length > cur) cells.length = cur;
        else if (mode === '2') cells.length = 0;
        else if (mode === '1') for (let k = 0; k < Math.min(cur + 1, cells.length); k++) cells[k] = ' ';
      } else if (final === 'D') cur = Math.max(0, cur - n);
      else if (final === 'C') cur += n;
      else if (final === 'G') cur = n - 1;
      continue;
    }
    if (c === 0x0d) {
      cur = 0;
      overwritten = true;
      continue;
    }
    if (c === 0x08) {
      if (cur > 0) cur--;
      overwritten = true;
      continue;
    }
    if ((c < 0x20 && c !== 0x09) || c === 0x7f) continue;
    while (cells.length < cur) cells.push(' ');
    cells[cur++] = line[i] as string;
  }
  const out = cells.join('');
  return overwritten ? out.trimEnd() : out;
}

/**
 * The answer to `command` from everything received after sending it (up to and including the
 * prompt): line ends normalized to `\n`, terminal noise rendered away, the echoed command line
 * (when `echo`, the first line if it ends with the command) and the trailing prompt line removed.
 * Every line of the result ends with `\n`; an empty answer is ''.
 */
export function extractCommandOutput(raw: string, command: string, echo: boolean): string {
  let text = raw.indexOf('\r') >= 0 ? raw.replace(/\r+\n/g, '\n') : raw;
  if (CONTROL_RE.test(text)) text = text.split('\n').map(renderTerminalLine).join('\n');
  const last = text.lastIndexOf('\n');
  text = last < 0 ? '' : text.slice(0, last + 1);
  const firstEnd = text.indexOf('\n');
  if (firstEnd >= 0) {
    const first = text.slice(0, firstEnd).trimEnd();
    const cmd = command.trim();
    if (first === cmd || (echo && cmd !== '' && first.endsWith(cmd))) text = text.slice(firstEnd + 1);
  }
  return text;
}

/** The pattern without g/y flags (whose lastIndex would make `test` stateful). */
const plainCache = new WeakMap<RegExp, RegExp>();
function plain(re: RegExp): RegExp {
  if (!re.global && !re.sticky) return re;
  let p = plainCache.get(re);
  if (!p) {
    p = new RegExp(re.source, re.flags.replace(/[gy]/g, ''));
    plainCache.set(re, p);
  }
  return p;
}

/** The refusal pattern applied to every line of a whole output at once (multiline flag). */
const lineCache = new WeakMap<RegExp, RegExp>();
function perLine(re: RegExp): RegExp {
  let p = lineCache.get(re);
  if (!p) {
    p = new RegExp(re.source, re.flags.replace(/[gym]/g, '') + 'm');
    lineCache.set(re, p);
  }
  return p;
}

/** The first line of `output` that `refused` matches, or undefined. */
export function refusedLine(output: string, refused: RegExp): string | undefined {
  const m = perLine(refused).exec(output);
  if (m === null) return undefined;
  const start = output.lastIndexOf('\n', m.index - 1) + 1;
  const end = output.indexOf('\n', m.index);
  return output.slice(start, end < 0 ? undefined : end).trim();
}


/** One wait for the prompt: everything received since the command was sent. */
interface Reader {
  readonly what: string;
  readonly timeoutMs: number;
  /** With PTY echo, the prompt counts only after the echoed command line ended. */
  readonly requireNewline: boolean;
  readonly chunks: Buffer[];
  bytes: number;
  /** The text after the last newline so far (when not longer than MAX_PROMPT_LINE). */
  line: Buffer[];
  lineBytes: number;
  sawNewline: boolean;
  settle(err: LinkmonError | undefined, raw?: string): void;
}

/** One switch's shell. At most one Reader at a time (the pool serializes commands). */
class CliSession {
  readonly client: Client;
  readonly #endpoint: SshEndpoint;
  readonly #prompt: RegExp;
  readonly #maxBytes: number;
  readonly pty: boolean;
  channel: ClientChannel | undefined;
  dead = false;
  /** Whether the last command received anything before failing (for the stale-session retry). */
  received = false;
  #reader: Reader | undefined;

  constructor(client: Client, endpoint: SshEndpoint, dialect: CliSessionDialect, maxBytes: number) {
    this.client = client;
    this.#endpoint = endpoint;
    this.#prompt = plain(dialect.prompt);
    this.#maxBytes = maxBytes;
    this.pty = dialect.pty !== false;
  }

  attach(channel: ClientChannel): void {
    this.channel = channel;
    const onData = (chunk: Buffer): void => this.#onData(chunk);
    channel.on('data', onData);
    channel.stderr.on('data', onData);
    channel.on('error', () => undefined);
    channel.on('close', () => this.#lost());
  }

  /** The connection or the shell went away. */
  lost(): void {
    this.#lost();
  }

  #lost(): void {
    this.dead = true;
    const r = this.#reader;
    if (r) {
      r.settle(
        new LinkmonError(ErrorCodes.SSH_CLOSED, `connection to ${where(this.#endpoint)} closed while waiting for the answer to ${r.what}; partial output discarded`, {
          target: this.#endpoint.id,
        }),
      );
    }
  }

  destroy(): void {
    this.dead = true;
    this.client.destroy();
  }

  /**
   * Best effort: the dialect's exit lines, then the end of the connection. Resolves when the
   * connection has closed, or after `graceMs` (then it is destroyed).
   */
  close(exit: readonly string[], graceMs = 1000): Promise<void> {
    if (this.dead) return Promise.resolve();
    this.dead = true;
    const closed = new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        this.client.destroy();
        resolve();
      }, graceMs);
      timer.unref();
      this.client.once('close', () => {
        clearTimeout(timer);
        resolve();
      });
    });
    try {
      if (exit.length > 0) this.channel?.write(exit.map((l) => `${l}\n`).join(''));
      this.channel?.end();
      this.client.end();
    } catch {
      this.client.destroy();
    }
    return closed;
  }

  /**
   * Sends `send` (if any) and resolves with everything received up to and including the next
   * prompt. Any failure (deadline, abort, loss, output cap) destroys the session.
   */
  wait(what: string, send: string | undefined, timeoutMs: number, signal: AbortSignal | undefined): Promise<string> {
    return new Promise<string>((resolve, reject) => {
      if (this.dead || this.channel === undefined) {
        this.received = false;
        reject(new LinkmonError(ErrorCodes.SSH_CLOSED, `connection to ${where(this.#endpoint)} is closed (before ${what})`, { target: this.#endpoint.id }));
        return;
      }
      const reader: Reader = {
        what,
        timeoutMs,
        requireNewline: send !== undefined && this.pty,
        chunks: [],
        bytes: 0,
        line: [],
        lineBytes: 0,
        sawNewline: false,
        settle: (err, raw) => {
          if (this.#reader !== reader) return;
          this.#reader = undefined;
          clearTimeout(timer);
          cancel();
          this.received = reader.bytes > 0;
          if (err) {
            this.destroy();
            reject(err);
          } else resolve(raw as string);
        },
      };
      this.#reader = reader;
      const timer = setTimeout(() => {
        reader.settle(
          new LinkmonError(ErrorCodes.SSH_TIMEOUT, `no prompt from ${where(this.#endpoint)} within ${seconds(timeoutMs)} after ${what} (session hung?)`, {
            target: this.#endpoint.id,
          }),
        );
      }, timeoutMs);
      const cancel = onAbort(signal, () => reader.settle(abortError(this.#endpoint)));
      if (send !== undefined) {
        try {
          this.channel.write(send);
        } catch (err) {
          reader.settle(
            new LinkmonError(ErrorCodes.SSH_CLOSED, `connection to ${where(this.#endpoint)} is closed (sending ${what}): ${(err as Error).message}`, {
              target: this.#endpoint.id,
              cause: err,
            }),
          );
        }
      }
    });
  }

  #onData(chunk: Buffer): void {
    const r = this.#reader;
    if (r === undefined) return; // nobody is waiting: stray output between commands
    r.bytes += chunk.length;
    if (r.bytes > this.#maxBytes) {
      r.settle(
        new LinkmonError(ErrorCodes.NODE_BAD_OUTPUT, `${where(this.#endpoint)} sent more than ${this.#maxBytes} bytes for ${r.what}`, {
          target: this.#endpoint.id,
        }),
      );
      return;
    }
    r.chunks.push(chunk);
    const nl = chunk.lastIndexOf(0x0a);
    if (nl >= 0) {
      r.sawNewline = true;
      if (nl === chunk.length - 1) {
        r.line = [];
        r.lineBytes = 0;
        return;
      }
      r.line = [chunk.subarray(nl + 1)];
      r.lineBytes = chunk.length - nl - 1;
    } else {
      r.lineBytes += chunk.length;
      if (r.lineBytes > MAX_PROMPT_LINE) {
        r.line = [];
        return;
      }
      r.line.push(chunk);
    }
    if (r.lineBytes > MAX_PROMPT_LINE || (r.requireNewline && !r.sawNewline)) return;
    const tail = r.line.length === 1 ? (r.line[0] as Buffer).toString('utf8') : Buffer.concat(r.line, r.lineBytes).toString('utf8');
    const visible = renderTerminalLine(tail);
    if (this.#prompt.test(visible)) {
      r.settle(undefined, Buffer.concat(r.chunks, r.bytes).toString('utf8'));
      return;
    }
    if (PAGER_RE.test(visible)) {
      // Drop the pager prompt from the output and ask for the next screenful.
      let n = r.lineBytes;
      r.bytes -= n;
      while (n > 0) {
        const lastChunk = r.chunks[r.chunks.length - 1] as Buffer;
        if (lastChunk.length <= n) {
          r.chunks.pop();
          n -= lastChunk.length;
        } else {
          r.chunks[r.chunks.length - 1] = lastChunk.subarray(0, lastChunk.length - n);
          n = 0;
        }
      }
      r.line = [];
      r.lineBytes = 0;
      this.channel?.write(' ');
    }
  }
}

/** Per switch: its session (if any) and the queue of commands waiting for it. */
interface Slot {
  session: CliSession | undefined;
  busy: boolean;
  readonly waiters: (() => void)[];
}

export class CliSessionPool {
  readonly #opts: CliSessionPoolOptions;
  readonly #slots = new Map<string, Slot>();
  readonly #connector: SshConnector;
  readonly #exits = new WeakMap<CliSession, readonly string[]>();
  #closed = false;
  /** Handshakes made so far (for benchmarks and tests). */
  get handshakes(): number {
    return this.#connector.handshakes;
  }

  constructor(opts: CliSessionPoolOptions) {
    this.#opts = opts;
    this.#connector = new SshConnector(opts);
  }

  /** Open sessions. */
  get size(): number {
    let n = 0;
    for (const s of this.#slots.values()) if (s.session && !s.session.dead) n++;
    return n;
  }

  /**
   * Runs one command on the switch's session (made first if needed) and returns its output
   * (`\n` line ends, without the echoed command and the prompt). A refused command is not an
   * error here: its output (the switch's complaint) is returned; runMany checks dialect.refused.
   */
  async run(endpoint: SshEndpoint, dialect: CliSessionDialect, command: string, opts: CliRunOptions): Promise<string> {
    const slot = await this.#acquire(endpoint, opts.signal);
    try {
      return await this.#command(slot, endpoint, dialect, command, Date.now() + opts.timeoutMs, opts.signal);
    } finally {
      this.#release(slot);
    }
  }

  /**
   * Runs a sweep's commands in order on the switch's session, holding it for the whole list. A
   * command whose output has a line matching dialect.refused gets a warning (SWITCH_COMMAND_REFUSED)
   * and no output; the others go on. A transport failure (connect, deadline, lost connection)
   * ends the run: it is reported once and the remaining commands are not sent.
   */
  async runMany(endpoint: SshEndpoint, dialect: CliSessionDialect, commands: readonly string[], opts: CliRunOptions): Promise<CliRunManyResult> {
    const outputs = new Map<string, string>();
    const errors: LinkmonError[] = [];
    let slot: Slot;
    try {
      slot = await this.#acquire(endpoint, opts.signal);
    } catch (err) {
      errors.push(err as LinkmonError);
      return { outputs, errors };
    }
    try {
      const deadline = Date.now() + opts.timeoutMs;
      for (const command of commands) {
        if (outputs.has(command)) continue;
        let out: string;
        try {
          out = await this.#command(slot, endpoint, dialect, command, deadline, opts.signal);
        } catch (err) {
          errors.push(err instanceof LinkmonError ? err : new LinkmonError(ErrorCodes.SSH_CLOSED, String(err), { target: endpoint.id, cause: err }));
          break;
        }
        const refused = refusedLine(out, dialect.refused);
        if (refused !== undefined) {
          errors.push(
            new LinkmonError(ErrorCodes.SWITCH_COMMAND_REFUSED, `${where(endpoint)} refused "${command}": ${refused}`, {
              target: endpoint.id,
              severity: 'warning',
            }),
          );
        } else outputs.set(command, out);
      }
    } finally {
      this.#release(slot);
    }
    return { outputs, errors };
  }

  /** Closes one switch's session (for example after its credentials changed). */
  async disconnect(endpoint: SshEndpoint): Promise<void> {
    const slot = this.#slots.get(endpointKey(endpoint));
    const session = slot?.session;
    if (slot && session) {
      slot.session = undefined;
      await session.close(this.#exits.get(session) ?? []);
    }
  }

  /**
   * Sends each session's exit lines (best effort) and ends every connection; resolves when they
   * have closed (at most about a second). Commands still running fail with SSH_CLOSED.
   */
  async close(): Promise<void> {
    this.#closed = true;
    const closing: Promise<void>[] = [];
    for (const slot of this.#slots.values()) {
      if (slot.session) closing.push(slot.session.close(this.#exits.get(slot.session) ?? []));
      slot.session = undefined;
    }
    await Promise.all(closing);
  }

  #acquire(endpoint: SshEndpoint, signal: AbortSignal | undefined): Promise<Slot> {
    if (this.#closed) return Promise.reject(new LinkmonError(ErrorCodes.SSH_CLOSED, 'the CLI session pool is closed', { target: endpoint.id }));
    if (signal?.aborted) return Promise.reject(abortError(endpoint));
    const key = endpointKey(endpoint);
    let slot = this.#slots.get(key);
    if (!slot) {
      slot = { session: undefined, busy: false, waiters: [] };
      this.#slots.set(key, slot);
    }
    const s = slot;
    if (!s.busy) {
      s.busy = true;
      return Promise.resolve(s);
    }
    return new Promise<Slot>((resolve, reject) => {
      const waiter = (): void => {
        cancel();
        resolve(s);
      };
      s.waiters.push(waiter);
      const cancel = onAbort(signal, () => {
        const i = s.waiters.indexOf(waiter);
        if (i >= 0) s.waiters.splice(i, 1);
        reject(abortError(endpoint));
      });
    });
  }

  #release(slot: Slot): void {
    const next = slot.waiters.shift();
    if (next) next();
    else slot.busy = false;
  }

  /** One command under the slot's lock; one retry on a fresh session when a reused one was found dead. */
  async #command(
    slot: Slot,
    endpoint: SshEndpoint,
    dialect: CliSessionDialect,
    command: string,
    deadline: number,
    signal: AbortSignal | undefined,
  ): Promise<string> {
    if (this.#closed) throw new LinkmonError(ErrorCodes.SSH_CLOSED, 'the CLI session pool is closed', { target: endpoint.id });
    for (let attempt = 0; ; attempt++) {
      let fresh = false;
      let session = slot.session;
      if (!session || session.dead) {
        slot.session = undefined;
        session = await this.#open(endpoint, dialect, deadline, signal);
        if (this.#closed) {
          void session.close(dialect.exit);
          throw new LinkmonError(ErrorCodes.SSH_CLOSED, 'the CLI session pool is closed', { target: endpoint.id });
        }
        slot.session = session;
        fresh = true;
      }
      const remaining = deadline - Date.now();
      if (remaining <= 0) {
        // Nothing was sent: the session stays usable.
        throw new LinkmonError(ErrorCodes.SSH_TIMEOUT, `deadline reached on ${where(endpoint)} before "${command}" could be sent`, { target: endpoint.id });
      }
      try {
        const raw = await session.wait(`"${command}"`, `${command}\n`, remaining, signal);
        return extractCommandOutput(raw, command, session.pty);
      } catch (err) {
        if (slot.session === session) slot.session = undefined;
        // A reused session that died while idle (switch idle timeout, restart) gets one fresh try.
        const stale = !fresh && !session.received && err instanceof LinkmonError && err.code === ErrorCodes.SSH_CLOSED;
        if (!stale || attempt > 0 || signal?.aborted || Date.now() >= deadline) throw err;
      }
    }
  }

  /** Handshake (through the limiter), shell, first prompt, setup commands. */
  async #open(endpoint: SshEndpoint, dialect: CliSessionDialect, deadline: number, signal: AbortSignal | undefined): Promise<CliSession> {
    const client = new Client();
    const session = new CliSession(client, endpoint, dialect, this.#opts.maxOutputBytes ?? 16 * 1024 * 1024);
    this.#exits.set(session, dialect.exit);
    await this.#connector.connect(client, endpoint, { timeoutMs: Math.max(1, deadline - Date.now()), signal });
    client.on('error', () => session.lost());
    client.on('close', () => session.lost());
    const promptMax = this.#opts.promptTimeoutMs ?? 10_000;
    const promptMs = (): number => Math.max(1, Math.min(promptMax, deadline - Date.now()));
    try {
      const login = await new Promise<{ readonly prompt: Promise<string> }>((resolve, reject) => {
        const onShell = (err: Error | undefined, channel: ClientChannel): void => {
          if (err) {
            reject(new LinkmonError(ErrorCodes.SSH_CLOSED, `cannot open a shell on ${where(endpoint)}: ${err.message}`, { target: endpoint.id, cause: err }));
            return;
          }
          // Attach and start waiting in this same tick, before any output can be emitted.
          session.attach(channel);
          resolve({ prompt: session.wait('the login', undefined, promptMs(), signal) });
        };
        try {
          if (session.pty) client.shell(PTY, onShell);
          else client.shell(false, onShell);
        } catch (err) {
          reject(new LinkmonError(ErrorCodes.SSH_CLOSED, `connection to ${where(endpoint)} is closed: ${(err as Error).message}`, { target: endpoint.id, cause: err }));
        }
      });
      await login.prompt;
      for (const line of dialect.setup) {
        await session.wait(`"${line}"`, `${line}\n`, promptMs(), signal);
      }
    } catch (err) {
      session.destroy();
      throw err;
    }
    return session;
  }
}
