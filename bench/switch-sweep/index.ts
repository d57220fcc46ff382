/**
 * switch-sweep: linkmon's switch collection against N simulated switches (a mix of Arista EOS,
 * HPE/Mellanox Onyx and HP Comware) over persistent interactive CLI sessions, for N = 10, 100,
 * 1000 switches × 64 ports. The fabric (startFabric) runs in a child process (simulator.ts), so
 * process.cpuUsage() here is linkmon's client CPU alone: CliSessionPool (strict host keys against a
 * temporary known_hosts, password auth), SwitchCliCollector with SWITCH_DRIVERS (fast polling
 * off), sweep().
 *
 * Per N: the first sweep (every session new: handshake, login, setup commands; Onyx and Comware
 * switches run their base commands, then the per-port commands of the ports found), then K later
 * sweeps over the persistent sessions. Wall time, client CPU, handshakes, commands (the
 * simulator's count, checked against the drivers' sweepCommands), ports, errors and warnings,
 * peak RSS, the simulator's CPU. Every sample is checked: reachable, OS as expected, exactly
 * `ports` links, every link of an OS with the same counters in every sweep, rx_bytes growing
 * from one sweep to the next (no stale or repeated answer), no errors and no warnings other than
 * the ones listed in ALLOWED_WARNINGS (none).
 *
 * Options: --sizes 10,100,1000  --ports 64  --sweeps 3  --concurrency 128  --connect-concurrency 64
 *          --timeout-ms 60000  --oses arista_eos,mellanox_onyx,hp_comware  --retain 1
 * Investigation: --profile FILE (CPU profile of the later sweeps, see profile-top.ts),
 *          --heap-snapshot FILE, --sim-cpu-prof DIR, --diagnose detach-strings,drop-raw
 *          (see bench/README.md).
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import os from 'node:os';
import path from 'node:path';
import { PerformanceObserver, constants as perfConstants, type PerformanceEntry } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { writeHeapSnapshot } from 'node:v8';
import { SwitchCliCollector } from '../../src/collectors/switch_cli/collect.js';
import type { DeviceSample, LinkObservation } from '../../src/core/link.js';
import { Secret } from '../../src/core/secret.js';
import type { Target } from '../../src/core/target.js';
import { sweep } from '../../src/scheduler/sweep.js';
import { CliSessionPool } from '../../src/transports/ssh/cli-session.js';
import { KnownHosts } from '../../src/transports/ssh/known-hosts.js';
import { SWITCH_DRIVERS } from '../../src/vendors/drivers.js';
import { SWITCH_OSES, type SwitchOs } from '../../src/vendors/switch-driver.js';
import type { BenchContext, BenchResult } from '../run.js';
import { PASSWORD_ENV, type SimReady, type SimTarget, type SimUsage } from './simulator.js';
import { intOption, SimChild } from '../lib/sim-child.js';

export const description = 'sweep 10/100/1000 simulated switches × 64 ports (EOS, Onyx, Comware) over persistent CLI sessions';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, '..', '..');
const SIMULATOR = path.join(HERE, 'simulator.ts');

/** Performance anchors §10 T6 (wall of a 1000 × 64 sweep) and T9 (client CPU per poll command). */
const TARGET_SWEEP_WALL_MS_1000 = 10_000;
const TARGET_CPU_MS_PER_COMMAND = 1;
/** T6: 1000 × 64 × 20 counters per 60 s with ≤ 25 % of 2 cores, i.e. ≤ 30 s client CPU per sweep. */
const TARGET_T6_CPU_MS_PER_SWEEP = 30_000;

/**
 * The seed linkmon (performance anchors, Addendum): 500 replayed Arista switches × 23 ports, one
 * sweep 7.8 s wall, 8.0 s client CPU, 239 MB peak RSS. Goal: ≥ 5× less CPU, ≤ half the memory.
 */
const SEED = { switches: 500, ports: 23, wallMs: 7800, cpuMs: 8000, peakRssMB: 239 } as const;

/**
 * Warnings a correct run may show, by code: none. (Refused commands, unmatched output lines and
 * the like all fail the run; the count of each code is still reported.)
 */
const ALLOWED_WARNINGS: ReadonlySet<string> = new Set<string>();

interface Params {
  readonly sizes: readonly number[];
  readonly ports: number;
  readonly sweeps: number;
  readonly concurrency: number;
  readonly connectConcurrency: number;
  readonly timeoutMs: number;
  readonly oses: readonly SwitchOs[];
  /** Write a V8 CPU profile of the later sweeps of the largest size here (`.cpuprofile`). */
  readonly profile: string | undefined;
  /** Sweeps kept alive while the next one is collected (the product keeps 1). */
  readonly retain: number;
  /**
   * Diagnostics that imitate a product change inside the collect callback, to measure its effect
   * on memory and GC (not the product as it is; reported in params):
   * detach-strings = copy every string of a link so it no longer points into the command output;
   * drop-raw = empty each link's raw Map (the upper bound of a compact raw counter layout).
   */
  readonly diagnostics: readonly string[];
  /** Write a V8 heap snapshot of the largest size with only the sessions open (no sample alive). */
  readonly heapSnapshot: string | undefined;
  /** Run the simulator with `node --cpu-prof --cpu-prof-dir DIR` (its whole life, every size). */
  readonly simCpuProf: string | undefined;
}

