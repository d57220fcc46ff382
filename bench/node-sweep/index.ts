/**
 * node-sweep: linkmon's node collection against N simulated nodes over real SSH (ssh2 on both
 * sides), for N = 10, 100, 1000. The simulated cluster runs in a child process
 * (simulator.ts), so process.cpuUsage() here is linkmon's client CPU alone: SshPool with strict
 * host key checks and password auth, SshScriptRunner, NodeNicCollector (parse + map), sweep().
 *
 * Per N: the first sweep (every connection new: handshakes), then K later sweeps over the
 * persistent connections; wall time, client CPU, handshakes, links, errors, peak RSS, and the
 * simulator's CPU for the same intervals. Every sample is checked: reachable, no errors or
 * warnings, complete output (end frame), N × interfaces links, each link with all its raw
 * counters and the counter values of exactly this sweep's sample (no stale or repeated answer).
 *
 * Options: --sizes 10,100,1000  --sweeps 3  --interfaces 4  --counters 200  --concurrency 256
 *          --connect-concurrency 64  --timeout-ms 60000
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { NodeNicCollector, SshScriptRunner } from '../../src/collectors/node_nic/collect.js';
import { mapNodeSample } from '../../src/collectors/node_nic/map.js';
import { parseNodeOutput } from '../../src/collectors/node_nic/parse.js';
import type { DeviceSample, LinkObservation } from '../../src/core/link.js';
import { Secret } from '../../src/core/secret.js';
import type { Target } from '../../src/core/target.js';
import { sweep } from '../../src/scheduler/sweep.js';
import { simNodeOutput, type SimNodeSpec } from '../../src/sim/node-output.js';
import { KnownHosts } from '../../src/transports/ssh/known-hosts.js';
import { SshPool } from '../../src/transports/ssh/pool.js';
import type { BenchContext, BenchResult } from '../run.js';
import { PASSWORD_ENV, type SimReady, type SimUsage } from './simulator.js';
import { intOption, SimChild } from '../lib/sim-child.js';

export const description = 'sweep 10/100/1000 simulated nodes over persistent SSH (simulator in a child process)';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, '..', '..');
const SIMULATOR = path.join(HERE, 'simulator.ts');
const MIN_SPEED_MBPS = 100_000;

/** The goal for N = 1000 once connected, and T9 of docs performance-anchors §10. */
const TARGET_LATER_WALL_MS_1000 = 5000;
const TARGET_CPU_MS_PER_POLL = 1;
const TARGET_CPU_MS_PER_HANDSHAKE = 10;

interface Params {
  readonly sizes: readonly number[];
  readonly sweeps: number;
  readonly interfaces: number;
  readonly counters: number;
  readonly concurrency: number;
  readonly connectConcurrency: number;
  readonly timeoutMs: number;
}

function parseParams(args: readonly string[]): Params {
  const { values } = parseArgs({
    args: [...args],
    options: {
      sizes: { type: 'string' },
      sweeps: { type: 'string' },
      interfaces: { type: 'string' },
      counters: { type: 'string' },
      concurrency: { type: 'string' },
      'connect-concurrency': { type: 'string' },
      'timeout-ms': { type: 'string' },
    },
    strict: true,
  });
  const sizes = (values.sizes ?? '10,100,1000').split(',').map((s) => intOption('sizes', s.trim(), 0, 1));
  if (sizes.some((n) => n > 65_000)) throw new Error('--sizes: at most 65000 nodes (127.1.0.1 … 127.1.253.232)');
  return {
    sizes,
    sweeps: intOption('sweeps', values.sweeps, 3, 1),
    interfaces: intOption('interfaces', values.interfaces, 4, 1),
    counters: intOption('counters', values.counters, 200, 0),
    concurrency: intOption('concurrency', values.concurrency, 256, 1),
    connectConcurrency: intOption('connect-concurrency', values['connect-concurrency'], 64, 1),
    timeoutMs: intOption('timeout-ms', values['timeout-ms'], 60_000, 1000),
  };
}

