/**
 * redfish-sweep: linkmon's BMC collection over Redfish against N simulated BMCs (default 200),
 * each answering every request after --latency-ms (default 200 ms), with real BMC trees (the
 * shared Dell and HPE captures and the committed Supermicro and Lenovo trees, in turn). The BMCs
 * (startRedfishSimulator) run in a child process (simulator.ts), so process.cpuUsage() here is
 * linkmon's client CPU alone.
 *
 * One RedfishClient with its default options (at most 4 requests in flight per BMC, basic or
 * session authentication, certificate verified against the simulator's CA file) for the whole run,
 * as the product keeps one. A sweep is collectRedfishBmc for every BMC at once (bounded by
 * --concurrency, p-limit). The first sweep opens every connection (TLS handshakes; with sessions,
 * one login per BMC); the later sweeps reuse them (keep-alive). The previous sweep's results stay
 * alive while the next one is collected, as the product keeps them.
 *
 * Per sweep: wall time beside the latency-bound floor (request depth × latency), client CPU, peak
 * RSS, requests (client and simulator), new connections, the simulator's CPU, per-BMC collection
 * time. Every result is checked: no error, node_ipmi_info with the tree's vendor, a non-empty
 * node_thermals_thermometer, and every series equal to the tree's expected.prom (node label aside);
 * requests equal to what the trees make the collector send; no new connection after the first
 * sweep; never more than the per-BMC limit in flight; with sessions, none left open after
 * client.close(). Any problem fails the run (exit 1).
 *
 * Options: --bmcs 200  --latency-ms 200  --sweeps 3 (later sweeps)  --concurrency N (BMCs at
 *          once, default all)  --auth basic|session  --timeout-ms 30000
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pLimit from 'p-limit';
import { collectRedfishBmc, type BmcCollectResult } from '../../src/collectors/redfish_bmc/collect.js';
import { ErrorCodes, toLinkmonError, type LinkmonError } from '../../src/core/errors.js';
import { Secret } from '../../src/core/secret.js';
import { parseExposition, renderExposition, sampleKey, type ParsedSample } from '../../src/sinks/prometheus/exposition.js';
import { RedfishClient, type RedfishTarget } from '../../src/transports/http/redfish.js';
import type { BenchContext, BenchResult } from '../run.js';
import { intOption, SimChild } from '../lib/sim-child.js';
import { PASSWORD_ENV, type SimReady, type SimTree, type SimUsage } from './simulator.js';

export const description = 'sweep 200 simulated BMCs (Dell, HPE, Supermicro, Lenovo trees, 200 ms latency) over Redfish';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, '..', '..');
const SIMULATOR = path.join(HERE, 'simulator.ts');

/** The issue's goal: one sweep of 200 BMCs answering in 200 ms, within 5 s. */
const TARGET_SWEEP_WALL_MS = 5000;
/** RedfishClient's default maxConcurrentPerBmc (the client is built with its defaults). */
const PER_BMC_LIMIT = 4;
/** Stands for the node's name in expected.prom when series are compared. */
const NODE = '\u0000node';

interface Params {
  readonly bmcs: number;
  readonly latencyMs: number;
  readonly sweeps: number;
  readonly concurrency: number;
  readonly auth: 'basic' | 'session';
  readonly timeoutMs: number;
}

function parseParams(args: readonly string[]): Params {
  const { values } = parseArgs({
    args: [...args],
    options: {
      bmcs: { type: 'string' },
      'latency-ms': { type: 'string' },
      sweeps: { type: 'string' },
      concurrency: { type: 'string' },
      auth: { type: 'string' },
      'timeout-ms': { type: 'string' },
    },
    strict: true,
  });
  const bmcs = intOption('bmcs', values.bmcs, 200, 1);
  if (bmcs > 65_000) throw new Error('--bmcs: at most 65000 BMCs (127.4.0.1 … 127.4.253.232)');
  const auth = values.auth ?? 'basic';
  if (auth !== 'basic' && auth !== 'session') throw new Error(`--auth must be basic or session, not "${auth}"`);
  return {
    bmcs,
    latencyMs: intOption('latency-ms', values['latency-ms'], 200, 0),
    sweeps: intOption('sweeps', values.sweeps, 3, 0),
    concurrency: Math.min(bmcs, intOption('concurrency', values.concurrency, bmcs, 1)),
    auth,
    timeoutMs: intOption('timeout-ms', values['timeout-ms'], 30_000, 100),
  };
}