const DIAGNOSTICS = ['detach-strings', 'drop-raw'];

/** A copy of `s` that does not point into a larger string (V8 keeps a slice's parent alive). */
const detach = (s: string): string => (s.length > 12 ? (' ' + s).slice(1) : s);
const detachOpt = (s: string | undefined): string | undefined => (s === undefined ? undefined : detach(s));

/** What the diagnostics imitate: the product keeping links without output text or raw maps. */
function diagnosed(sample: DeviceSample, diagnostics: readonly string[]): DeviceSample {
  if (diagnostics.length === 0) return sample;
  const strings = diagnostics.includes('detach-strings');
  const raw = diagnostics.includes('drop-raw');
  const links = sample.links.map((l): LinkObservation => {
    let out: LinkObservation = l;
    if (strings) {
      const info: Record<string, string> = {};
      for (const [k, v] of Object.entries(l.info)) info[k] = detach(v);
      out = {
        ...out,
        port: detach(l.port),
        mac: detachOpt(l.mac),
        description: detachOpt(l.description),
        operState: detachOpt(l.operState),
        info,
        optics: l.optics && {
          ...l.optics,
          identifier: detachOpt(l.optics.identifier),
          vendor: detachOpt(l.optics.vendor),
          vendorOui: detachOpt(l.optics.vendorOui),
          partNumber: detachOpt(l.optics.partNumber),
          revision: detachOpt(l.optics.revision),
          serial: detachOpt(l.optics.serial),
        },
      };
    }
    if (raw) out = { ...out, raw: new Map() };
    return out;
  });
  return { ...sample, links };
}

/** Main-thread GC pauses, by kind, while it is observing. */
class GcMeter {
  readonly #obs: PerformanceObserver;
  minorMs = 0;
  majorMs = 0;
  otherMs = 0;
  count = 0;

  constructor() {
    this.#obs = new PerformanceObserver((list) => this.#add(list.getEntries()));
    this.#obs.observe({ entryTypes: ['gc'] });
  }

  #add(entries: readonly PerformanceEntry[]): void {
    for (const e of entries) {
      const kind = (e as PerformanceEntry & { detail?: { kind?: number } }).detail?.kind;
      this.count++;
      if (kind === perfConstants.NODE_PERFORMANCE_GC_MINOR) this.minorMs += e.duration;
      else if (kind === perfConstants.NODE_PERFORMANCE_GC_MAJOR) this.majorMs += e.duration;
      else this.otherMs += e.duration;
    }
  }

  /** Delivers pending entries (they arrive asynchronously) and stops. */
  async stop(): Promise<{ minorMs: number; majorMs: number; otherMs: number; count: number }> {
    await new Promise((resolve) => setImmediate(resolve));
    this.#add(this.#obs.takeRecords());
    this.#obs.disconnect();
    return { minorMs: round1(this.minorMs), majorMs: round1(this.majorMs), otherMs: round1(this.otherMs), count: this.count };
  }
}

function parseParams(args: readonly string[]): Params {
  const { values } = parseArgs({
    args: [...args],
    options: {
      sizes: { type: 'string' },
      ports: { type: 'string' },
      sweeps: { type: 'string' },
      concurrency: { type: 'string' },
      'connect-concurrency': { type: 'string' },
      'timeout-ms': { type: 'string' },
      oses: { type: 'string' },
      profile: { type: 'string' },
      retain: { type: 'string' },
      diagnose: { type: 'string' },
      'heap-snapshot': { type: 'string' },
      'sim-cpu-prof': { type: 'string' },
    },
    strict: true,
  });
  const sizes = (values.sizes ?? '10,100,1000').split(',').map((s) => intOption('sizes', s.trim(), 0, 1));
  if (sizes.some((n) => n > 65_000)) throw new Error('--sizes: at most 65000 switches (127.2.0.1 … 127.2.253.232)');
  const oses = (values.oses ?? SWITCH_OSES.join(',')).split(',').map((s) => s.trim());
  for (const o of oses) if (!(SWITCH_OSES as readonly string[]).includes(o)) throw new Error(`--oses: unknown OS "${o}"`);
  const diagnostics = values.diagnose === undefined ? [] : values.diagnose.split(',').map((d) => d.trim());
  for (const d of diagnostics) if (!DIAGNOSTICS.includes(d)) throw new Error(`--diagnose: unknown "${d}" (known: ${DIAGNOSTICS.join(', ')})`);
  return {
    sizes,
    ports: intOption('ports', values.ports, 64, 1),
    sweeps: intOption('sweeps', values.sweeps, 3, 1),
    concurrency: intOption('concurrency', values.concurrency, 128, 1),
    connectConcurrency: intOption('connect-concurrency', values['connect-concurrency'], 64, 1),
    timeoutMs: intOption('timeout-ms', values['timeout-ms'], 60_000, 1000),
    oses: oses as SwitchOs[],
    profile: values.profile,
    retain: intOption('retain', values.retain, 1, 0),
    diagnostics,
    heapSnapshot: values['heap-snapshot'],
    simCpuProf: values['sim-cpu-prof'],
  };
}