const round1 = (x: number): number => Math.round(x * 10) / 10;
const cpuMsOf = (c: NodeJS.CpuUsage): number => (c.user + c.system) / 1000;
const simCpuMs = (a: SimUsage, b: SimUsage): number => (b.cpuUserUs + b.cpuSystemUs - a.cpuUserUs - a.cpuSystemUs) / 1000;

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

/** V8 heap in use after a full GC, when node runs with --expose-gc. */
function heapAfterGc(): number | undefined {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) return undefined;
  gc();
  return process.memoryUsage().heapUsed;
}


/** What a correct sample of sweep `k` looks like (the simulator's counters depend only on k and the interface). */
interface Reference {
  readonly links: number;
  readonly rawCounters: number[];
  readonly rxBytes: (bigint | undefined)[];
}

function reference(p: Params, k: number): Reference {
  const spec: SimNodeSpec = { hostname: 'sim-node-0000', interfaces: p.interfaces, extraCounters: p.counters };
  const mapped = mapNodeSample('ref', parseNodeOutput(simNodeOutput(spec, k)), { minSpeedMbps: MIN_SPEED_MBPS });
  return {
    links: mapped.links.length,
    rawCounters: mapped.links.map((l) => l.raw.size),
    rxBytes: mapped.links.map((l) => l.counters.rx_bytes),
  };
}

interface SweepFigures {
  readonly wallMs: number;
  readonly cpuMs: number;
  readonly cpuUserMs: number;
  readonly cpuSystemMs: number;
  readonly handshakes: number;
  readonly simCpuMs: number;
  readonly links: number;
  readonly errors: number;
  readonly problems: number;
}

interface Check {
  errors: number;
  problems: string[];
}

function checkSweep(samples: readonly DeviceSample[], incomplete: number, ref: Reference, k: number, log: (l: string) => void): Check {
  const problems: string[] = [];
  const problem = (text: string): void => {
    if (problems.length < 10) log(`    ${text}`);
    problems.push(text);
  };
  let errors = 0;
  if (incomplete > 0) problem(`sweep ${k}: ${incomplete} sample(s) without the end frame`);
  for (const s of samples) {
    for (const e of s.errors) {
      errors++;
      problem(`sweep ${k}: ${e.severity}: ${e.toLine()}`);
    }
    if (!s.reachable) {
      if (s.errors.length === 0) problem(`sweep ${k}: ${s.target.id} unreachable`);
      continue;
    }
    if (s.links.length !== ref.links) problem(`sweep ${k}: ${s.target.id}: ${s.links.length} links, expected ${ref.links}`);
    s.links.forEach((l: LinkObservation, i) => {
      const raw = l.raw.size;
      if (raw !== ref.rawCounters[i]) problem(`sweep ${k}: ${s.target.id} ${l.port}: ${raw} raw counters, expected ${ref.rawCounters[i]}`);
      if (l.counters.rx_bytes !== ref.rxBytes[i]) {
        problem(`sweep ${k}: ${s.target.id} ${l.port}: rx_bytes ${l.counters.rx_bytes} is not sample ${k}'s ${ref.rxBytes[i]} (stale answer?)`);
      }
    });
  }
  return { errors, problems };
}

interface SizeFigures {
  readonly nodes: number;
  readonly expectedLinksPerSweep: number;
  readonly linksPerSweep: number[];
  readonly first: SweepFigures & { readonly cpuMsPerHandshake: number | null };
  readonly later: {
    readonly sweeps: number;
    readonly wallMs: number[];
    readonly cpuMs: number[];
    readonly simCpuMs: number[];
    readonly handshakes: number;
    readonly wallMsMedian: number;
    readonly cpuMsMedian: number;
    readonly cpuUsPerNode: number;
    readonly simCpuMsMedian: number;
  };
  readonly errors: number;
  readonly problems: number;
  readonly peakRssMB: number;
  /**
   * Only with `node --expose-gc`: V8 heap in use after a forced GC (outside the timed regions)
   * before connecting, and after the last sweep with that sweep and the previous one alive.
   */
  readonly heapAfterGcMB: { readonly before: number; readonly afterLastSweep: number } | null;
  readonly maxRssMB: number;
  readonly simulator: {
    readonly pid: number;
    readonly startMs: number;
    readonly cpuMsTotal: number | null;
    readonly maxRssMB: number | null;
    readonly execs: number | null;
  };
}

