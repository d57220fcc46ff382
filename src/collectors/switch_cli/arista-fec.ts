/**
 * Cumulative FEC totals from Arista's non-cumulative registers.
 *
 * `show interfaces phy detail` prints, per FEC counter, the latest reading of an internal register
 * (`value`) and how many times it was updated (`changes`). A reader that sees `changes` advance
 * adds the current value to its total; when `changes` advanced by more than one, the readings in
 * between were missed, and the port is handed to fast polling, which feeds its readings into the
 * same ledger. Readings arrive in time order from one event loop, so every update is counted at
 * most once: an update is identified by its change count.
 */
import type { FecRegisterReading } from '../../vendors/switch-driver.js';

export interface FecObservation {
  /** Updates in this reading that were counted for the first time. */
  readonly counted: bigint;
  /** Updates that happened since the previous reading but whose values were never seen. */
  readonly missed: bigint;
}

export class FecRegisterLedger {
  #changes: bigint | undefined;
  #total = 0n;
  #missed = 0n;

  /** The cumulative count of errors seen (a lower bound when updates were missed). */
  get total(): bigint {
    return this.#total;
  }

  /** Updates whose values were missed since the ledger started. */
  get missedUpdates(): bigint {
    return this.#missed;
  }

  observe(r: FecRegisterReading): FecObservation {
    const prev = this.#changes;
    this.#changes = r.changes;
    if (prev === undefined) return { counted: 0n, missed: 0n }; // the baseline: nothing new yet
    if (r.changes === prev) return { counted: 0n, missed: 0n };
    if (r.changes < prev) {
      // `clear counters`: the register restarted; the current value is the first new reading.
      if (r.changes > 0n) this.#total += r.value;
      const missed = r.changes > 1n ? r.changes - 1n : 0n;
      this.#missed += missed;
      return { counted: r.changes > 0n ? 1n : 0n, missed };
    }
    this.#total += r.value;
    const missed = r.changes - prev - 1n;
    this.#missed += missed;
    return { counted: 1n, missed };
  }
}

/** Ledgers of one port's corrected and uncorrected registers. */
export class PortFecLedger {
  readonly corrected = new FecRegisterLedger();
  readonly uncorrected = new FecRegisterLedger();

  /** Feeds one reading of both registers; returns the largest advance of the update counters. */
  observe(fec: { corrected?: FecRegisterReading; uncorrected?: FecRegisterReading }): { updates: bigint; missed: bigint } {
    const a = fec.corrected ? this.corrected.observe(fec.corrected) : { counted: 0n, missed: 0n };
    const b = fec.uncorrected ? this.uncorrected.observe(fec.uncorrected) : { counted: 0n, missed: 0n };
    const ua = a.counted + a.missed;
    const ub = b.counted + b.missed;
    return { updates: ua > ub ? ua : ub, missed: a.missed > b.missed ? a.missed : b.missed };
  }
}
