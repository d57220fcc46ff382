/**
 * Progress of a run. On a terminal: one line rewritten in place. With `--progress` on a pipe: one
 * plain line per finished sample (for logs and scripts). Otherwise silent.
 */
import type { SweepProgress } from '../scheduler/sweep.js';

export class ProgressLine {
  #last = 0;
  #shown = false;

  readonly #tty: boolean;
  readonly #enabled: boolean;
  readonly #plain: boolean;

  /** `force`: true = --progress, false = --no-progress, undefined = only on a terminal. */
  constructor(
    private readonly stream: NodeJS.WriteStream = process.stderr,
    force?: boolean,
  ) {
    this.#tty = stream.isTTY === true;
    this.#enabled = force !== false && this.#tty;
    this.#plain = force === true && !this.#tty;
  }

  /** Plain-line mode only: one line when a sample is complete. */
  sampleDone(label: string, p: SweepProgress): void {
    if (!this.#plain) return;
    this.stream.write(`${label} done: ${p.done}/${p.total} devices, ${p.failed} failed\n`);
  }

  update(label: string, p: SweepProgress): void {
    if (!this.#enabled) return;
    const t = Date.now();
    if (p.done !== p.total && t - this.#last < 100) return;
    this.#last = t;
    const errors = p.failed > 0 ? `, ${p.failed} failed` : '';
    this.stream.write(`\r\x1b[K${label}: ${p.done}/${p.total} devices${errors}`);
    this.#shown = true;
  }

  /** Shows a message in place of the progress line (sleeping between samples, …). */
  status(text: string): void {
    if (!this.#enabled) return;
    this.stream.write(`\r\x1b[K${text}`);
    this.#shown = true;
  }

  clear(): void {
    if (!this.#enabled || !this.#shown) return;
    this.stream.write('\r\x1b[K');
    this.#shown = false;
  }
}