const round1 = (x: number): number => Math.round(x * 10) / 10;
const round2 = (x: number): number => Math.round(x * 100) / 100;
const cpuMsOf = (c: NodeJS.CpuUsage): number => (c.user + c.system) / 1000;
const simCpuMs = (a: SimUsage, b: SimUsage): number => (b.cpuUserUs + b.cpuSystemUs - a.cpuUserUs - a.cpuSystemUs) / 1000;

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

/**
 * A CPU profile of part of this process (the later sweeps), through the inspector: unlike
 * `node --cpu-prof` it leaves out the simulator's start, the first sweep and the checks.
 */
async function startProfile(): Promise<Session> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 500 });
  await session.post('Profiler.start');
  return session;
}

async function stopProfile(session: Session, file: string): Promise<void> {
  const { profile } = await session.post('Profiler.stop');
  await writeFile(file, JSON.stringify(profile));
  session.disconnect();
}

/** V8 heap in use after a full GC, when node runs with --expose-gc. */
function heapAfterGc(): number | undefined {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) return undefined;
  gc();
  return process.memoryUsage().heapUsed;
}


/** What the collector sends to one switch in sweep k, replayed from the driver (all ports answering). */
function expectedCommands(os: SwitchOs, ports: readonly string[], k: number): number {
  const driver = SWITCH_DRIVERS[os];
  if (k > 0) return new Set(driver.sweepCommands({ ports })).size;
  // Login: the dialect's setup lines; then the first sweep's commands (no ports known), then the
  // per-port commands of the ports found that were not sent yet (the collector's second phase).
  const first = new Set(driver.sweepCommands({ ports: [] }));
  const more = new Set(driver.sweepCommands({ ports }).filter((c) => !first.has(c)));
  return driver.dialect.setup.length + first.size + more.size;
}

/** The counters, lane counters and optics a link has: one signature per OS is expected. */
function signature(l: LinkObservation): string {
  const counters = Object.keys(l.counters).sort().join(',');
  const lanes = Object.entries(l.laneCounters)
    .map(([k, v]) => `${k}[${v?.length ?? 0}]`)
    .sort()
    .join(',');
  const optics = l.optics ? `optics[${l.optics.lanes.length}]` : 'no-optics';
  return `${counters}|${lanes}|${optics}|raw=${l.raw.size}`;
}

interface SweepFigures {
  readonly wallMs: number;
  readonly cpuMs: number;
  readonly cpuUserMs: number;
  readonly cpuSystemMs: number;
  readonly handshakes: number;
  readonly logins: number;
  readonly commands: number;
  readonly expectedCommands: number;
  readonly commandsByOs: Record<string, number>;
  readonly cpuUsPerSwitch: number;
  readonly cpuUsPerCommand: number;
  readonly cpuUsPerPort: number;
  readonly simCpuMs: number;
  /** Main-thread GC pauses during the sweep (PerformanceObserver 'gc'), part of cpuMs. */
  readonly gc: { minorMs: number; majorMs: number; otherMs: number; count: number };
  readonly ports: number;
  /** Normalized counter values collected (sum over links of their counters). */
  readonly counterValues: number;
  readonly errors: number;
  readonly warnings: Record<string, number>;
  readonly problems: number;
}

interface SweepCheck {
  errors: number;
  warnings: Record<string, number>;
  problems: string[];
}

interface Checker {
  /** rx_bytes of every switch/port in the previous sweep. */
  readonly rxBytes: Map<string, bigint>;
  /** Per OS: the link signature of sweep 0 (counters, lanes, optics, raw count). */
  readonly signatures: Map<string, string>;
}