async function runSize(n: number, p: Params, log: (l: string) => void): Promise<{ figures: SizeFigures; failures: string[] }> {
  const failures: string[] = [];
  const password = randomBytes(18).toString('base64url');
  log(`N=${n}: starting the simulator (${n} nodes × ${p.interfaces} interfaces, ${p.counters} extra ethtool counters)`);
  const { sim, ready } = await SimChild.start<SimReady, SimUsage>({
    script: SIMULATOR,
    args: ['--nodes', String(n), '--interfaces', String(p.interfaces), '--counters', String(p.counters)],
    cwd: REPO,
    env: { ...process.env, [PASSWORD_ENV]: password },
    readyTimeoutMs: 120_000,
  });
  log(`  simulator pid ${sim.pid} listening on 127.1.x.y:${ready.port} (${ready.startMs} ms to start)`);

  let peakRss = process.memoryUsage.rss();
  const rssTimer = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage.rss());
  }, 20);
  rssTimer.unref();

  const heapBefore = heapAfterGc();
  let heapAfterLast: number | undefined;
  const dir = await mkdtemp(path.join(os.tmpdir(), 'linkmon-bench-'));
  let pool: SshPool | undefined;
  try {
    const khPath = path.join(dir, 'known_hosts');
    await writeFile(khPath, ready.knownHosts, { mode: 0o600 });
    const knownHosts = await KnownHosts.load(khPath);
    if (knownHosts.entries.length !== n) throw new Error(`known_hosts from the simulator has ${knownHosts.entries.length} entries, expected ${n}`);
    // agent '' = no ssh-agent even if SSH_AUTH_SOCK is set: password authentication only.
    pool = new SshPool({ knownHosts, hostKeyPolicy: 'strict', connectConcurrency: p.connectConcurrency, agent: '' });
    const collector = new NodeNicCollector(new SshScriptRunner(pool), { minSpeedMbps: MIN_SPEED_MBPS, timeoutMs: p.timeoutMs });
    const secret = new Secret(password);
    // The simulator's addresses are simAddress(i) (127.1.x.y); taken from its ready line so this
    // process never loads the SSH server module.
    if (ready.addresses.length !== n) throw new Error(`the simulator listens on ${ready.addresses.length} addresses, expected ${n}`);
    const targets: Target[] = ready.addresses.map((host) =>
      Object.freeze({
        id: host,
        kind: 'node' as const,
        host,
        port: ready.port,
        labels: Object.freeze({}),
        credentials: Object.freeze({ user: 'linkmon', password: secret }),
        source: 'bench/node-sweep',
      }),
    );

    const sweeps: SweepFigures[] = [];
    const linksPerSweep: number[] = [];
    let errors = 0;
    let problems = 0;
    // Like runSamples, keep the previous sweep alive while the next one is collected.
    let previous: readonly DeviceSample[] = [];
    for (let k = 0; k <= p.sweeps; k++) {
      const ref = reference(p, k);
      let incomplete = 0;
      const simBefore = await sim.usage();
      const handshakesBefore = pool.handshakes;
      const cpuBefore = process.cpuUsage();
      const t0 = performance.now();
      const samples = await sweep({
        targets,
        concurrency: p.concurrency,
        collect: async (t, signal) => {
          const r = await collector.collect(t, signal);
          if (r.raw !== undefined && !r.raw.complete) incomplete++;
          return r.sample;
        },
        failed: (s) => !s.reachable,
      });
      const wallMs = performance.now() - t0;
      const cpu = process.cpuUsage(cpuBefore);
      const handshakes = pool.handshakes - handshakesBefore;
      const simAfter = await sim.usage();

      const links = samples.reduce((sum, s) => sum + s.links.length, 0);
      const check = checkSweep(samples, incomplete, ref, k, log);
      errors += check.errors;
      problems += check.problems.length;
      linksPerSweep.push(links);
      const f: SweepFigures = {
        wallMs: round1(wallMs),
        cpuMs: round1(cpuMsOf(cpu)),
        cpuUserMs: round1(cpu.user / 1000),
        cpuSystemMs: round1(cpu.system / 1000),
        handshakes,
        simCpuMs: round1(simCpuMs(simBefore, simAfter)),
        links,
        errors: check.errors,
        problems: check.problems.length,
      };
      sweeps.push(f);
      const failed = samples.filter((s) => !s.reachable).length;
      log(
        `  sweep ${k}${k === 0 ? ' (new connections)' : ' (persistent)'}: ${n - failed}/${n} nodes, ${links} links, ` +
          `wall ${f.wallMs} ms, client CPU ${f.cpuMs} ms (user ${f.cpuUserMs}, sys ${f.cpuSystemMs}), ` +
          `${handshakes} handshakes, simulator CPU ${f.simCpuMs} ms, ${check.errors} errors`,
      );
      if (check.problems.length > 0) failures.push(`N=${n} sweep ${k}: ${check.problems.length} problem(s), first: ${check.problems[0]}`);
      if (links !== n * p.interfaces) failures.push(`N=${n} sweep ${k}: ${links} links, expected ${n * p.interfaces}`);
      if (k > 0 && handshakes > 0) failures.push(`N=${n} sweep ${k}: ${handshakes} handshakes on persistent connections`);
      if (k === p.sweeps) heapAfterLast = heapAfterGc(); // this sweep and the previous one alive
      previous = samples;
    }
    void previous;

    await pool.close();
    pool = undefined;
    clearInterval(rssTimer);
    peakRss = Math.max(peakRss, process.memoryUsage.rss());
    const final = await sim.stop();
    if (final && final.execs !== n * (p.sweeps + 1)) failures.push(`N=${n}: the simulator answered ${final.execs} samples, expected ${n * (p.sweeps + 1)}`);

    const first = sweeps[0] as SweepFigures;
    const later = sweeps.slice(1);
    const laterCpuMedian = median(later.map((s) => s.cpuMs));
    const figures: SizeFigures = {
      nodes: n,
      expectedLinksPerSweep: n * p.interfaces,
      linksPerSweep,
      first: {
        ...first,
        // The first sweep does the same collection work plus the handshakes.
        cpuMsPerHandshake: first.handshakes > 0 ? Math.round(((first.cpuMs - laterCpuMedian) / first.handshakes) * 100) / 100 : null,
      },
      later: {
        sweeps: later.length,
        wallMs: later.map((s) => s.wallMs),
        cpuMs: later.map((s) => s.cpuMs),
        simCpuMs: later.map((s) => s.simCpuMs),
        handshakes: later.reduce((sum, s) => sum + s.handshakes, 0),
        wallMsMedian: round1(median(later.map((s) => s.wallMs))),
        cpuMsMedian: round1(laterCpuMedian),
        cpuUsPerNode: Math.round((laterCpuMedian * 1000) / n),
        simCpuMsMedian: round1(median(later.map((s) => s.simCpuMs))),
      },
      errors,
      problems,
      peakRssMB: round1(peakRss / 2 ** 20),
      maxRssMB: round1(process.resourceUsage().maxRSS / 1024),
      heapAfterGcMB:
        heapBefore !== undefined && heapAfterLast !== undefined
          ? { before: round1(heapBefore / 2 ** 20), afterLastSweep: round1(heapAfterLast / 2 ** 20) }
          : null,
      simulator: {
        pid: sim.pid,
        startMs: ready.startMs,
        cpuMsTotal: final ? round1((final.cpuUserUs + final.cpuSystemUs) / 1000) : null,
        maxRssMB: final ? round1(final.maxRssKb / 1024) : null,
        execs: final ? final.execs : null,
      },
    };
    log(
      `  N=${n}: later sweeps median wall ${figures.later.wallMsMedian} ms, client CPU ${figures.later.cpuMsMedian} ms ` +
        `(${figures.later.cpuUsPerNode} µs/node), first-sweep CPU per handshake ≈ ${figures.first.cpuMsPerHandshake} ms, ` +
        `peak RSS ${figures.peakRssMB} MB` +
        (figures.heapAfterGcMB ? ` (heap after GC: ${figures.heapAfterGcMB.before} MB before, ${figures.heapAfterGcMB.afterLastSweep} MB after)` : '') +
        `; simulator CPU total ${figures.simulator.cpuMsTotal} ms`,
    );
    return { figures, failures };
  } finally {
    clearInterval(rssTimer);
    await pool?.close();
    sim.kill();
    await rm(dir, { recursive: true, force: true });
  }
}

