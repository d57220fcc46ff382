/**
 * The SQLite schema of `-d FILE`, versioned with PRAGMA user_version. docs/data-model.md describes
 * every table. Migrations only ever append.
 */
export const MIGRATIONS: readonly string[] = [
  // 1: runs, sweeps, samples in the Kwollect data model, per-interval link health, device errors
  `
  CREATE TABLE runs (
    id            INTEGER PRIMARY KEY,
    started_at    INTEGER NOT NULL,           -- ms since the epoch
    ended_at      INTEGER,
    mode          TEXT NOT NULL,              -- oneshot | multi | single
    interval_s    REAL NOT NULL,
    run_time_s    REAL,
    command       TEXT NOT NULL,              -- JSON array of arguments (never secrets)
    version       TEXT NOT NULL,
    status        TEXT NOT NULL DEFAULT 'running'  -- running | completed | interrupted | failed
  );
  CREATE TABLE sweeps (
    id            INTEGER PRIMARY KEY,
    run_id        INTEGER NOT NULL REFERENCES runs(id),
    seq           INTEGER NOT NULL,           -- 0-based within the run
    started_at    INTEGER NOT NULL,
    ended_at      INTEGER NOT NULL,
    devices       INTEGER NOT NULL,
    failed        INTEGER NOT NULL
  );
  CREATE TABLE metrics (
    timestamp     INTEGER NOT NULL,           -- ms since the epoch, when the device was read
    device_id     TEXT NOT NULL,
    metric_id     TEXT NOT NULL,
    value         REAL NOT NULL,
    labels        TEXT NOT NULL DEFAULT '{}', -- JSON object
    sweep_id      INTEGER NOT NULL REFERENCES sweeps(id)
  );
  CREATE INDEX metrics_device_time ON metrics(device_id, timestamp);
  CREATE INDEX metrics_metric_time ON metrics(metric_id, timestamp);
  CREATE INDEX metrics_sweep ON metrics(sweep_id);
  CREATE TABLE link_health (
    run_id             INTEGER NOT NULL REFERENCES runs(id),
    from_sweep_id      INTEGER NOT NULL REFERENCES sweeps(id),
    to_sweep_id        INTEGER NOT NULL REFERENCES sweeps(id),
    timestamp          INTEGER NOT NULL,      -- end of the interval
    interval_ms        INTEGER NOT NULL,
    device_id          TEXT NOT NULL,
    device_kind        TEXT NOT NULL,
    port               TEXT NOT NULL,
    mac                TEXT,
    speed_mbps         INTEGER,
    oper_state         TEXT,
    carrier            INTEGER,
    driver_ok          INTEGER,
    flaps              INTEGER,
    rx_bytes           INTEGER,
    tx_bytes           INTEGER,
    crc_errors         INTEGER,
    symbol_errors      INTEGER,
    fec_corrected      INTEGER,
    fec_uncorrected    INTEGER,
    corrected_unit     TEXT,                  -- bits | codewords
    corrected_per_kib  REAL,
    health             TEXT NOT NULL,
    missing            TEXT,                  -- before | after, when the port was in one sample only
    reasons            TEXT NOT NULL DEFAULT '[]'
  );
  CREATE INDEX link_health_device ON link_health(device_id, port, timestamp);
  CREATE TABLE device_errors (
    run_id        INTEGER NOT NULL REFERENCES runs(id),
    sweep_id      INTEGER NOT NULL REFERENCES sweeps(id),
    timestamp     INTEGER NOT NULL,
    device_id     TEXT NOT NULL,
    code          TEXT NOT NULL,
    severity      TEXT NOT NULL,
    message       TEXT NOT NULL
  );
  `,
];
