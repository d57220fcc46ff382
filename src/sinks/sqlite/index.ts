/**
 * sqlite (`-d FILE`): every sweep in one transaction (WAL, synchronous=NORMAL), so a run that is
 * killed leaves a readable database holding every completed sweep. Samples are stored in the
 * Kwollect data model `metrics(timestamp, device_id, metric_id, value, labels)`; link health of
 * every interval in `link_health`. See docs/data-model.md.
 */
import Database from 'better-sqlite3';
import { ErrorCodes, LinkmonError } from '../../core/errors.js';
import type { DeviceSample, LinkObservation } from '../../core/link.js';
import type { ChangeReport, Sweep } from '../../health/report.js';
import type { Batch, RunInfo, RunStatus, Sink } from '../sink.js';
import { MIGRATIONS } from './schema.js';

export interface SqliteSinkOptions {
  /** Also store every raw driver counter (`ethtool.*`, `sysfs.*`, `rdma.*`), not only normalized ones. */
  readonly storeRaw?: boolean;
}

type MetricRow = [timestamp: number, device: string, metric: string, value: number, labels: string, sweepId: number];

export function openDatabase(file: string): Database.Database {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version > MIGRATIONS.length) {
    throw new LinkmonError(ErrorCodes.SINK_OPEN, `${file} has schema version ${version}, newer than this linkmon knows (${MIGRATIONS.length})`);
  }
  for (let v = version; v < MIGRATIONS.length; v++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[v] as string);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
  return db;
}

function linkMetrics(sample: DeviceSample, link: LinkObservation, sweepId: number, storeRaw: boolean, rows: MetricRow[]): void {
  const t = sample.timestampMs;
  const dev = sample.target.id;
  const labels = JSON.stringify({ port: link.port, kind: sample.kind });
  const push = (metric: string, value: number | bigint | undefined, lbl = labels): void => {
    if (value === undefined) return;
    rows.push([t, dev, metric, Number(value), lbl, sweepId]);
  };
  for (const [name, v] of Object.entries(link.counters)) push(name, v);
  for (const [name, lanes] of Object.entries(link.laneCounters)) {
    lanes?.forEach((v, lane) => push(name, v, JSON.stringify({ port: link.port, kind: sample.kind, lane: String(lane) })));
  }
  push('speed_mbps', link.speedMbps);
  push('oper_up', link.operState === undefined ? undefined : link.operState === 'up' ? 1 : 0);
  push('carrier', link.carrier === undefined ? undefined : link.carrier ? 1 : 0);
  push('driver_ok', link.driverOk === undefined ? undefined : link.driverOk ? 1 : 0);
  const o = link.optics;
  if (o) {
    push('optics_temperature_celsius', o.temperatureC);
    push('optics_voltage_volts', o.voltageV);
    for (const lane of o.lanes) {
      const l = JSON.stringify({ port: link.port, kind: sample.kind, lane: String(lane.lane) });
      push('optics_tx_bias_milliamperes', lane.txBiasMa, l);
      push('optics_tx_power_milliwatts', lane.txPowerMw, l);
      push('optics_rx_power_milliwatts', lane.rxPowerMw, l);
    }
  }
  if (storeRaw) for (const [name, v] of link.raw) push(`raw.${name}`, v);
}

const bigOrNull = (v: bigint | undefined): bigint | null => (v === undefined ? null : v);
const boolOrNull = (v: boolean | undefined): number | null => (v === undefined ? null : v ? 1 : 0);

export class SqliteSink implements Sink {
  readonly id = 'sqlite';
  #db: Database.Database | undefined;
  #runId = 0;
  readonly #sweepIds = new Map<number, number>();

  constructor(
    private readonly file: string,
    private readonly opts: SqliteSinkOptions = {},
  ) {}

  async start(run: RunInfo): Promise<void> {
    try {
      this.#db = openDatabase(this.file);
      const r = this.#db
        .prepare('INSERT INTO runs (started_at, mode, interval_s, run_time_s, command, version) VALUES (?, ?, ?, ?, ?, ?)')
        .run(run.startedMs, run.mode, run.intervalS, run.runTimeS ?? null, JSON.stringify(run.argv), run.version);
      this.#runId = Number(r.lastInsertRowid);
    } catch (err) {
      if (err instanceof LinkmonError) throw err;
      throw new LinkmonError(ErrorCodes.SINK_OPEN, `cannot open database ${this.file}: ${(err as Error).message}`, { cause: err });
    }
  }

