/**
 * switch_cli: one sample of a switch over its interactive CLI. The OS driver (src/vendors/<os>)
 * says which commands to run and maps their output; this collector runs them on the switch's
 * persistent session, keeps Arista's FEC registers as cumulative totals and fast-polls the ports
 * whose FEC updates a sweep missed.
 */
import { ErrorCodes, LinkmonError, toLinkmonError } from '../../core/errors.js';
import type { DeviceSample } from '../../core/link.js';
import type { Target } from '../../core/target.js';
import type { SshEndpoint } from '../../transports/ssh/pool.js';
import { DEFAULT_SWITCH_OS, selectSwitchOs } from '../../vendors/select.js';
import type { CliDialect, SwitchDriver, SwitchInfo, SwitchLink, SwitchOs } from '../../vendors/switch-driver.js';
import { PortFecLedger } from './arista-fec.js';
import { nextFastPoll, startFastPoll, type FastPollPolicy, type FastPollState } from './fast-poll-policy.js';

/** The session transport the collector needs (CliSessionPool implements it). */
export interface SwitchCliTransport {
  runMany(
    endpoint: SshEndpoint,
    dialect: CliDialect,
    commands: readonly string[],
    opts: { timeoutMs: number; signal?: AbortSignal },
  ): Promise<{ outputs: Map<string, string>; errors: LinkmonError[] }>;
  close(): Promise<void>;
}

/** How a driver polls one port's FEC registers between sweeps (Arista). */
export interface FecPoller {
  command(ports: readonly string[]): string;
  read(output: string): Map<string, NonNullable<SwitchLink['aristaFec']>>;
}

export interface SwitchCliOptions {
  readonly drivers: Readonly<Record<SwitchOs, SwitchDriver>>;
  /** Deadline of one switch's whole sweep. */
  readonly timeoutMs: number;
  /** Explicit OS per switch id (`--switch-os NAME=OS`), default under DEFAULT_SWITCH_OS. */
  readonly osOverrides?: ReadonlyMap<string, string>;
  /** Fast polling of Arista FEC registers; off when undefined. */
  readonly fastPoll?: {
    readonly poller: FecPoller;
    /** Ports of one switch polled at the same time, at most. Default 16. */
    readonly maxPortsPerSwitch?: number;
    readonly timeoutMs?: number;
    /** The interval policy; the seed's constants by default. */
    readonly policy?: FastPollPolicy;
  };
  readonly now?: () => number;
}

export interface SwitchCollectResult {
  readonly sample: DeviceSample;
  readonly info?: SwitchInfo;
  readonly os?: SwitchOs;
  /** Raw outputs of the sweep, by command (for `linkmon probe switch`). */
  readonly outputs?: ReadonlyMap<string, string>;
}

interface FastPort {
  state: FastPollState;
  dueMs: number;
}

interface SwitchState {
  ports: string[];
  readonly ledgers: Map<string, PortFecLedger>;
  readonly fast: Map<string, FastPort>;
  sweeping: boolean;
  polling: boolean;
  timer?: NodeJS.Timeout;
  endpoint?: SshEndpoint;
  driver?: SwitchDriver;
  /** Fast-poll readings and misses, for reports and tests. */
  fastPolls: number;
}

export function switchEndpoint(target: Target): SshEndpoint {
  return {
    id: target.id,
    host: target.host,
    port: target.port ?? 22,
    user: target.credentials.user ?? 'admin',
    password: target.credentials.password,
    keyFile: target.credentials.keyFile,
  };
}

const TRANSPORT_CODES = new Set<string>([
  ErrorCodes.SSH_CONNECT,
  ErrorCodes.SSH_AUTH,
  ErrorCodes.SSH_HOSTKEY_UNKNOWN,
  ErrorCodes.SSH_HOSTKEY_MISMATCH,
  ErrorCodes.SSH_TIMEOUT,
  ErrorCodes.SSH_CLOSED,
  ErrorCodes.SSH_KEY,
]);