function checkSweep(
  samples: readonly DeviceSample[],
  byId: ReadonlyMap<string, SimTarget>,
  p: Params,
  k: number,
  c: Checker,
  log: (l: string) => void,
): SweepCheck {
  const problems: string[] = [];
  const problem = (text: string): void => {
    if (problems.length < 10) log(`    ${text}`);
    problems.push(text);
  };
  let errors = 0;
  const warnings: Record<string, number> = {};
  for (const s of samples) {
    const sim = byId.get(s.target.id);
    const os = sim?.os;
    for (const e of s.errors) {
      if (e.severity === 'warning') {
        warnings[e.code] = (warnings[e.code] ?? 0) + 1;
        if (!ALLOWED_WARNINGS.has(e.code)) problem(`sweep ${k}: warning: ${e.toLine()}`);
      } else {
        errors++;
        problem(`sweep ${k}: ${e.severity}: ${e.toLine()}`);
      }
    }
    if (!s.reachable) {
      if (s.errors.length === 0) problem(`sweep ${k}: ${s.target.id} unreachable`);
      continue;
    }
    if (s.vendor !== os) problem(`sweep ${k}: ${s.target.id} collected as ${s.vendor}, the simulator runs ${os}`);
    if (s.links.length !== p.ports) problem(`sweep ${k}: ${s.target.id}: ${s.links.length} links, expected ${p.ports}`);
    for (const l of s.links) {
      const sig = signature(l);
      const ref = c.signatures.get(os ?? '?');
      if (ref === undefined) c.signatures.set(os ?? '?', sig);
      else if (ref !== sig) problem(`sweep ${k}: ${s.target.id} ${l.port}: counters ${sig} differ from the other ${os} links' ${ref}`);
      const key = `${s.target.id}\u0000${l.port}`;
      const rx = l.counters.rx_bytes;
      const before = c.rxBytes.get(key);
      if (rx === undefined) problem(`sweep ${k}: ${s.target.id} ${l.port}: no rx_bytes`);
      else {
        if (before !== undefined && rx <= before) problem(`sweep ${k}: ${s.target.id} ${l.port}: rx_bytes ${rx} did not grow from ${before} (stale answer?)`);
        c.rxBytes.set(key, rx);
      }
    }
  }
  return { errors, warnings, problems };
}

interface SizeFigures {
  readonly switches: number;
  readonly switchesByOs: Record<string, number>;
  readonly expectedPortsPerSweep: number;
  readonly portsPerSweep: number[];
  readonly first: SweepFigures & { readonly cpuMsPerHandshake: number | null };
  readonly later: {
    readonly sweeps: number;
    readonly wallMs: number[];
    readonly cpuMs: number[];
    readonly simCpuMs: number[];
    readonly handshakes: number;
    readonly commandsPerSweep: number;
    readonly wallMsMedian: number;
    readonly cpuMsMedian: number;
    readonly simCpuMsMedian: number;
    readonly cpuUsPerSwitch: number;
    readonly cpuUsPerCommand: number;
    readonly cpuUsPerPort: number;
    readonly cpuUsPerCounterValue: number;
    readonly gcMsMedian: number;
    readonly gcMajorMsMedian: number;
  };
  /** Characters of cleaned command output per switch per later sweep, by OS. */
  readonly outputKBPerSwitch: Record<string, number>;
  readonly errors: number;
  readonly warnings: Record<string, number>;
  readonly problems: number;
  readonly peakRssMB: number;
  readonly maxRssMB: number;
  /**
   * Only with `node --expose-gc`: V8 heap in use after a forced GC (outside the timed regions)
   * before connecting; after the last sweep with the retained sweeps alive (1 + --retain); and with
   * every session still open but no sample alive (the sessions' and the collector's own cost),
   * with ArrayBuffer memory (ssh2 packets, socket buffers) at that point.
   */
  readonly heapAfterGcMB: {
    readonly before: number;
    readonly afterLastSweep: number;
    readonly sessionsOnly: number;
    readonly sessionsOnlyArrayBuffers: number;
    readonly sessionsOnlyRss: number;
  } | null;
  readonly simulator: {
    readonly pid: number;
    readonly startMs: number;
    readonly cpuMsTotal: number | null;
    readonly maxRssMB: number | null;
    readonly commands: number | null;
  };
}

