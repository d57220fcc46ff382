/**
 * The simulated switches' SSH server: one ssh2 listener per switch on its own loopback address
 * (all on one port), speaking the switch's CLI (a SimCli) over an interactive shell the way a real
 * switch does: password login, banner, prompt, PTY-style echo, `\r\n` line ends, a pager every 24
 * lines until the session turned paging off. Faults per switch (slow output, a connection lost
 * mid-output, a hung CLI, junk answers, a refused password) are set at start and changeable at
 * runtime. Events (flaps, FEC bursts…) are applied by callers on the SimSwitch objects
 * (applySimEvent in state.ts); every command first advances the switch to the current time.
 * Loopback only: every address must be in 127.0.0.0/8.
 */
import ssh2, { type Connection, type Server as SshServer, type ServerChannel } from 'ssh2';
import { generateHostKey, publicOf } from '../host-key.js';
import type { SimCli, SimCliSession } from './cli.js';
import { advanceSimSwitch, type SimSwitch } from './state.js';

// ssh2 is CommonJS: its Server is reachable only through the default export under Node's ESM.
const { Server } = ssh2;

export interface SwitchFaults {
  /** Delay in ms before each line of output (and before the prompt that ends it). */
  slowOutputMs?: number;
  /**
   * The next command gets the first half of its output, then the connection is destroyed. One-shot:
   * the fault clears itself when it fires, so the following login works.
   */
  disconnectMidOutput?: boolean;
  /** Commands are echoed but never answered: no output, no prompt (a wedged CLI). */
  hang?: boolean;
  /** Every command is answered with junk lines (and a valid prompt), so parsers report unmatched lines. */
  garbage?: boolean;
  /** Every login is refused. */
  wrongPassword?: boolean;
}

export interface SimSwitchSpec {
  readonly sw: SimSwitch;
  readonly cli: SimCli;
  /** Loopback address, e.g. 127.2.0.1. */
  readonly address: string;
  /** The password logins must use (any user name is accepted). */
  readonly password: string;
  readonly faults?: SwitchFaults;
}

export interface SimSwitchCounters {
  /** Command lines answered (interactive and exec; blank lines not counted). */
  commands: number;
  /** Successful logins. */
  logins: number;
}

/** A running switch: its state, CLI, live faults and counters. */
export interface SimSwitchHandle {
  readonly sw: SimSwitch;
  readonly cli: SimCli;
  readonly address: string;
  /** Read at every command and login: change it (or call setFaults) to inject a fault at runtime. */
  faults: SwitchFaults;
  readonly stats: SimSwitchCounters;
}

export interface SwitchSimulatorStats {
  /** Command lines answered, all switches together. */
  readonly commands: number;
  /** Successful logins, all switches together. */
  readonly logins: number;
  /** Per switch name. */
  readonly bySwitch: ReadonlyMap<string, SimSwitchCounters>;
}

export interface SwitchSimulator {
  readonly port: number;
  /** One known_hosts line per switch (`[address]:port key`). */
  readonly knownHosts: string;
  /** The private host key, to restart a simulator with the same identity. */
  readonly hostKey: string;
  readonly stats: SwitchSimulatorStats;
  /** A switch by name or address. Throws for an unknown one. */
  get(nameOrAddress: string): SimSwitchHandle;
  /** Replaces a switch's faults (by name or address). */
  setFaults(nameOrAddress: string, faults: SwitchFaults): void;
  stop(): Promise<void>;
}

/** Lines per screenful while paging is on. */
export const SIM_PAGE_LINES = 24;

function assertLoopback(address: string): void {
  if (!/^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(address)) throw new Error(`simulator address ${address} is not in 127.0.0.0/8`);
}


/** The loopback address of simulated switch `i` (127.2.0.1 onwards). */
export function simSwitchAddress(i: number): string {
  const n = i + 1;
  return `127.2.${(n >> 8) & 255}.${n & 255}`;
}

/** Junk lines for the `garbage` fault: deterministic per command, never a prompt. */
function junk(command: string, n: number): string {
  const lines: string[] = [];
  for (let i = 0; i < 6; i++) {
    const h = ((n * 31 + i) * 2654435761) >>> 0;
    lines.push(`~~ ${h.toString(16)} @@ ${command.length} ?? noise ${(h >>> 7) % 997} ###`);
  }
  return lines.join('\n');
}

function splitLines(output: string): string[] {
  if (output === '') return [];
  return (output.endsWith('\n') ? output.slice(0, -1) : output).split('\n');
}

const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** One interactive shell: line editing with echo, command execution, paging, faults. */
class ShellSession {
  readonly #h: SimSwitchHandle;
  readonly #stream: ServerChannel;
  readonly #conn: Connection;
  readonly #nl: string;
  readonly #echo: boolean;
  readonly #cli: SimCliSession;
  readonly #onCommand: () => void;
  #input = '';
  #line = '';
  #lastWasCr = false;
  /** idle: reading a line; busy: answering; more: waiting for a key at the pager; dead. */
  #state: 'idle' | 'busy' | 'more' | 'dead' = 'idle';
  #key: (() => void) | undefined;