const round1 = (x: number): number => Math.round(x * 10) / 10;
const cpuMsOf = (c: NodeJS.CpuUsage): number => (c.user + c.system) / 1000;
const simCpuMs = (a: SimUsage, b: SimUsage): number => (b.cpuUserUs + b.cpuSystemUs - a.cpuUserUs - a.cpuSystemUs) / 1000;
const mb = (bytes: number): number => round1(bytes / 2 ** 20);

function median(xs: readonly number[]): number {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

function quantile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? 0;
}

/** Requests one collection waits for one after another: each level in slices of the per-BMC limit. */
function depth(levels: readonly number[]): number {
  return levels.reduce((d, n) => d + Math.ceil(n / PER_BMC_LIMIT), 0);
}

interface Bmc {
  readonly index: number;
  readonly node: string;
  readonly tree: SimTree;
  readonly target: RedfishTarget;
}

interface Outcome {
  readonly bmc: Bmc;
  readonly ms: number;
  readonly result?: BmcCollectResult;
  readonly failure?: LinkmonError;
}

/** Sample keys with the node label replaced by NODE; undefined when a sample has another node. */
function keysOf(samples: readonly ParsedSample[], node: string | undefined): string[] | undefined {
  const keys: string[] = [];
  for (const s of samples) {
    if (s.labels.node === undefined) return undefined;
    if (node !== undefined && s.labels.node !== node) return undefined;
    keys.push(sampleKey({ ...s, labels: { ...s.labels, node: NODE } }));
  }
  return keys.sort();
}

/** Sample keys expected from each tree (its expected.prom, node label aside); absent without one. */
function expectedSeries(trees: readonly SimTree[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const t of trees) {
    const file = path.join(REPO, t.dir, 'expected.prom');
    if (!existsSync(file)) continue;
    const keys = keysOf(parseExposition(readFileSync(file, 'utf8')), undefined);
    if (keys) out.set(t.name, keys);
  }
  return out;
}

/** Problems with one BMC's outcome (empty when the collection is complete and as expected). */
function checkOutcome(o: Outcome, expected: ReadonlyMap<string, string[]>): string[] {
  const id = o.bmc.target.id;
  if (o.failure) return [`${id} (${o.bmc.tree.name}) failed: ${o.failure.toLine()}`];
  const r = o.result as BmcCollectResult;
  const problems = r.errors.map((e) => `${id} (${o.bmc.tree.name}): ${e.severity}: ${e.toLine()}`);
  const samples = parseExposition(renderExposition(r.families));
  const info = samples.filter((s) => s.name === 'node_ipmi_info');
  if (info.length !== 1 || info[0]?.labels.vendor !== o.bmc.tree.vendorLabel || info[0]?.labels.node !== o.bmc.node) {
    problems.push(
      `${id} (${o.bmc.tree.name}): node_ipmi_info ${JSON.stringify(info.map((s) => s.labels))}, expected one with vendor "${o.bmc.tree.vendorLabel}", node "${o.bmc.node}"`,
    );
  }
  if (!samples.some((s) => s.name === 'node_thermals_thermometer')) problems.push(`${id} (${o.bmc.tree.name}): no node_thermals_thermometer series`);
  const want = expected.get(o.bmc.tree.name);
  if (want) {
    const got = keysOf(samples, o.bmc.node);
    if (got === undefined) problems.push(`${id} (${o.bmc.tree.name}): a series without node="${o.bmc.node}"`);
    else if (got.join('\n') !== want.join('\n')) {
      const wantSet = new Set(want);
      const gotSet = new Set(got);
      const missing = want.filter((k) => !gotSet.has(k));
      const extra = got.filter((k) => !wantSet.has(k));
      problems.push(
        `${id} (${o.bmc.tree.name}): series differ from ${o.bmc.tree.dir}/expected.prom: ${missing.length} missing (first: ${missing[0] ?? '-'}), ` +
          `${extra.length} unexpected (first: ${extra[0] ?? '-'})`,
      );
    }
  }
  return problems;
}