async function runSize(
  n: number,
  p: Params,
  log: (l: string) => void,
  profile: string | undefined,
  snapshot: string | undefined,
): Promise<{ figures: SizeFigures; failures: string[] }> {
  const failures: string[] = [];
  const password = randomBytes(18).toString('base64url');
  log(`N=${n}: starting the simulator (${n} switches × ${p.ports} ports, OSes ${p.oses.join(', ')})`);
  const { sim, ready } = await SimChild.start<SimReady, SimUsage>({
    script: SIMULATOR,
    args: ['--switches', String(n), '--ports', String(p.ports), '--oses', p.oses.join(',')],
    nodeArgs: p.simCpuProf === undefined ? [] : ['--cpu-prof', '--cpu-prof-dir', path.resolve(p.simCpuProf)],
    cwd: REPO,
    env: { ...process.env, [PASSWORD_ENV]: password },
    readyTimeoutMs: 300_000,
  });
  log(`  simulator pid ${sim.pid} listening on 127.2.x.y:${ready.port} (${ready.startMs} ms to start)`);

  let peakRss = process.memoryUsage.rss();
  const rssTimer = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage.rss());
  }, 200);
  rssTimer.unref();

  const heapBefore = heapAfterGc();
  let heapAfterLast: number | undefined;
  let sessionsOnly: NodeJS.MemoryUsage | undefined;
  const dir = await mkdtemp(path.join(os.tmpdir(), 'linkmon-bench-'));
  let pool: CliSessionPool | undefined;
  let profiler: Session | undefined;
  try {
    const khPath = path.join(dir, 'known_hosts');
    await writeFile(khPath, ready.knownHosts, { mode: 0o600 });
    const knownHosts = await KnownHosts.load(khPath);
    if (knownHosts.entries.length !== n) throw new Error(`known_hosts from the simulator has ${knownHosts.entries.length} entries, expected ${n}`);
    if (ready.targets.length !== n) throw new Error(`the simulator runs ${ready.targets.length} switches, expected ${n}`);
    // agent '' = no ssh-agent even if SSH_AUTH_SOCK is set: password authentication only.
    pool = new CliSessionPool({ knownHosts, hostKeyPolicy: 'strict', connectConcurrency: p.connectConcurrency, agent: '' });
    // Fast polling off: the measurement is the sweep alone.
    const collector = new SwitchCliCollector(pool, { drivers: SWITCH_DRIVERS, timeoutMs: p.timeoutMs });
    const secret = new Secret(password);
    // As the network JSON gives them: id = the switch's name (so the OS is selected by its name and
    // vendor), host = its loopback address.
    const targets: Target[] = ready.targets.map((t) =>
      Object.freeze({
        id: t.name,
        kind: 'switch' as const,
        host: t.address,
        port: ready.port,
        vendor: t.vendor,
        labels: Object.freeze({}),
        credentials: Object.freeze({ user: t.user, password: secret }),
        source: 'bench/switch-sweep',
      }),
    );
    const byId = new Map(ready.targets.map((t) => [t.name, t]));
    const switchesByOs: Record<string, number> = {};
    for (const t of ready.targets) switchesByOs[t.os] = (switchesByOs[t.os] ?? 0) + 1;

    const checker: Checker = { rxBytes: new Map(), signatures: new Map() };
    const sweeps: SweepFigures[] = [];
    const portsPerSweep: number[] = [];
    const warnings: Record<string, number> = {};
    const outputChars: Record<string, number> = {};
    let errors = 0;
    let problems = 0;
    // Like runSamples, keep the previous sweep alive while the next one is collected (--retain).
    const previous: (readonly DeviceSample[])[] = [];
    const activePool = pool;
    // One sweep and its checks, in a function of its own: once its samples leave `previous`, no
    // local variable of runSize keeps them alive (the sessions-only heap figure).
    const runSweep = async (k: number): Promise<void> => {
      const chars: Record<string, number> = {};
      if (k === 1 && profile !== undefined) profiler = await startProfile();
      const simBefore = await sim.usage();
      const handshakesBefore = activePool.handshakes;
      const gcMeter = new GcMeter();
      const cpuBefore = process.cpuUsage();
      const t0 = performance.now();
      const samples = await sweep({
        targets,
        concurrency: p.concurrency,
        collect: async (t, signal) => {
          const r = await collector.collect(t, signal);
          if (k === 1 && r.outputs && r.os) {
            let c = 0;
            for (const out of r.outputs.values()) c += out.length;
            chars[r.os] = (chars[r.os] ?? 0) + c;
          }
          return diagnosed(r.sample, p.diagnostics);
        },
        failed: (s) => !s.reachable,
      });
      const wallMs = performance.now() - t0;
      const cpu = process.cpuUsage(cpuBefore);
      const handshakes = activePool.handshakes - handshakesBefore;
      const gc = await gcMeter.stop();
      const simAfter = await sim.usage();
      if (k === 1) Object.assign(outputChars, chars);
      if (k === p.sweeps && profiler !== undefined && profile !== undefined) {
        await stopProfile(profiler, profile);
        profiler = undefined;
        log(`  CPU profile of the later sweeps (and their checks) written to ${profile}`);
      }

      const check = checkSweep(samples, byId, p, k, checker, log);
      errors += check.errors;
      problems += check.problems.length;
      for (const [code, count] of Object.entries(check.warnings)) warnings[code] = (warnings[code] ?? 0) + count;
      const ports = samples.reduce((sum, s) => sum + s.links.length, 0);
      const counterValues = samples.reduce((sum, s) => sum + s.links.reduce((a, l) => a + Object.keys(l.counters).length, 0), 0);
      portsPerSweep.push(ports);
      let expected = 0;
      for (const s of samples) {
        const t = byId.get(s.target.id);
        if (t) expected += expectedCommands(t.os, s.links.map((l) => l.port), k);
      }
      const commands = simAfter.commands - simBefore.commands;
      const commandsByOs: Record<string, number> = {};
      for (const o of Object.keys(simAfter.commandsByOs)) commandsByOs[o] = (simAfter.commandsByOs[o] ?? 0) - (simBefore.commandsByOs[o] ?? 0);
      const cpuMs = cpuMsOf(cpu);
      const f: SweepFigures = {
        wallMs: round1(wallMs),
        cpuMs: round1(cpuMs),
        cpuUserMs: round1(cpu.user / 1000),
        cpuSystemMs: round1(cpu.system / 1000),
        handshakes,
        logins: simAfter.logins - simBefore.logins,
        commands,
        expectedCommands: expected,
        commandsByOs,
        cpuUsPerSwitch: Math.round((cpuMs * 1000) / n),
        cpuUsPerCommand: commands > 0 ? round1((cpuMs * 1000) / commands) : 0,
        cpuUsPerPort: ports > 0 ? round1((cpuMs * 1000) / ports) : 0,
        simCpuMs: round1(simCpuMs(simBefore, simAfter)),
        gc,
        ports,
        counterValues,
        errors: check.errors,
        warnings: check.warnings,
        problems: check.problems.length,
      };
      sweeps.push(f);
      const failed = samples.filter((s) => !s.reachable).length;
      const warned = Object.entries(check.warnings).map(([code, count]) => `${count} ${code}`);
      log(
        `  sweep ${k}${k === 0 ? ' (new sessions)' : ' (persistent)'}: ${n - failed}/${n} switches, ${ports} ports, ` +
          `wall ${f.wallMs} ms, client CPU ${f.cpuMs} ms (user ${f.cpuUserMs}, sys ${f.cpuSystemMs}), ` +
          `GC ${round1(gc.minorMs + gc.majorMs + gc.otherMs)} ms (major ${gc.majorMs}), ${handshakes} handshakes, ${commands} commands (${f.cpuUsPerCommand} µs CPU each), ` +
          `simulator CPU ${f.simCpuMs} ms, ` +
          `${check.errors} errors${warned.length > 0 ? `, warnings: ${warned.join(', ')}` : ''}`,
      );
      if (check.problems.length > 0) failures.push(`N=${n} sweep ${k}: ${check.problems.length} problem(s), first: ${check.problems[0]}`);
      if (ports !== n * p.ports) failures.push(`N=${n} sweep ${k}: ${ports} ports, expected ${n * p.ports}`);
      if (k > 0 && handshakes > 0) failures.push(`N=${n} sweep ${k}: ${handshakes} handshakes on persistent sessions`);
      if (k === 0 && handshakes !== n) failures.push(`N=${n} sweep 0: ${handshakes} handshakes, expected ${n}`);
      if (commands !== expected) failures.push(`N=${n} sweep ${k}: the simulator answered ${commands} commands, the drivers' sweepCommands give ${expected}`);
      if (k === p.sweeps) heapAfterLast = heapAfterGc(); // this sweep and the retained ones alive
      previous.push(samples);
      while (previous.length > p.retain) previous.shift();
    };
    for (let k = 0; k <= p.sweeps; k++) await runSweep(k);

    previous.length = 0;
    checker.rxBytes.clear();
    if (heapAfterGc() !== undefined) sessionsOnly = process.memoryUsage(); // sessions open, no sample alive
    if (snapshot !== undefined) log(`  heap snapshot with only the sessions open: ${writeHeapSnapshot(snapshot)}`);
    await collector.close();
    pool = undefined;
    clearInterval(rssTimer);
    peakRss = Math.max(peakRss, process.memoryUsage.rss());
    const final = await sim.stop();

    const first = sweeps[0] as SweepFigures;
    const later = sweeps.slice(1);
    const laterCpuMedian = median(later.map((s) => s.cpuMs));
    const laterCommands = median(later.map((s) => s.commands));
    const laterPorts = median(later.map((s) => s.ports));
    const laterCounterValues = median(later.map((s) => s.counterValues));
    const outputKBPerSwitch: Record<string, number> = {};
    for (const [o, c] of Object.entries(outputChars)) outputKBPerSwitch[o] = round1(c / 1024 / (switchesByOs[o] ?? 1));
    const figures: SizeFigures = {
      switches: n,
      switchesByOs,
      expectedPortsPerSweep: n * p.ports,
      portsPerSweep,
      first: {
        ...first,
        // The first sweep does the later sweeps' work plus handshakes, logins and setup commands.
        // null when the later sweeps cost more than the first (with a large N they pay more GC:
        // the previous sweep is alive), so the difference says nothing about the handshakes.
        cpuMsPerHandshake:
          first.handshakes > 0 && first.cpuMs > laterCpuMedian ? round2((first.cpuMs - laterCpuMedian) / first.handshakes) : null,
      },
      later: {
        sweeps: later.length,
        wallMs: later.map((s) => s.wallMs),
        cpuMs: later.map((s) => s.cpuMs),
        simCpuMs: later.map((s) => s.simCpuMs),
        handshakes: later.reduce((sum, s) => sum + s.handshakes, 0),
        commandsPerSweep: laterCommands,
        wallMsMedian: round1(median(later.map((s) => s.wallMs))),
        cpuMsMedian: round1(laterCpuMedian),
        simCpuMsMedian: round1(median(later.map((s) => s.simCpuMs))),
        cpuUsPerSwitch: Math.round((laterCpuMedian * 1000) / n),
        cpuUsPerCommand: laterCommands > 0 ? round1((laterCpuMedian * 1000) / laterCommands) : 0,
        cpuUsPerPort: laterPorts > 0 ? round1((laterCpuMedian * 1000) / laterPorts) : 0,
        cpuUsPerCounterValue: laterCounterValues > 0 ? round2((laterCpuMedian * 1000) / laterCounterValues) : 0,
        gcMsMedian: round1(median(later.map((s) => s.gc.minorMs + s.gc.majorMs + s.gc.otherMs))),
        gcMajorMsMedian: round1(median(later.map((s) => s.gc.majorMs))),
      },
      outputKBPerSwitch,
      errors,
      warnings,
      problems,
      peakRssMB: round1(peakRss / 2 ** 20),
      maxRssMB: round1(process.resourceUsage().maxRSS / 1024),
      heapAfterGcMB:
        heapBefore !== undefined && heapAfterLast !== undefined && sessionsOnly !== undefined
          ? {
              before: round1(heapBefore / 2 ** 20),
              afterLastSweep: round1(heapAfterLast / 2 ** 20),
              sessionsOnly: round1(sessionsOnly.heapUsed / 2 ** 20),
              sessionsOnlyArrayBuffers: round1(sessionsOnly.arrayBuffers / 2 ** 20),
              sessionsOnlyRss: round1(sessionsOnly.rss / 2 ** 20),
            }
          : null,
      simulator: {
        pid: sim.pid,
        startMs: ready.startMs,
        cpuMsTotal: final ? round1((final.cpuUserUs + final.cpuSystemUs) / 1000) : null,
        maxRssMB: final ? round1(final.maxRssKb / 1024) : null,
        commands: final ? final.commands : null,
      },
    };
    log(
      `  N=${n}: later sweeps median wall ${figures.later.wallMsMedian} ms, client CPU ${figures.later.cpuMsMedian} ms ` +
        `(${figures.later.cpuUsPerSwitch} µs/switch, ${figures.later.cpuUsPerCommand} µs/command, ${figures.later.cpuUsPerPort} µs/port), ` +
        `first sweep ${figures.first.wallMs} ms wall, ${figures.first.cpuMs} ms CPU; peak RSS ${figures.peakRssMB} MB` +
        (figures.heapAfterGcMB ? ` (heap after GC: ${figures.heapAfterGcMB.before} MB before, ${figures.heapAfterGcMB.afterLastSweep} MB after the last sweep, ` +
            `${figures.heapAfterGcMB.sessionsOnly} MB + ${figures.heapAfterGcMB.sessionsOnlyArrayBuffers} MB ArrayBuffers with only the sessions open)` : '') +
        `; simulator CPU total ${figures.simulator.cpuMsTotal} ms`,
    );
    return { figures, failures };
  } finally {
    clearInterval(rssTimer);
    profiler?.disconnect();
    await pool?.close();
    sim.kill();
    await rm(dir, { recursive: true, force: true });
  }
}

