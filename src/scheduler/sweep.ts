/**
 * One sweep: collect every target once with bounded concurrency. A slow or failing device never
 * delays the others beyond the concurrency bound; each target's own collector enforces its
 * deadline. Progress is reported as devices finish.
 */
import pLimit from 'p-limit';

export interface SweepProgress {
  readonly done: number;
  readonly total: number;
  readonly failed: number;
}

export interface SweepOptions<T, R> {
  readonly targets: readonly T[];
  readonly concurrency: number;
  readonly collect: (target: T, signal: AbortSignal) => Promise<R>;
  readonly failed?: (result: R) => boolean;
  readonly onProgress?: (p: SweepProgress) => void;
  readonly signal?: AbortSignal;
}

/** Collects every target; results are in the order of `targets`. */
export async function sweep<T, R>(opts: SweepOptions<T, R>): Promise<R[]> {
  const limit = pLimit(Math.max(1, opts.concurrency));
  const signal = opts.signal ?? new AbortController().signal;
  let done = 0;
  let failed = 0;
  const total = opts.targets.length;
  opts.onProgress?.({ done, total, failed });
  return Promise.all(
    opts.targets.map((t) =>
      limit(async () => {
        const r = await opts.collect(t, signal);
        done++;
        if (opts.failed?.(r)) failed++;
        opts.onProgress?.({ done, total, failed });
        return r;
      }),
    ),
  );
}

/**
 * Sleeps until `ms` have passed or the signal fires; resolves false when interrupted.
 */
export function sleep(ms: number, signal?: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve(false);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      resolve(false);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Time to wait before the next sample of a run that started at `startMs` and has taken `taken`
 * samples: samples start on a steady cadence (start + k × interval), so the sweep's own duration
 * is absorbed. A sweep that overran its slot is followed by a pause of `minMs` (1 s) instead, so
 * a slow fabric is never polled back to back.
 */
export function nextDelayMs(startMs: number, taken: number, intervalMs: number, nowMs: number, minMs = 1000): number {
  const due = startMs + taken * intervalMs;
  return due >= nowMs ? due - nowMs : minMs;
}