  get runId(): number {
    return this.#runId;
  }

  async write(batches: readonly Batch[]): Promise<void> {
    const db = this.#db;
    if (!db) throw new LinkmonError(ErrorCodes.SINK_WRITE, `database ${this.file} is not open`);
    try {
      db.transaction(() => {
        for (const b of batches) {
          if (b.kind === 'sweep') this.#writeSweep(db, b.sweep);
          else this.#writeChanges(db, b.report);
        }
      })();
    } catch (err) {
      throw new LinkmonError(ErrorCodes.SINK_WRITE, `cannot write to database ${this.file}: ${(err as Error).message}`, { cause: err });
    }
  }

  #writeSweep(db: Database.Database, sweep: Sweep): void {
    const failed = sweep.samples.filter((s) => !s.reachable).length;
    const r = db
      .prepare('INSERT INTO sweeps (run_id, seq, started_at, ended_at, devices, failed) VALUES (?, ?, ?, ?, ?, ?)')
      .run(this.#runId, sweep.index, sweep.startedMs, sweep.endedMs, sweep.samples.length, failed);
    const sweepId = Number(r.lastInsertRowid);
    this.#sweepIds.set(sweep.index, sweepId);
    const insert = db.prepare('INSERT INTO metrics (timestamp, device_id, metric_id, value, labels, sweep_id) VALUES (?, ?, ?, ?, ?, ?)');
    const insertError = db.prepare(
      'INSERT INTO device_errors (run_id, sweep_id, timestamp, device_id, code, severity, message) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    const rows: MetricRow[] = [];
    for (const s of sweep.samples) {
      rows.push([s.timestampMs, s.target.id, 'scrape_success', s.reachable ? 1 : 0, JSON.stringify({ kind: s.kind }), sweepId]);
      rows.push([s.timestampMs, s.target.id, 'scrape_duration_seconds', s.durationMs / 1000, JSON.stringify({ kind: s.kind }), sweepId]);
      for (const link of s.links) linkMetrics(s, link, sweepId, this.opts.storeRaw ?? false, rows);
      for (const e of s.errors) insertError.run(this.#runId, sweepId, s.timestampMs, s.target.id, e.code, e.severity, e.message);
    }
    for (const row of rows) insert.run(row);
  }

  #writeChanges(db: Database.Database, report: ChangeReport): void {
    const from = this.#sweepIds.get(report.from.index);
    const to = this.#sweepIds.get(report.to.index);
    if (from === undefined || to === undefined) return;
    const insert = db.prepare(`INSERT INTO link_health (run_id, from_sweep_id, to_sweep_id, timestamp, interval_ms, device_id,
      device_kind, port, mac, speed_mbps, oper_state, carrier, driver_ok, flaps, rx_bytes, tx_bytes, crc_errors, symbol_errors,
      fec_corrected, fec_uncorrected, corrected_unit, corrected_per_kib, health, missing, reasons)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    for (const dev of report.devices) {
      for (const c of dev.changes) {
        const l = c.link;
        insert.run(
          this.#runId, from, to, report.to.endedMs, c.intervalMs, dev.device, dev.kind, c.port, l.mac ?? null,
          l.speedMbps ?? null, l.operState ?? null, boolOrNull(l.carrier), boolOrNull(l.driverOk), bigOrNull(c.flaps),
          bigOrNull(c.deltas.rx_bytes), bigOrNull(c.deltas.tx_bytes), bigOrNull(c.deltas.rx_crc_errors),
          bigOrNull(c.deltas.rx_symbol_errors), bigOrNull(c.corrected), bigOrNull(c.uncorrected), c.correctedUnit ?? null,
          c.correctedPerKib ?? null, c.health, c.missing ?? null, JSON.stringify(c.reasons),
        );
      }
    }
  }

  async flush(): Promise<void> {}

  async close(status: RunStatus): Promise<void> {
    const db = this.#db;
    if (!db) return;
    try {
      db.prepare('UPDATE runs SET ended_at = ?, status = ? WHERE id = ?').run(Date.now(), status, this.#runId);
    } finally {
      db.close();
      this.#db = undefined;
    }
  }
}