  constructor(h: SimSwitchHandle, stream: ServerChannel, conn: Connection, pty: boolean, onCommand: () => void) {
    this.#h = h;
    this.#stream = stream;
    this.#conn = conn;
    this.#nl = pty ? '\r\n' : '\n';
    this.#echo = pty;
    this.#cli = h.cli.newSession();
    this.#onCommand = onCommand;
    stream.on('data', (d: Buffer) => {
      this.#input += d.toString('utf8');
      this.#pump();
    });
    stream.on('error', () => undefined);
    stream.on('close', () => {
      this.#state = 'dead';
    });
    const banner = h.cli.banner(h.sw);
    this.#write((banner === '' ? '' : splitLines(banner).join(this.#nl) + this.#nl) + h.cli.prompt(h.sw, this.#cli));
  }

  #write(s: string): void {
    if (this.#state !== 'dead' && s !== '' && this.#stream.writable) this.#stream.write(s);
  }

  #pump(): void {
    let echo = '';
    let i = 0;
    const input = this.#input;
    for (; i < input.length; i++) {
      if (this.#state === 'more') {
        // Any key continues the listing.
        this.#state = 'busy';
        const k = this.#key;
        this.#key = undefined;
        k?.();
        continue;
      }
      if (this.#state !== 'idle') break;
      const ch = input[i] as string;
      if (ch === '\n' && this.#lastWasCr) {
        this.#lastWasCr = false;
        continue;
      }
      this.#lastWasCr = ch === '\r';
      if (ch === '\r' || ch === '\n') {
        if (this.#echo) echo += '\r\n';
        this.#write(echo);
        const line = this.#line;
        this.#line = '';
        this.#input = input.slice(i + 1);
        this.#state = 'busy';
        // Answers the line; its end pumps the rest of the input.
        void this.#answer(line);
        return;
      } else if (ch === '\x7f' || ch === '\b') {
        if (this.#line !== '') {
          this.#line = this.#line.slice(0, -1);
          if (this.#echo) echo += '\b \b';
        }
      } else if (ch === '\x03') {
        this.#line = '';
        if (this.#echo) echo += '^C' + this.#nl;
        echo += this.#h.cli.prompt(this.#h.sw, this.#cli);
      } else if (ch >= ' ' || ch === '\t') {
        this.#line += ch;
        if (this.#echo) echo += ch;
      }
    }
    this.#input = input.slice(i);
    this.#write(echo);
  }

  async #answer(line: string): Promise<void> {
    const h = this.#h;
    const faults = h.faults;
    if (faults.hang) return; // stays busy for ever: no output, no prompt
    let output = '';
    let close = false;
    if (line.trim() !== '') {
      advanceSimSwitch(h.sw, Date.now());
      h.stats.commands++;
      this.#onCommand();
      if (faults.garbage) output = junk(line, h.stats.commands);
      else {
        try {
          const r = h.cli.run(h.sw, this.#cli, line);
          output = r.output;
          close = r.close === true;
        } catch (err) {
          output = `% Internal error: ${(err as Error).message}`;
        }
      }
    }
    const lines = splitLines(output);
    const nl = this.#nl;
    if (faults.disconnectMidOutput) {
      faults.disconnectMidOutput = false;
      const text = lines.join(nl) + nl;
      this.#write(text.slice(0, Math.floor(text.length / 2)));
      this.#state = 'dead';
      this.#conn.end();
      return;
    }
    const slow = faults.slowOutputMs ?? 0;
    const page = this.#cli.pagingOff ? Infinity : SIM_PAGE_LINES;
    for (let i = 0; i < lines.length; ) {
      const n = Math.min(page, lines.length - i);
      if (slow > 0) {
        for (let k = 0; k < n; k++) {
          await delay(slow);
          this.#write(lines[i + k] + nl);
        }
      } else {
        this.#write((n === lines.length ? lines : lines.slice(i, i + n)).join(nl) + nl);
      }
      i += n;
      if (this.#state === 'dead') return;
      if (i < lines.length && !this.#cli.pagingOff) {
        const more = h.cli.morePrompt;
        this.#write(more);
        await new Promise<void>((resolve) => {
          this.#key = resolve;
          this.#state = 'more';
          this.#pump();
        });
        // Erase the pager prompt as real switches do.
        this.#write('\r' + ' '.repeat(more.length) + '\r');
      }
    }
    if (slow > 0) await delay(slow);
    if (this.#state === 'dead') return;
    if (close) {
      this.#state = 'dead';
      this.#stream.exit(0);
      this.#stream.end();
      return;
    }
    this.#write(h.cli.prompt(h.sw, this.#cli));
    this.#state = 'idle';
    this.#pump();
  }
}

export async function startSwitchSimulator(opts: {
  switches: readonly SimSwitchSpec[];
  port: number;
  hostKey?: string;
}): Promise<SwitchSimulator> {
  const keys = opts.hostKey === undefined ? generateHostKey() : { private: opts.hostKey, public: publicOf(opts.hostKey) };
  const publicKey = keys.public.split(' ').slice(0, 2).join(' ');
  const servers: SshServer[] = [];
  const connections = new Set<Connection>();
  const handles = new Map<string, SimSwitchHandle>();
  const bySwitch = new Map<string, SimSwitchCounters>();
  const totals = { commands: 0, logins: 0 };
  const passwords = new WeakMap<SimSwitchHandle, string>();
  const countCommand = (): void => {
    totals.commands++;
  };

  const serveExec = (h: SimSwitchHandle, stream: ServerChannel, command: string, conn: Connection): void => {
    stream.on('error', () => undefined);
    stream.on('data', () => undefined);
    const f = h.faults;
    if (f.hang) return;
    advanceSimSwitch(h.sw, Date.now());
    h.stats.commands++;
    countCommand();
    let output: string;
    if (f.garbage) output = junk(command, h.stats.commands);
    else {
      const session = h.cli.newSession();
      session.pagingOff = true;
      try {
        output = h.cli.run(h.sw, session, command).output;
      } catch (err) {
        output = `% Internal error: ${(err as Error).message}`;
      }
    }
    const lines = splitLines(output);
    const text = lines.length === 0 ? '' : lines.join('\n') + '\n';
    if (f.disconnectMidOutput) {
      f.disconnectMidOutput = false;
      stream.write(text.slice(0, Math.floor(text.length / 2)));
      conn.end();
      return;
    }
    stream.write(text);
    stream.exit(0);
    stream.end();
  };

  const handle = (h: SimSwitchHandle) => (client: Connection) => {
    connections.add(client);
    // Echo, output and prompt are separate small writes: no Nagle delay between them.
    // (ssh2's server Connection has setNoDelay at runtime; @types/ssh2 lacks it.)
    (client as Connection & { setNoDelay?: (noDelay?: boolean) => unknown }).setNoDelay?.(true);
    client.on('close', () => connections.delete(client));
    client.on('error', () => undefined);
    client.on('authentication', (ctx) => {
      if (!h.faults.wrongPassword && ctx.method === 'password' && ctx.password === passwords.get(h)) return ctx.accept();
      return ctx.reject(['password']);
    });
    client.on('ready', () => {
      h.stats.logins++;
      totals.logins++;
      client.on('session', (accept) => {
        const session = accept();
        let pty = false;
        session.on('pty', (acceptPty) => {
          pty = true;
          acceptPty?.();
        });
        session.on('window-change', (acceptChange) => acceptChange?.());
        session.on('env', (acceptEnv) => acceptEnv?.());
        session.on('shell', (acceptShell) => {
          const stream = acceptShell();
          new ShellSession(h, stream, client, pty, countCommand);
        });
        session.on('exec', (acceptExec, _reject, info) => serveExec(h, acceptExec(), info.command, client));
      });
    });
  };

  try {
    for (const spec of opts.switches) {
      assertLoopback(spec.address);
      if (handles.has(spec.address) || handles.has(spec.sw.name)) throw new Error(`switch ${spec.sw.name} (${spec.address}) is listed twice`);
      const stats: SimSwitchCounters = { commands: 0, logins: 0 };
      const h: SimSwitchHandle = { sw: spec.sw, cli: spec.cli, address: spec.address, faults: { ...spec.faults }, stats };
      passwords.set(h, spec.password);
      handles.set(spec.address, h);
      handles.set(spec.sw.name, h);
      bySwitch.set(spec.sw.name, stats);
      const server = new Server({ hostKeys: [keys.private] }, handle(h));
      servers.push(server);
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(opts.port, spec.address, () => resolve());
      });
    }
  } catch (err) {
    for (const s of servers) s.close();
    throw err;
  }

  const get = (nameOrAddress: string): SimSwitchHandle => {
    const h = handles.get(nameOrAddress);
    if (!h) throw new Error(`no simulated switch ${nameOrAddress}`);
    return h;
  };

  return {
    port: opts.port,
    knownHosts: opts.switches.map((s) => `[${s.address}]:${opts.port} ${publicKey}`).join('\n') + '\n',
    hostKey: keys.private,
    stats: {
      get commands() {
        return totals.commands;
      },
      get logins() {
        return totals.logins;
      },
      bySwitch,
    },
    get,
    setFaults(nameOrAddress, faults) {
      get(nameOrAddress).faults = { ...faults };
    },
    async stop() {
      for (const c of connections) c.end();
      await Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
    },
  };
}
