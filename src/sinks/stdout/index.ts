/** stdout: prints each change report as a table. The default output of a one-shot run. */
import type { Batch, RunInfo, RunStatus, Sink } from '../sink.js';
import { formatReport } from './table.js';

export class StdoutSink implements Sink {
  readonly id = 'stdout';

  constructor(private readonly out: NodeJS.WritableStream = process.stdout) {}

  async start(_run: RunInfo): Promise<void> {}

  async write(batches: readonly Batch[]): Promise<void> {
    for (const b of batches) if (b.kind === 'changes') this.out.write(formatReport(b.report));
  }

  async flush(): Promise<void> {}

  async close(_status: RunStatus): Promise<void> {}
}