interface SweepFigures {
  readonly sweep: number;
  readonly wallMs: number;
  /** The latency-bound minimum of this sweep (see floor), and how far above it the wall is. */
  readonly floorMs: number;
  readonly overFloorMs: number;
  readonly cpuMs: number;
  readonly cpuUserMs: number;
  readonly cpuSystemMs: number;
  readonly cpuUsPerBmc: number;
  readonly cpuUsPerRequest: number;
  /** Requests the simulator received, the client sent, and the trees make the collector send. */
  readonly requests: number;
  readonly clientRequests: number;
  readonly expectedRequests: number;
  /** Requests sent again after a connection reset (client − simulator). */
  readonly retriedRequests: number;
  /** TCP (TLS) connections the simulator accepted during the sweep. */
  readonly connections: number;
  readonly simCpuMs: number;
  /** Time of one BMC's collection (from its start, not from the sweep's). */
  readonly bmcMs: { readonly min: number; readonly median: number; readonly p95: number; readonly max: number };
  /** Peak RSS of this process during the sweep (sampled every 20 ms). */
  readonly peakRssMB: number;
  readonly errors: number;
  readonly problems: number;
}

export async function run(ctx: BenchContext): Promise<BenchResult> {
  const p = parseParams(ctx.args);
  const log = ctx.log;
  log(
    `${p.bmcs} BMCs, ${p.latencyMs} ms latency per answer; ${p.sweeps} later sweeps; ${p.concurrency} BMCs at once; ` +
      `${p.auth} authentication; per-BMC limit ${PER_BMC_LIMIT} (client default); timeout ${p.timeoutMs} ms; ${os.availableParallelism()} CPUs`,
  );
  const failures: string[] = [];
  const password = randomBytes(18).toString('base64url');
  const { sim, ready } = await SimChild.start<SimReady, SimUsage>({
    script: SIMULATOR,
    args: ['--bmcs', String(p.bmcs), '--latency-ms', String(p.latencyMs)],
    cwd: REPO,
    env: { ...process.env, [PASSWORD_ENV]: password },
    readyTimeoutMs: 120_000,
  });
  const byVendor: Record<string, number> = {};
  for (const b of ready.bmcs) byVendor[b.vendor] = (byVendor[b.vendor] ?? 0) + 1;
  log(
    `simulator pid ${sim.pid} listening on 127.4.x.y:${ready.port} (${ready.startMs} ms to start); trees: ` +
      ready.trees.map((t) => `${t.name} (${t.source}, ${byVendor[t.name] ?? 0} BMCs, requests by level ${t.levels.join('+')})`).join(', '),
  );
  if (!ready.trees.some((t) => t.source === 'shared')) log('  the shared fixtures are absent: only the committed trees are served');

  let peakRss = process.memoryUsage.rss();
  let sweepPeakRss = peakRss;
  const rssTimer = setInterval(() => {
    const rss = process.memoryUsage.rss();
    peakRss = Math.max(peakRss, rss);
    sweepPeakRss = Math.max(sweepPeakRss, rss);
  }, 20);
  rssTimer.unref();

  const client = new RedfishClient();
  let closed = false;
  try {
    if (ready.bmcs.length !== p.bmcs) throw new Error(`the simulator runs ${ready.bmcs.length} BMCs, expected ${p.bmcs}`);
    const trees = new Map(ready.trees.map((t) => [t.name, t]));
    const secret = new Secret(password);
    const bmcs: Bmc[] = ready.bmcs.map((b, i) => {
      const tree = trees.get(b.vendor);
      if (!tree) throw new Error(`the simulator names an unknown tree "${b.vendor}"`);
      return {
        index: i,
        node: `node${String(i + 1).padStart(4, '0')}`,
        tree,
        target: Object.freeze({
          id: `bmc-${b.address}`,
          baseUrl: `https://${b.address}:${ready.port}`,
          user: 'root',
          password: secret,
          caFile: ready.caFile,
          ...(p.auth === 'session' ? { auth: 'session' as const } : {}),
        }),
      };
    });
    const expected = expectedSeries(ready.trees);
    for (const t of ready.trees) if (!expected.has(t.name)) log(`  ${t.name}: no expected.prom, only node_ipmi_info and node_thermals_thermometer are checked`);

    // The latency-bound floor: each BMC's requests come in dependency levels, at most PER_BMC_LIMIT
    // at once, each answered after latencyMs; BMCs beyond --concurrency wait for a slot.
    const depthByVendor: Record<string, number> = {};
    for (const t of ready.trees) depthByVendor[t.name] = depth(t.levels);
    const waves = Math.ceil(p.bmcs / p.concurrency);
    const maxDepth = Math.max(...bmcs.map((b) => depthByVendor[b.tree.name] ?? 0));
    // With sessions the first sweep logs in first: one more level, one more request per BMC.
    const loginLevels = p.auth === 'session' ? 1 : 0;
    const floorMs = (k: number): number => waves * (maxDepth + (k === 0 ? loginLevels : 0)) * p.latencyMs;
    const requestsPerSweep = bmcs.reduce((sum, b) => sum + b.tree.levels.reduce((a, n) => a + n, 0), 0);
    const expectedRequests = (k: number): number => requestsPerSweep + (k === 0 ? loginLevels * p.bmcs : 0);
    log(
      `floor: request depth ${maxDepth}${loginLevels ? ` (+1 login in the first sweep)` : ''} × ${p.latencyMs} ms` +
        `${waves > 1 ? ` × ${waves} waves of ${p.concurrency} BMCs` : ''} = ${floorMs(1)} ms per sweep${loginLevels ? `, ${floorMs(0)} ms for the first` : ''}; ` +
        `${requestsPerSweep} requests per sweep`,
    );

    const sweeps: SweepFigures[] = [];
    let errors = 0;
    let problemCount = 0;
    // The previous sweep's results, alive while the next one is collected.
    const retained: Outcome[][] = [];
    for (let k = 0; k <= p.sweeps; k++) {
      const simBefore = await sim.usage();
      const requestsBefore = client.requests;
      const limit = pLimit(p.concurrency);
      sweepPeakRss = process.memoryUsage.rss();
      const cpuBefore = process.cpuUsage();
      const t0 = performance.now();
      const outcomes = await Promise.all(
        bmcs.map((bmc) =>
          limit(async (): Promise<Outcome> => {
            const t1 = performance.now();
            try {
              const result = await collectRedfishBmc(client, bmc.target, bmc.node, { timeoutMs: p.timeoutMs });
              return { bmc, ms: performance.now() - t1, result };
            } catch (err) {
              return { bmc, ms: performance.now() - t1, failure: toLinkmonError(err, ErrorCodes.REDFISH_CONNECT, bmc.target.id) };
            }
          }),
        ),
      );
      const wallMs = performance.now() - t0;
      const cpu = process.cpuUsage(cpuBefore);
      const clientRequests = client.requests - requestsBefore;
      const simAfter = await sim.usage();
      sweepPeakRss = Math.max(sweepPeakRss, process.memoryUsage.rss());

      const problems: string[] = [];
      for (const o of outcomes) {
        errors += o.failure ? 1 : (o.result?.errors.length ?? 0);
        problems.push(...checkOutcome(o, expected));
      }
      const requests = simAfter.requests - simBefore.requests;
      const connections = simAfter.connections - simBefore.connections;
      const retried = clientRequests - requests;
      const want = expectedRequests(k);
      if (requests !== want) problems.push(`the simulator received ${requests} requests; the trees make the collector send ${want}`);
      // A connection idle for longer than the BMC's keep-alive timeout is closed by the BMC: the
      // next sweep opens a new one, and a request sent on it as it closes is reset and retried. Only
      // a sweep (or the one before it) that lasted longer than that timeout can see either.
      const stalled = wallMs > ready.keepAliveTimeoutMs || (k > 0 && (sweeps[k - 1]?.wallMs ?? 0) > ready.keepAliveTimeoutMs);
      const unexplained = (what: string): void => {
        if (stalled) log(`    sweep ${k}: ${what} (a sweep lasted longer than the BMCs' ${ready.keepAliveTimeoutMs} ms keep-alive timeout)`);
        else problems.push(what);
      };
      if (retried !== 0) unexplained(`the client sent ${clientRequests} requests, the simulator received ${requests}: ${retried} retried after a connection reset`);
      if (k > 0 && connections > 0) unexplained(`${connections} new connections after the first sweep`);
      if (simAfter.maxInFlight > PER_BMC_LIMIT) problems.push(`a BMC had ${simAfter.maxInFlight} requests in flight (limit ${PER_BMC_LIMIT})`);
      for (const text of problems.slice(0, 10)) log(`    sweep ${k}: ${text}`);
      if (problems.length > 0) failures.push(`sweep ${k}: ${problems.length} problem(s), first: ${problems[0]}`);
      problemCount += problems.length;

      const cpuMs = cpuMsOf(cpu);
      const times = outcomes.map((o) => o.ms).sort((a, b) => a - b);
      const f: SweepFigures = {
        sweep: k,
        wallMs: round1(wallMs),
        floorMs: floorMs(k),
        overFloorMs: round1(wallMs - floorMs(k)),
        cpuMs: round1(cpuMs),
        cpuUserMs: round1(cpu.user / 1000),
        cpuSystemMs: round1(cpu.system / 1000),
        cpuUsPerBmc: Math.round((cpuMs * 1000) / p.bmcs),
        cpuUsPerRequest: clientRequests > 0 ? Math.round((cpuMs * 1000) / clientRequests) : 0,
        requests,
        clientRequests,
        expectedRequests: want,
        retriedRequests: retried,
        connections,
        simCpuMs: round1(simCpuMs(simBefore, simAfter)),
        bmcMs: { min: round1(times[0] ?? 0), median: round1(median(times)), p95: round1(quantile(times, 0.95)), max: round1(times[times.length - 1] ?? 0) },
        peakRssMB: mb(sweepPeakRss),
        errors: outcomes.reduce((n, o) => n + (o.failure ? 1 : (o.result?.errors.length ?? 0)), 0),
        problems: problems.length,
      };
      sweeps.push(f);
      const ok = outcomes.filter((o) => !o.failure && o.result?.errors.length === 0).length;
      log(
        `sweep ${k}${k === 0 ? ' (new connections)' : ' (kept alive)'}: ${ok}/${p.bmcs} BMCs, wall ${f.wallMs} ms (floor ${f.floorMs} ms, +${f.overFloorMs}), ` +
          `client CPU ${f.cpuMs} ms (user ${f.cpuUserMs}, sys ${f.cpuSystemMs}; ${f.cpuUsPerBmc} µs/BMC, ${f.cpuUsPerRequest} µs/request), ` +
          `${f.requests} requests${retried > 0 ? ` (+${retried} retried)` : ''}, ${f.connections} new connections, per BMC ${f.bmcMs.min}/${f.bmcMs.median}/${f.bmcMs.max} ms (min/median/max), ` +
          `peak RSS ${f.peakRssMB} MB, simulator CPU ${f.simCpuMs} ms, ${f.errors} errors`,
      );
      retained.push(outcomes);
      while (retained.length > 1) retained.shift();
    }
    retained.length = 0;

    // close(): with sessions, one DELETE per BMC; then every connection ends.
    const beforeClose = await sim.usage();
    const c0 = performance.now();
    await client.close();
    closed = true;
    const closeMs = performance.now() - c0;
    const afterClose = await sim.usage();
    const close = {
      ms: round1(closeMs),
      requests: afterClose.requests - beforeClose.requests,
      sessionsCreated: afterClose.sessionsCreated,
      sessionsDeleted: afterClose.sessionsDeleted,
      activeSessions: afterClose.activeSessions,
    };
    if (p.auth === 'session') {
      if (close.activeSessions !== 0) failures.push(`${close.activeSessions} sessions still open on the BMCs after client.close()`);
      if (close.sessionsCreated !== p.bmcs) failures.push(`${close.sessionsCreated} sessions created, expected one per BMC (${p.bmcs})`);
      if (close.sessionsDeleted !== p.bmcs) failures.push(`${close.sessionsDeleted} sessions deleted by client.close(), expected ${p.bmcs}`);
    } else if (close.sessionsCreated !== 0) failures.push(`${close.sessionsCreated} sessions created with basic authentication`);
    log(
      `client.close(): ${close.ms} ms, ${close.requests} requests; sessions created ${close.sessionsCreated}, deleted ${close.sessionsDeleted}, ` +
        `still open ${close.activeSessions}; most requests in flight to one BMC: ${afterClose.maxInFlight}`,
    );

    clearInterval(rssTimer);
    peakRss = Math.max(peakRss, process.memoryUsage.rss());
    const final = await sim.stop();

    const first = sweeps[0] as SweepFigures;
    const later = sweeps.slice(1);
    const worst = Math.max(...sweeps.map((s) => s.wallMs));
    const laterWallMedian = later.length > 0 ? round1(median(later.map((s) => s.wallMs))) : null;
    const targets = {
      sweepWall: {
        limitMs: TARGET_SWEEP_WALL_MS,
        firstSweepMs: first.wallMs,
        laterSweepMsMedian: laterWallMedian,
        worstSweepMs: worst,
        met: worst <= TARGET_SWEEP_WALL_MS,
      },
    };
    const maxRssMB = round1(process.resourceUsage().maxRSS / 1024);
    log(
      `first sweep ${first.wallMs} ms (floor ${first.floorMs}), later sweeps median ${laterWallMedian ?? '-'} ms (floor ${floorMs(1)}), ` +
        `client CPU first ${first.cpuMs} ms, later median ${later.length > 0 ? round1(median(later.map((s) => s.cpuMs))) : '-'} ms; ` +
        `peak RSS ${mb(peakRss)} MB (maxRSS ${maxRssMB} MB); simulator CPU total ${final ? round1((final.cpuUserUs + final.cpuSystemUs) / 1000) : '?'} ms, ` +
        `max RSS ${final ? round1(final.maxRssKb / 1024) : '?'} MB`,
    );
    log(`target sweepWall: worst sweep ${worst} ms (limit ${TARGET_SWEEP_WALL_MS} ms) ${targets.sweepWall.met ? 'met' : 'MISSED'}`);

    return {
      figures: {
        bench: 'redfish-sweep',
        node: process.version,
        cpus: os.availableParallelism(),
        params: { ...p, perBmcLimit: PER_BMC_LIMIT },
        bmcsByVendor: byVendor,
        trees: ready.trees.map((t) => ({ name: t.name, source: t.source, dir: t.dir, levels: t.levels, depth: depthByVendor[t.name], expectedProm: expected.has(t.name) })),
        floor: {
          depth: maxDepth,
          loginLevels,
          waves,
          latencyMs: p.latencyMs,
          firstSweepMs: floorMs(0),
          laterSweepMs: floorMs(1),
          requestsPerSweep,
        },
        first,
        later: {
          sweeps: later.length,
          wallMs: later.map((s) => s.wallMs),
          cpuMs: later.map((s) => s.cpuMs),
          simCpuMs: later.map((s) => s.simCpuMs),
          connections: later.reduce((n, s) => n + s.connections, 0),
          wallMsMedian: laterWallMedian,
          cpuMsMedian: later.length > 0 ? round1(median(later.map((s) => s.cpuMs))) : null,
          cpuUsPerBmc: later.length > 0 ? Math.round(median(later.map((s) => s.cpuUsPerBmc))) : null,
          cpuUsPerRequest: later.length > 0 ? Math.round(median(later.map((s) => s.cpuUsPerRequest))) : null,
          overFloorMsMedian: later.length > 0 ? round1(median(later.map((s) => s.overFloorMs))) : null,
        },
        sweeps,
        close,
        errors,
        problems: problemCount,
        peakRssMB: mb(peakRss),
        maxRssMB,
        simulator: {
          pid: sim.pid,
          startMs: ready.startMs,
          cpuMsTotal: final ? round1((final.cpuUserUs + final.cpuSystemUs) / 1000) : null,
          maxRssMB: final ? round1(final.maxRssKb / 1024) : null,
          requests: final ? final.requests : null,
          requestsByVendor: final ? final.requestsByVendor : null,
          connections: final ? final.connections : null,
          maxInFlight: final ? final.maxInFlight : null,
        },
        targets,
        ok: failures.length === 0,
      },
      failures,
    };
  } finally {
    clearInterval(rssTimer);
    if (!closed) await client.close();
    sim.kill();
  }
}