/** Client CPU of parse + map alone for one node's output, to split SSH transport from parsing. */
function parseMapCost(p: Params): { usPerNode: number; outputBytesPerNode: number } {
  const spec: SimNodeSpec = { hostname: 'sim-node-0000', interfaces: p.interfaces, extraCounters: p.counters };
  const text = simNodeOutput(spec, 1);
  const once = (): number => mapNodeSample('ref', parseNodeOutput(text), { minSpeedMbps: MIN_SPEED_MBPS }).links.length;
  for (let i = 0; i < 100; i++) once();
  const rounds = 500;
  const c0 = process.cpuUsage();
  let links = 0;
  for (let i = 0; i < rounds; i++) links += once();
  const cpu = process.cpuUsage(c0);
  if (links !== rounds * p.interfaces) throw new Error('parse/map reference lost links');
  return { usPerNode: Math.round((cpu.user + cpu.system) / rounds), outputBytesPerNode: Buffer.byteLength(text) };
}

export async function run(ctx: BenchContext): Promise<BenchResult> {
  const p = parseParams(ctx.args);
  ctx.log(
    `sizes ${p.sizes.join(', ')}; ${p.sweeps} later sweeps; ${p.interfaces} interfaces/node; ${p.counters} extra counters; ` +
      `sweep concurrency ${p.concurrency}; connect concurrency ${p.connectConcurrency}; ${os.availableParallelism()} CPUs`,
  );
  const sizes: SizeFigures[] = [];
  const failures: string[] = [];
  for (const n of p.sizes) {
    const r = await runSize(n, p, ctx.log);
    sizes.push(r.figures);
    failures.push(...r.failures);
  }
  const pm = parseMapCost(p);
  ctx.log(`parse + map alone: ${pm.usPerNode} µs client CPU per node (${pm.outputBytesPerNode} bytes of output per node)`);

  const big = sizes.find((s) => s.nodes === 1000);
  const largest = sizes.reduce<SizeFigures | undefined>((a, s) => (a === undefined || s.nodes > a.nodes ? s : a), undefined);
  const perPollMs = largest ? largest.later.cpuUsPerNode / 1000 : null;
  const perHandshakeMs = largest?.first.cpuMsPerHandshake ?? null;
  const targets = {
    laterSweepWall1000: {
      valueMs: big ? big.later.wallMsMedian : null,
      limitMs: TARGET_LATER_WALL_MS_1000,
      met: big ? big.later.wallMsMedian <= TARGET_LATER_WALL_MS_1000 : null,
    },
    t9CpuPerPoll: {
      nodes: largest?.nodes ?? null,
      valueMs: perPollMs,
      limitMs: TARGET_CPU_MS_PER_POLL,
      met: perPollMs === null ? null : perPollMs <= TARGET_CPU_MS_PER_POLL,
    },
    t9CpuPerHandshake: {
      nodes: largest?.nodes ?? null,
      valueMs: perHandshakeMs,
      limitMs: TARGET_CPU_MS_PER_HANDSHAKE,
      met: perHandshakeMs === null ? null : perHandshakeMs <= TARGET_CPU_MS_PER_HANDSHAKE,
    },
  };
  for (const [name, t] of Object.entries(targets)) {
    ctx.log(`target ${name}: ${t.valueMs ?? 'not measured'} ms (limit ${t.limitMs} ms) ${t.met === null ? '' : t.met ? 'met' : 'MISSED'}`);
  }
  return {
    figures: {
      bench: 'node-sweep',
      node: process.version,
      cpus: os.availableParallelism(),
      params: p,
      sizes,
      parseMap: pm,
      targets,
      ok: failures.length === 0,
    },
    failures,
  };
}
