/**
 * The main command: sample the inventory's devices and report link changes (one-shot,
 * multi-sample or single sample), to stdout, files and/or SQLite.
 */
import { ErrorCodes } from '../core/errors.js';
import type { DeviceSample } from '../core/link.js';
import type { Target } from '../core/target.js';
import type { Sweep } from '../health/report.js';
import { InventoryWatcher, type PortLink } from '../inventory/index.js';
import { runSamples } from '../scheduler/run.js';
import { sweep, type SweepProgress } from '../scheduler/sweep.js';
import { FilesSink } from '../sinks/files/index.js';
import type { RunMode, Sink } from '../sinks/sink.js';
import { SqliteSink } from '../sinks/sqlite/index.js';
import { StdoutSink } from '../sinks/stdout/index.js';
import { createCollectors, filterSwitchPorts } from './collectors.js';
import { localTarget } from './node-collector.js';
import type { AuditConfig } from './options.js';
import { ProgressLine } from './progress.js';
import { VERSION } from './version.js';

export interface CliIo {
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WriteStream;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly signal: AbortSignal;
}

export const EXIT_OK = 0;
export const EXIT_FAILURES = 1;
export const EXIT_USAGE = 2;
export const EXIT_INTERRUPTED = 130;

export async function runAudit(cfg: AuditConfig, argv: readonly string[], io: CliIo): Promise<number> {
  const err = (line: string): void => {
    progress.clear();
    io.stderr.write(`${line}\n`);
  };
  const progress = new ProgressLine(io.stderr, cfg.progress);

  const watcher = new InventoryWatcher(
    { networkJson: cfg.networkJson, nodeList: cfg.nodeList, switchList: cfg.switchList, csxList: cfg.csxList, nodeSshKey: cfg.nodeSshKey },
    io.env,
  );
  let inventoryProblems = false;
  const reported = new Set<string>();
  const once = (line: string): void => {
    if (!reported.has(line)) err(line);
    reported.add(line);
  };
  let inventoryLinks: readonly PortLink[] = [];
  const currentTargets = async (): Promise<Target[]> => {
    const { inventory, errors } = await watcher.current();
    inventoryLinks = inventory.links;
    for (const e of errors) {
      inventoryProblems = true;
      once(`error: ${e.toLine()}`);
    }
    const nodes = !cfg.collectNodes ? [] : cfg.local ? [localTarget(io.env)] : [...inventory.nodes];
    const switches = cfg.collectSwitches ? [...inventory.switches] : [];
    const systems = cfg.collectSystems ? [...inventory.systems] : [];
    return [...nodes, ...switches, ...systems];
  };

  const initial = await currentTargets();
  if (initial.length === 0) {
    err(`error: ${ErrorCodes.USAGE}: no devices to collect (check the inventory files above)`);
    return EXIT_USAGE;
  }

  const collectors = await createCollectors(cfg, io.env);
  const collect = async (t: Target, signal: AbortSignal): Promise<DeviceSample> => {
    const sample = await collectors.collect(t, signal);
    return t.kind === 'switch' ? filterSwitchPorts(sample, cfg, inventoryLinks) : sample;
  };

  const sinks: Sink[] = [];
  if (cfg.outputDirectory !== undefined) sinks.push(new FilesSink(cfg.outputDirectory));
  if (cfg.database !== undefined) sinks.push(new SqliteSink(cfg.database, { storeRaw: cfg.storeRaw }));
  if (sinks.length === 0) sinks.push(new StdoutSink(io.stdout));

  const mode: RunMode = cfg.intervalS === 0 ? 'single' : cfg.runTimeS === undefined ? 'oneshot' : 'multi';
  const totalSweeps = mode === 'single' ? 1 : mode === 'oneshot' ? 2 : Math.floor((cfg.runTimeS ?? 0) / cfg.intervalS) + 1;

  const done = new Map<number, { label: string; progress: SweepProgress }>();
  const collectSweep = async (index: number, signal: AbortSignal): Promise<Sweep> => {
    const targets = index === 0 ? initial : await currentTargets();
    const startedMs = Date.now();
    const label = `sample ${index + 1}${mode === 'multi' ? `/~${totalSweeps}` : `/${totalSweeps}`}`;
    let last: SweepProgress = { done: 0, total: targets.length, failed: 0 };
    const samples: DeviceSample[] = await sweep({
      targets,
      concurrency: cfg.concurrency,
      signal,
      collect,
      failed: (r) => !r.reachable,
      onProgress: (p) => {
        last = p;
        progress.update(label, p);
      },
    });
    progress.clear();
    if (!signal.aborted) done.set(index, { label, progress: last });
    // Device failures are printed as they are found, so a long run shows them without waiting.
    if (sinks.some((s) => s.id !== 'stdout')) {
      for (const s of samples) for (const e of s.errors) if (e.severity === 'error') err(`error: ${e.toLine()}`);
    }
    return { index, startedMs, endedMs: Date.now(), samples };
  };

  let result;
  try {
    result = await runSamples({
      run: { startedMs: Date.now(), mode, intervalS: cfg.intervalS, runTimeS: cfg.runTimeS, argv, version: VERSION },
      intervalMs: cfg.intervalS * 1000,
      runTimeMs: cfg.runTimeS === undefined ? undefined : cfg.runTimeS * 1000,
      collectSweep,
      sinks,
      health: { manyCorrectedPerKib: cfg.manyCorrectedPerKib },
      signal: io.signal,
      onSinkError: (e) => err(`error: ${e.toLine()}`),
      onSweepWritten: (s) => {
        const d = done.get(s.index);
        if (!d) return;
        progress.sampleDone(d.label, d.progress);
        if (s.index + 1 < totalSweeps) progress.status(`${d.label} done; next sample in ${cfg.intervalS} s`);
      },
    });
  } finally {
    progress.clear();
    await collectors.close();
  }

  if (result.status === 'failed') return EXIT_FAILURES;
  if (result.status === 'interrupted') {
    err(`interrupted after ${result.sweeps} sample(s); everything completed was written`);
    return EXIT_INTERRUPTED;
  }
  const anyDeviceError = result.reports.some((r) => r.devices.some((d) => !d.ok)) || result.deviceFailures;
  return anyDeviceError || result.sinkErrors.length > 0 || inventoryProblems ? EXIT_FAILURES : EXIT_OK;
}

