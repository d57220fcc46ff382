/**
 * files (`-o DIR`): one text file per change report and device kind, named after the end of the
 * interval in UTC: `nodes-<YYYYmmddHHMMSS>`, `switches-…`, `csxs-…`. The directory must not exist beforehand, so a run
 * never mixes its reports with an older run's.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ErrorCodes, LinkmonError } from '../../core/errors.js';
import type { Batch, RunInfo, RunStatus, Sink } from '../sink.js';
import { formatKindReport } from '../stdout/table.js';

export function fileStamp(ms: number): string {
  const d = new Date(ms);
  const p = (n: number, w = 2): string => String(n).padStart(w, '0');
  return `${d.getUTCFullYear()}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}`;
}

export class FilesSink implements Sink {
  readonly id = 'files';

  constructor(private readonly dir: string) {}

  async start(_run: RunInfo): Promise<void> {
    try {
      await mkdir(this.dir, { recursive: false });
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      const why = code === 'EEXIST' ? 'it already exists (choose a new directory)' : (err as Error).message;
      throw new LinkmonError(ErrorCodes.SINK_OPEN, `cannot create output directory ${this.dir}: ${why}`, { cause: err });
    }
  }

  async write(batches: readonly Batch[]): Promise<void> {
    for (const b of batches) {
      if (b.kind !== 'changes') continue;
      for (const [kind, prefix] of [['node', 'nodes'], ['switch', 'switches'], ['system', 'csxs']] as const) {
        if (!b.report.devices.some((d) => d.kind === kind)) continue;
        const file = path.join(this.dir, `${prefix}-${fileStamp(b.report.to.endedMs)}`);
        try {
          await writeFile(file, formatKindReport(b.report, kind), { flag: 'wx' });
        } catch (err) {
          throw new LinkmonError(ErrorCodes.SINK_WRITE, `cannot write ${file}: ${(err as Error).message}`, { cause: err });
        }
      }
    }
  }

  async flush(): Promise<void> {}

  async close(_status: RunStatus): Promise<void> {}
}