export class SwitchCliCollector {
  readonly #states = new Map<string, SwitchState>();
  readonly #now: () => number;
  #closed = false;

  constructor(
    private readonly transport: SwitchCliTransport,
    private readonly opts: SwitchCliOptions,
  ) {
    this.#now = opts.now ?? Date.now;
  }

  #state(id: string): SwitchState {
    let st = this.#states.get(id);
    if (!st) {
      st = { ports: [], ledgers: new Map(), fast: new Map(), sweeping: false, polling: false, fastPolls: 0 };
      this.#states.set(id, st);
    }
    return st;
  }

  /** Ports of a switch currently fast-polled (for tests and reports). */
  fastPolled(id: string): string[] {
    return [...(this.#states.get(id)?.fast.keys() ?? [])];
  }

  fastPollCount(id: string): number {
    return this.#states.get(id)?.fastPolls ?? 0;
  }

  async collect(target: Target, signal?: AbortSignal): Promise<SwitchCollectResult> {
    const started = this.#now();
    const failed = (errors: LinkmonError[], os?: SwitchOs): SwitchCollectResult => ({
      sample: { target, kind: 'switch', vendor: os, timestampMs: started, durationMs: this.#now() - started, reachable: false, links: [], errors },
      os,
    });
    let os: SwitchOs;
    try {
      os = selectSwitchOs({
        name: target.id,
        vendor: target.vendor,
        explicit: this.opts.osOverrides?.get(target.id) ?? target.os,
        fallback: this.opts.osOverrides?.get(DEFAULT_SWITCH_OS),
      });
    } catch (err) {
      return failed([toLinkmonError(err, ErrorCodes.SWITCH_OS_UNKNOWN, target.id)]);
    }
    const driver = this.opts.drivers[os];
    if (target.credentials.password === undefined && target.credentials.keyFile === undefined) {
      return failed(
        [new LinkmonError(ErrorCodes.SSH_AUTH, 'no switch credentials: the network JSON has none and SWITCH_USER/SWITCH_PASSWORD are not set', { target: target.id })],
        os,
      );
    }
    const st = this.#state(target.id);
    const endpoint = switchEndpoint(target);
    st.endpoint = endpoint;
    st.driver = driver;

    const commands = driver.sweepCommands({ ports: st.ports });
    st.sweeping = true;
    let run: { outputs: Map<string, string>; errors: LinkmonError[] };
    try {
      run = await this.transport.runMany(endpoint, driver.dialect, commands, { timeoutMs: this.opts.timeoutMs, signal });
    } catch (err) {
      run = { outputs: new Map(), errors: [toLinkmonError(err, ErrorCodes.SSH_CONNECT, target.id)] };
    } finally {
      st.sweeping = false;
    }
    let transportFailed = run.errors.some((e) => TRANSPORT_CODES.has(e.code));
    let mapped = driver.map(run.outputs, target.id);
    if (!transportFailed && st.ports.length === 0 && mapped.links.length > 0) {
      // First sweep: the per-port commands (Onyx, Comware) need the ports the base commands found.
      const more = driver.sweepCommands({ ports: mapped.links.map((l) => l.port) }).filter((c) => !run.outputs.has(c));
      if (more.length > 0) {
        st.sweeping = true;
        try {
          const extra = await this.transport.runMany(endpoint, driver.dialect, more, { timeoutMs: this.opts.timeoutMs, signal });
          for (const [c, out] of extra.outputs) run.outputs.set(c, out);
          run.errors.push(...extra.errors);
        } catch (err) {
          run.errors.push(toLinkmonError(err, ErrorCodes.SSH_CONNECT, target.id));
        } finally {
          st.sweeping = false;
        }
        transportFailed = run.errors.some((e) => TRANSPORT_CODES.has(e.code));
        mapped = driver.map(run.outputs, target.id);
      }
    }
    const links = mapped.links.map((l) => this.#accumulateFec(target, st, l));
    if (!transportFailed && links.length > 0) st.ports = links.map((l) => l.port);
    this.#armFastPoll(target.id, st);

    const errors = [...run.errors.map((e) => (e.target === undefined ? toLinkmonError(e, e.code, target.id) : e)), ...mapped.errors];
    return {
      sample: {
        target,
        kind: 'switch',
        vendor: os,
        timestampMs: started,
        durationMs: this.#now() - started,
        reachable: !transportFailed,
        links,
        errors,
      },
      info: mapped.info,
      os,
      outputs: run.outputs,
    };
  }

  /** Arista: registers → cumulative counters; ports with missed updates go to fast polling. */
  #accumulateFec(target: Target, st: SwitchState, link: SwitchLink): SwitchLink {
    const fec = link.aristaFec;
    if (!fec) return link;
    let ledger = st.ledgers.get(link.port);
    if (!ledger) {
      ledger = new PortFecLedger();
      st.ledgers.set(link.port, ledger);
    }
    const seen = ledger.observe(fec);
    if (seen.missed > 0n && this.opts.fastPoll && !st.fast.has(link.port)) {
      const budget = this.opts.fastPoll.maxPortsPerSwitch ?? 16;
      const start = startFastPoll(this.opts.fastPoll.policy);
      if (st.fast.size < budget) st.fast.set(link.port, { state: start, dueMs: this.#now() + start.intervalMs });
    }
    return {
      ...link,
      counters: {
        ...link.counters,
        ...(fec.corrected ? { fec_corrected_codewords: ledger.corrected.total } : {}),
        ...(fec.uncorrected ? { fec_uncorrected_codewords: ledger.uncorrected.total } : {}),
      },
      info: { ...link.info, fec_missed_updates: String(ledger.corrected.missedUpdates + ledger.uncorrected.missedUpdates) },
    };
  }

  #armFastPoll(id: string, st: SwitchState): void {
    if (this.#closed || !this.opts.fastPoll || st.fast.size === 0 || st.timer !== undefined) return;
    const due = Math.min(...[...st.fast.values()].map((f) => f.dueMs));
    st.timer = setTimeout(() => {
      st.timer = undefined;
      void this.#fastPoll(id, st).finally(() => this.#armFastPoll(id, st));
    }, Math.max(0, due - this.#now()));
    st.timer.unref();
  }

  /** One fast poll of the due ports of a switch. Never runs while the switch's sweep runs. */
  async #fastPoll(id: string, st: SwitchState): Promise<void> {
    const fp = this.opts.fastPoll;
    if (!fp || !st.endpoint || !st.driver || this.#closed) return;
    const now = this.#now();
    if (st.sweeping || st.polling) {
      for (const f of st.fast.values()) f.dueMs = Math.max(f.dueMs, now + 250);
      return;
    }
    const due = [...st.fast].filter(([, f]) => f.dueMs <= now).map(([port]) => port);
    if (due.length === 0) return;
    st.polling = true;
    try {
      const command = fp.poller.command(due);
      const { outputs, errors } = await this.transport.runMany(st.endpoint, st.driver.dialect, [command], { timeoutMs: fp.timeoutMs ?? 5000 });
      const output = outputs.get(command);
      if (output === undefined || errors.length > 0) {
        // The switch is unwell: leave fast polling to the next sweep's judgement.
        for (const port of due) st.fast.delete(port);
        return;
      }
      st.fastPolls++;
      const readings = fp.poller.read(output);
      for (const port of due) {
        const f = st.fast.get(port);
        const reading = readings.get(port);
        const ledger = st.ledgers.get(port);
        if (!f || !reading || !ledger) {
          st.fast.delete(port);
          continue;
        }
        const step = nextFastPoll(f.state, ledger.observe(reading).updates, fp.policy);
        if (step.stop) st.fast.delete(port);
        else st.fast.set(port, { state: step.state, dueMs: this.#now() + step.state.intervalMs });
      }
    } finally {
      st.polling = false;
    }
  }

  async close(): Promise<void> {
    this.#closed = true;
    for (const st of this.#states.values()) if (st.timer) clearTimeout(st.timer);
    await this.transport.close();
  }
}
