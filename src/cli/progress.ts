/** A one-line progress display on a terminal; silent when stderr is not a TTY. */
import type { SweepProgress } from '../scheduler/sweep.js';

export class ProgressLine {
  #last = 0;
  #shown = false;

  constructor(private readonly stream: NodeJS.WriteStream = process.stderr, private readonly enabled = stream.isTTY === true) {}

  update(label: string, p: SweepProgress): void {
    if (!this.enabled) return;
    const t = Date.now();
    if (p.done !== p.total && t - this.#last < 100) return;
    this.#last = t;
    const errors = p.failed > 0 ? `, ${p.failed} failed` : '';
    this.stream.write(`\r\x1b[K${label}: ${p.done}/${p.total} devices${errors}`);
    this.#shown = true;
  }

  /** Shows a message in place of the progress line (sleeping between samples, …). */
  status(text: string): void {
    if (!this.enabled) return;
    this.stream.write(`\r\x1b[K${text}`);
    this.#shown = true;
  }

  clear(): void {
    if (!this.enabled || !this.#shown) return;
    this.stream.write('\r\x1b[K');
    this.#shown = false;
  }
}
