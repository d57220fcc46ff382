/** The contract every output implements. A sink's failure never stops collection. */
import type { ChangeReport, Sweep } from '../health/report.js';

export type RunMode = 'oneshot' | 'multi' | 'single';
export type RunStatus = 'completed' | 'interrupted' | 'failed';

export interface RunInfo {
  readonly startedMs: number;
  readonly mode: RunMode;
  readonly intervalS: number;
  readonly runTimeS?: number;
  /** The command line, which never holds secrets (they come from the environment). */
  readonly argv: readonly string[];
  readonly version: string;
}

export type Batch = { readonly kind: 'sweep'; readonly sweep: Sweep } | { readonly kind: 'changes'; readonly report: ChangeReport };

export interface Sink {
  /** snake_case id equal to the sink's folder name. */
  readonly id: string;
  start(run: RunInfo): Promise<void>;
  write(batches: readonly Batch[]): Promise<void>;
  flush(): Promise<void>;
  close(status: RunStatus): Promise<void>;
}