function fdLimit(): number | null {
  // No API for RLIMIT_NOFILE in Node; ask the shell (the value is inherited by the simulator).
  try {
    const n = Number(execFileSync('sh', ['-c', 'ulimit -n'], { encoding: 'utf8' }).trim());
    return Number.isFinite(n) ? n : null;
  } catch {
    return null;
  }
}

export async function run(ctx: BenchContext): Promise<BenchResult> {
  const p = parseParams(ctx.args);
  const nofile = fdLimit();
  ctx.log(
    `sizes ${p.sizes.join(', ')}; ${p.ports} ports/switch; ${p.sweeps} later sweeps; OSes ${p.oses.join(', ')}; ` +
      `sweep concurrency ${p.concurrency}; connect concurrency ${p.connectConcurrency}; ${os.availableParallelism()} CPUs; ulimit -n ${nofile ?? '?'}`,
  );
  const failures: string[] = [];
  const largestN = Math.max(...p.sizes);
  // One TCP socket per session in each process, plus ~50 fds of Node itself.
  if (nofile !== null && nofile < largestN + 100) failures.push(`ulimit -n is ${nofile}: too low for ${largestN} sessions (needs ≥ ${largestN + 100} per process)`);
  const sizes: SizeFigures[] = [];
  for (const n of p.sizes) {
    const largest = n === largestN;
    const r = await runSize(
      n,
      p,
      ctx.log,
      largest && p.profile !== undefined ? path.resolve(p.profile) : undefined,
      largest && p.heapSnapshot !== undefined ? path.resolve(p.heapSnapshot) : undefined,
    );
    sizes.push(r.figures);
    failures.push(...r.failures);
  }

  const big = sizes.find((s) => s.switches === 1000);
  const largest = sizes.reduce<SizeFigures | undefined>((a, s) => (a === undefined || s.switches > a.switches ? s : a), undefined);
  const perCommandMs = largest ? largest.later.cpuUsPerCommand / 1000 : null;
  const seedUsPerPort = (SEED.cpuMs * 1000) / (SEED.switches * SEED.ports);
  const seedKBPerPort = (SEED.peakRssMB * 1024) / (SEED.switches * SEED.ports);
  const ourKBPerPort = largest ? (largest.peakRssMB * 1024) / (largest.switches * p.ports) : null;
  const targets = {
    sweepWall1000: {
      valueMs: big ? big.later.wallMsMedian : null,
      firstSweepMs: big ? big.first.wallMs : null,
      limitMs: TARGET_SWEEP_WALL_MS_1000,
      met: big ? big.later.wallMsMedian <= TARGET_SWEEP_WALL_MS_1000 : null,
    },
    t9CpuPerCommand: {
      switches: largest?.switches ?? null,
      valueMs: perCommandMs,
      limitMs: TARGET_CPU_MS_PER_COMMAND,
      met: perCommandMs === null ? null : perCommandMs <= TARGET_CPU_MS_PER_COMMAND,
    },
    t6CpuPerSweep1000: {
      valueMs: big ? big.later.cpuMsMedian : null,
      limitMs: TARGET_T6_CPU_MS_PER_SWEEP,
      met: big ? big.later.cpuMsMedian <= TARGET_T6_CPU_MS_PER_SWEEP : null,
    },
    seed: {
      seed: { ...SEED, cpuUsPerPort: round1(seedUsPerPort), cpuMsPerSwitch: round1(SEED.cpuMs / SEED.switches), peakRssKBPerPort: round1(seedKBPerPort) },
      switches: largest?.switches ?? null,
      cpuUsPerPort: largest?.later.cpuUsPerPort ?? null,
      cpuMsPerSwitch: largest ? round2(largest.later.cpuUsPerSwitch / 1000) : null,
      peakRssKBPerPort: ourKBPerPort === null ? null : round1(ourKBPerPort),
      cpuPerPortRatio: largest && largest.later.cpuUsPerPort > 0 ? round2(seedUsPerPort / largest.later.cpuUsPerPort) : null,
      cpuGoalRatio: 5,
      memoryPerPortRatio: ourKBPerPort ? round2(seedKBPerPort / ourKBPerPort) : null,
      memoryGoalRatio: 2,
      met:
        largest && ourKBPerPort
          ? seedUsPerPort / largest.later.cpuUsPerPort >= 5 && seedKBPerPort / ourKBPerPort >= 2
          : null,
    },
  };
  ctx.log(`target sweepWall1000: ${targets.sweepWall1000.valueMs ?? 'not measured'} ms (limit ${TARGET_SWEEP_WALL_MS_1000} ms) ${targets.sweepWall1000.met === null ? '' : targets.sweepWall1000.met ? 'met' : 'MISSED'}`);
  ctx.log(`target t9CpuPerCommand: ${perCommandMs ?? 'not measured'} ms (limit ${TARGET_CPU_MS_PER_COMMAND} ms) ${targets.t9CpuPerCommand.met === null ? '' : targets.t9CpuPerCommand.met ? 'met' : 'MISSED'}`);
  ctx.log(`target t6CpuPerSweep1000: ${targets.t6CpuPerSweep1000.valueMs ?? 'not measured'} ms (limit ${TARGET_T6_CPU_MS_PER_SWEEP} ms) ${targets.t6CpuPerSweep1000.met === null ? '' : targets.t6CpuPerSweep1000.met ? 'met' : 'MISSED'}`);
  ctx.log(
    `seed comparison (N=${targets.seed.switches}): ${targets.seed.cpuUsPerPort} µs CPU per port vs the seed's ${targets.seed.seed.cpuUsPerPort} ` +
      `(${targets.seed.cpuPerPortRatio}× less, goal ≥ 5×); ${targets.seed.peakRssKBPerPort} KB peak RSS per port vs ${targets.seed.seed.peakRssKBPerPort} ` +
      `(${targets.seed.memoryPerPortRatio}× less, goal ≥ 2×)`,
  );
  return {
    figures: {
      bench: 'switch-sweep',
      node: process.version,
      cpus: os.availableParallelism(),
      ulimitNofile: nofile,
      params: p,
      sizes,
      targets,
      ok: failures.length === 0,
    },
    failures,
  };
}
