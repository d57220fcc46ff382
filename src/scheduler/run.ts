/**
 * The sampling loop shared by every local mode: one sample (-i 0), a one-shot pair (-i), or
 * samples every interval until the run time passes (-i and -t). Each sweep is written as soon as
 * it completes, with the change report against the previous sweep, so an interrupted run keeps
 * everything it finished. A failing output is reported and the others carry on.
 */
import { ErrorCodes, toLinkmonError, type LinkmonError } from '../core/errors.js';
import { buildChangeReport, type ChangeReport, type Sweep } from '../health/report.js';
import type { HealthOptions } from '../health/link-health.js';
import type { Batch, RunInfo, RunStatus, Sink } from '../sinks/sink.js';
import { nextDelayMs, sleep } from './sweep.js';

export interface RunOptions {
  readonly run: RunInfo;
  readonly intervalMs: number;
  /** Multi-sample mode when set. */
  readonly runTimeMs?: number;
  readonly collectSweep: (index: number, signal: AbortSignal) => Promise<Sweep>;
  readonly sinks: readonly Sink[];
  readonly health?: HealthOptions;
  readonly signal?: AbortSignal;
  /** Called when a sweep has been collected and handed to every output. */
  readonly onSweepWritten?: (sweep: Sweep) => void;
  /** Called for each output failure, as it happens. */
  readonly onSinkError?: (err: LinkmonError) => void;
  readonly now?: () => number;
}

export interface RunResult {
  readonly status: RunStatus;
  readonly sweeps: number;
  readonly sinkErrors: readonly LinkmonError[];
  readonly reports: readonly ChangeReport[];
  /** True when any device failed in any sweep. */
  readonly deviceFailures: boolean;
}

export async function runSamples(opts: RunOptions): Promise<RunResult> {
  const now = opts.now ?? Date.now;
  const signal = opts.signal ?? new AbortController().signal;
  const sinkErrors: LinkmonError[] = [];
  const reports: ChangeReport[] = [];
  const report = (err: unknown): void => {
    const e = toLinkmonError(err, ErrorCodes.SINK_WRITE);
    sinkErrors.push(e);
    opts.onSinkError?.(e);
  };

  const live: Sink[] = [];
  for (const sink of opts.sinks) {
    try {
      await sink.start(opts.run);
      live.push(sink);
    } catch (err) {
      report(err);
    }
  }
  if (live.length === 0 && opts.sinks.length > 0) {
    return { status: 'failed', sweeps: 0, sinkErrors, reports, deviceFailures: false };
  }

  const write = async (batches: Batch[]): Promise<void> => {
    await Promise.all(
      live.map(async (sink) => {
        try {
          await sink.write(batches);
        } catch (err) {
          report(err);
        }
      }),
    );
  };

  const start = now();
  const single = opts.intervalMs === 0;
  const wanted = single ? 1 : opts.runTimeMs === undefined ? 2 : Infinity;
  let previous: Sweep | undefined;
  let count = 0;
  let deviceFailures = false;
  let status: RunStatus = 'completed';

  while (count < wanted) {
    const sweep = await opts.collectSweep(count, signal);
    if (signal.aborted) {
      status = 'interrupted';
      break;
    }
    count++;
    if (sweep.samples.some((s) => !s.reachable)) deviceFailures = true;
    const batches: Batch[] = [{ kind: 'sweep', sweep }];
    if (previous) {
      const changes = buildChangeReport(previous, sweep, opts.health);
      reports.push(changes);
      batches.push({ kind: 'changes', report: changes });
    }
    await write(batches);
    previous = sweep;
    if (count >= wanted) break;
    opts.onSweepWritten?.(sweep);
    const delay = nextDelayMs(start, count, opts.intervalMs, now());
    if (opts.runTimeMs !== undefined && now() + delay - start > opts.runTimeMs) break;
    if (!(await sleep(delay, signal))) {
      status = 'interrupted';
      break;
    }
  }

  for (const sink of live) {
    try {
      await sink.flush();
      await sink.close(status);
    } catch (err) {
      report(err);
    }
  }
  return { status, sweeps: count, sinkErrors, reports, deviceFailures };
}

