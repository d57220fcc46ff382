/**
 * End to end against the in-process node simulator (src/sim, loopback 127.1.x.y only): the built
 * CLI writes SQLite (-d) and report files (-o); a run that is killed or interrupted keeps every
 * completed sweep; failing devices are reported with their error codes; a full disk is an output
 * error, not a crash.
 *
 * Runs bin/linkmon.js: `npm run build` first. Credentials go through NODE_PASSWORD only.
 */
import Database from 'better-sqlite3';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseTable, REPO_ROOT, runCli, type CliRun } from '../helpers/cli.js';
import {
  SIM_PASSWORD,
  simAddress,
  simExpected,
  simInterfaceNames,
  simNode,
  startSimCluster,
  type SimCluster,
  type SimNode,
} from '../helpers/sim.js';

const VERSION = (JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version;

const HEADINGS =
  'Host IfName MAC Speed Carrier OperState DriverOK Flaps RxKBytes RxCRCErr RxPCSErr RxCorrectedBit RxErrL0 RxErrL1 RxErrL2 RxErrL3 LAckTOut ImpNakSeq OutOfSeq Health';

function openReadOnly(file: string): Database.Database {
  return new Database(file, { readonly: true, fileMustExist: true });
}

function withDb<T>(file: string, fn: (db: Database.Database) => T): T {
  const db = openReadOnly(file);
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

/** `YYYYmmddHHMMSS` in UTC, as the files sink names its reports. */
function utcStamp(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, '').replace(/[-T:]/g, '');
}

async function waitFor(cond: () => boolean, timeoutMs: number): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (cond()) return true;
    await new Promise((r) => setTimeout(r, 25));
  }
  return cond();
}

/** Sweeps committed so far, read by a second (read-only) connection while the CLI writes. */
function committedSweeps(file: string): number {
  try {
    return withDb(file, (db) => (db.prepare('SELECT count(*) AS n FROM sweeps').get() as { n: number }).n);
  } catch {
    return 0; // not created yet
  }
}

function nonEmptyLines(text: string): string[] {
  return text.split('\n').filter((l) => l.trim() !== '');
}

interface RunRow {
  id: number;
  started_at: number;
  ended_at: number | null;
  mode: string;
  interval_s: number;
  run_time_s: number | null;
  command: string;
  version: string;
  status: string;
}

interface SweepRow {
  id: number;
  run_id: number;
  seq: number;
  started_at: number;
  ended_at: number;
  devices: number;
  failed: number;
}

/** Every sweep, and how many metrics rows (and scrape_success rows) it has. */
function sweepsWithMetricCounts(db: Database.Database): (SweepRow & { metrics: number; scrapes: number })[] {
  return db
    .prepare(
      `SELECT s.*, (SELECT count(*) FROM metrics m WHERE m.sweep_id = s.id) AS metrics,
              (SELECT count(*) FROM metrics m WHERE m.sweep_id = s.id AND m.metric_id = 'scrape_success') AS scrapes
       FROM sweeps s ORDER BY s.seq`,
    )
    .all() as (SweepRow & { metrics: number; scrapes: number })[];
}

// ---------------------------------------------------------------------------------------------

describe('multi-sample run to SQLite and files (-i 1 -t 3 -d -o)', () => {
  const nodes: SimNode[] = [
    simNode(0, { faults: { ens1f0: { flapsPerSample: 2 }, ens1f1: { crcPerSample: 5 } } }),
    // Corrected bits make fec_corrected_bits non-zero (SOME_CORRECTED: far below 1 per KiB).
    simNode(1, { faults: { ens1f0: { correctedBitsPerSample: 4000 } } }),
    simNode(2),
  ];
  /** Health the generator's faults must produce; every other link is GOOD. */
  const EXPECTED_HEALTH: Record<string, string> = {
    [`${simAddress(0)} ens1f0`]: 'FLAP',
    [`${simAddress(0)} ens1f1`]: 'UNCORRECTED_ERRORS',
    [`${simAddress(1)} ens1f0`]: 'SOME_CORRECTED',
  };
  const healthOf = (device: string, port: string): string => EXPECTED_HEALTH[`${device} ${port}`] ?? 'GOOD';

  let c: SimCluster;
  let run: CliRun;
  let args: string[];
  let dbFile: string;
  let outDir: string;
  let sweeps: SweepRow[];

  beforeAll(async () => {
    c = await startSimCluster(nodes, 'linkmon-e2e-multi-');
    dbFile = path.join(c.dir, 'links.db');
    outDir = path.join(c.dir, 'reports');
    args = ['-n', c.nodeList, '--known-hosts', c.knownHosts, '-i', '1', '-t', '3', '-d', dbFile, '-o', outDir];
    run = await runCli(args, { env: c.env, timeoutMs: 30_000 });
    try {
      sweeps = withDb(dbFile, (db) => db.prepare('SELECT * FROM sweeps ORDER BY seq').all() as SweepRow[]);
    } catch {
      sweeps = []; // reported by the tests below
    }
  }, 60_000);

  afterAll(async () => {
    await c?.stop();
  }, 30_000);

  it('exits 0 quietly (no progress without a terminal, nothing on stdout)', () => {
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe('');
    expect(run.code).toBe(0);
  });

  it('writes schema version 1 and one completed multi run whose command has no password', () => {
    withDb(dbFile, (db) => {
      expect(db.pragma('user_version', { simple: true })).toBe(1);
      const runs = db.prepare('SELECT * FROM runs').all() as RunRow[];
      expect(runs).toHaveLength(1);
      const r = runs[0] as RunRow;
      expect(r).toMatchObject({ mode: 'multi', status: 'completed', interval_s: 1, run_time_s: 3, version: VERSION });
      expect(JSON.parse(r.command)).toEqual(args);
      expect(r.command).not.toContain(SIM_PASSWORD);
      expect(r.ended_at).toBeGreaterThanOrEqual(r.started_at);
    });
  });

  it('stores sweeps seq 0..N-1 (N >= 3), each with 3 devices and none failed', () => {
    expect(sweeps.length).toBeGreaterThanOrEqual(3);
    expect(sweeps.map((s) => s.seq)).toEqual(sweeps.map((_, i) => i));
    for (const s of sweeps) expect(s).toMatchObject({ run_id: 1, devices: 3, failed: 0 });
    for (let i = 1; i < sweeps.length; i++) expect(sweeps[i]!.started_at).toBeGreaterThanOrEqual(sweeps[i - 1]!.ended_at);
    // Sweep k is the simulator's sample k of every node: each node answered exactly N times.
    for (const n of nodes) expect(c.sim.execs.get(n.address), n.address).toBe(sweeps.length);
  });

  it('stores the metrics the simulator sent, per node, port and sweep', () => {
    expect(sweeps.length).toBeGreaterThanOrEqual(3);
    const metricIds = ['carrier_changes', 'rx_bytes', 'fec_corrected_bits', 'scrape_success'];
    const rows = withDb(dbFile, (db) =>
      db
        .prepare(
          `SELECT m.device_id, m.metric_id, m.value, m.labels, m.timestamp, s.seq, s.started_at, s.ended_at
           FROM metrics m JOIN sweeps s ON s.id = m.sweep_id
           WHERE m.metric_id IN (${metricIds.map(() => '?').join(', ')})`,
        )
        .all(...metricIds),
    ) as { device_id: string; metric_id: string; value: number; labels: string; timestamp: number; seq: number; started_at: number; ended_at: number }[];

    const actual: Record<string, number> = {};
    for (const r of rows) {
      const labels = JSON.parse(r.labels) as { port?: string; kind?: string; lane?: string };
      expect(labels.kind).toBe('node');
      if (r.metric_id === 'scrape_success') expect(labels.port).toBeUndefined();
      else expect(typeof labels.port).toBe('string');
      expect(r.timestamp).toBeGreaterThanOrEqual(r.started_at);
      expect(r.timestamp).toBeLessThanOrEqual(r.ended_at);
      actual[`${r.seq} ${r.device_id} ${r.metric_id} ${labels.port ?? '-'} ${labels.lane ?? '-'}`] = r.value;
    }
    expect(Object.keys(actual)).toHaveLength(rows.length); // no duplicate rows

    const expected: Record<string, number> = {};
    for (const s of sweeps) {
      for (const n of nodes) {
        expected[`${s.seq} ${n.address} scrape_success - -`] = 1;
        const sent = simExpected(n.spec, s.seq);
        for (const port of simInterfaceNames(n.spec)) {
          const v = sent.get(port);
          if (v === undefined) throw new Error(`simulator output has no ${port}`);
          expected[`${s.seq} ${n.address} carrier_changes ${port} -`] = Number(v.sys.carrier_changes);
          expected[`${s.seq} ${n.address} rx_bytes ${port} -`] = Number(v.ethtoolS.rx_bytes_phy);
          expected[`${s.seq} ${n.address} fec_corrected_bits ${port} -`] = Number(v.ethtoolS.rx_corrected_bits_phy);
          for (let lane = 0; lane < 4; lane++) {
            expected[`${s.seq} ${n.address} fec_corrected_bits ${port} ${lane}`] = Number(v.ethtoolS[`rx_err_lane_${lane}_phy`]);
          }
        }
      }
    }
    expect(actual).toEqual(expected);
    // The faults really move the counters (the comparison above is not all zeros).
    expect(expected[`2 ${simAddress(0)} carrier_changes ens1f0 -`]).toBe(6);
    expect(expected[`2 ${simAddress(1)} fec_corrected_bits ens1f0 -`]).toBe(8000);
  });

  it('stores link health for every node and port between each pair of consecutive sweeps', () => {
    expect(sweeps.length).toBeGreaterThanOrEqual(3);
    const rows = withDb(dbFile, (db) =>
      db
        .prepare(
          `SELECT lh.*, f.seq AS from_seq, t.seq AS to_seq, t.ended_at AS to_ended
           FROM link_health lh JOIN sweeps f ON f.id = lh.from_sweep_id JOIN sweeps t ON t.id = lh.to_sweep_id`,
        )
        .all(),
    ) as Record<string, unknown>[];

    const ports = nodes.flatMap((n) => simInterfaceNames(n.spec).map((p) => ({ node: n, port: p })));
    expect(rows).toHaveLength((sweeps.length - 1) * ports.length);
    for (let k = 1; k < sweeps.length; k++) {
      for (const { node, port } of ports) {
        const matching = rows.filter((r) => r.to_seq === k && r.device_id === node.address && r.port === port);
        expect(matching, `sweep ${k} ${node.address} ${port}`).toHaveLength(1);
        const r = matching[0] as Record<string, unknown>;
        const before = simExpected(node.spec, k - 1).get(port)!;
        const after = simExpected(node.spec, k).get(port)!;
        const delta = (name: string): number => Number((after.ethtoolS[name] ?? 0n) - (before.ethtoolS[name] ?? 0n));
        const health = healthOf(node.address, port);
        expect(r, `sweep ${k} ${node.address} ${port}`).toMatchObject({
          run_id: 1,
          from_seq: k - 1,
          timestamp: r.to_ended,
          device_kind: 'node',
          mac: after.sys.address,
          speed_mbps: 100000,
          oper_state: 'up',
          carrier: 1,
          driver_ok: 1,
          flaps: Number(after.sys.carrier_changes) - Number(before.sys.carrier_changes),
          rx_bytes: delta('rx_bytes_phy'),
          crc_errors: delta('rx_crc_errors_phy'),
          fec_corrected: delta('rx_corrected_bits_phy'),
          corrected_unit: 'bits',
          health,
          missing: null,
        });
        if (health === 'FLAP') expect(r.flaps).toBe(2);
        if (health === 'UNCORRECTED_ERRORS') expect(r.crc_errors).toBe(5);
        if (health === 'SOME_CORRECTED') expect(r.fec_corrected).toBe(4000);
        if (health === 'GOOD') expect(r).toMatchObject({ flaps: 0, crc_errors: 0, fec_corrected: 0, reasons: '[]' });
      }
    }
  });

  it('records no device errors', () => {
    withDb(dbFile, (db) => expect(db.prepare('SELECT * FROM device_errors').all()).toEqual([]));
  });

  it('writes N-1 report files named nodes-<UTC stamp of the later sweep> with the change table', async () => {
    expect(sweeps.length).toBeGreaterThanOrEqual(3);
    const files = (await readdir(outDir)).sort();
    expect(files).toEqual(sweeps.slice(1).map((s) => `nodes-${utcStamp(s.ended_at)}`).sort());
    for (const name of files) {
      expect(name).toMatch(/^nodes-\d{14}$/);
      const text = await readFile(path.join(outDir, name), 'utf8');
      expect(text.split('\n')[0]?.trim().split(/\s+/).join(' ')).toBe(HEADINGS);
      const table = parseTable(text);
      expect(table).toHaveLength(6);
      for (const row of table) expect(row.Health, `${name} ${row.Host} ${row.IfName}`).toBe(healthOf(row.Host ?? '', row.IfName ?? ''));
      expect(text).toMatch(/^3 node\(s\), 6 link\(s\) over \d+ s: 1 FLAP, 1 UNCORRECTED_ERRORS, 1 SOME_CORRECTED, 3 GOOD$/m);
    }
  });
});

// ---------------------------------------------------------------------------------------------

describe('a multi-sample run that is killed or interrupted keeps its completed sweeps', () => {
  let c: SimCluster;

  beforeAll(async () => {
    c = await startSimCluster([simNode(0), simNode(1), simNode(2)], 'linkmon-e2e-stop-');
  }, 30_000);

  afterAll(async () => {
    await c?.stop();
  }, 30_000);

  const SAMPLE_2 = /^sample 2\/~61 done: 3\/3 devices, 0 failed$/;

  it('SIGKILL after sample 2: the database is intact, holds >= 2 sweeps with their metrics, run still "running"', async () => {
    const dbFile = path.join(c.dir, 'killed.db');
    let killedAt = -1;
    const run = await runCli(['-n', c.nodeList, '--known-hosts', c.knownHosts, '-i', '1', '-t', '60', '-d', dbFile, '--progress'], {
      env: c.env,
      timeoutMs: 30_000,
      onStderrLine: async (line, child) => {
        if (killedAt >= 0 || !SAMPLE_2.test(line)) return;
        killedAt = 0;
        // The line is printed when the sample is collected; its transaction follows at once.
        // Kill as soon as a second connection sees it committed.
        await waitFor(() => committedSweeps(dbFile) >= 2, 5_000);
        killedAt = committedSweeps(dbFile);
        child.kill('SIGKILL');
      },
    });
    expect(run.signal).toBe('SIGKILL');
    expect(killedAt).toBeGreaterThanOrEqual(2);
    expect(run.stderr).toMatch(/^sample 1\/~61 done: 3\/3 devices, 0 failed$/m);

    withDb(dbFile, (db) => {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      const runs = db.prepare('SELECT * FROM runs').all() as RunRow[];
      expect(runs).toHaveLength(1);
      expect(runs[0]).toMatchObject({ status: 'running', ended_at: null, mode: 'multi' });
      const sweeps = sweepsWithMetricCounts(db);
      expect(sweeps.length).toBeGreaterThanOrEqual(2);
      expect(sweeps.map((s) => s.seq)).toEqual(sweeps.map((_, i) => i));
      for (const s of sweeps) {
        expect(s.metrics, `sweep ${s.seq}`).toBeGreaterThan(0);
        expect(s.scrapes, `sweep ${s.seq}`).toBe(3);
        expect(s).toMatchObject({ devices: 3, failed: 0 });
      }
      const pairs = db.prepare('SELECT to_sweep_id, count(*) AS n FROM link_health GROUP BY to_sweep_id').all() as { n: number }[];
      expect(pairs).toHaveLength(sweeps.length - 1);
      for (const p of pairs) expect(p.n).toBe(6);
    });
  }, 40_000);

  it('SIGINT during the run: exit 130, run "interrupted", completed sweeps kept, stderr says interrupted', async () => {
    const dbFile = path.join(c.dir, 'interrupted.db');
    let sent = false;
    const run = await runCli(['-n', c.nodeList, '--known-hosts', c.knownHosts, '-i', '1', '-t', '60', '-d', dbFile, '--progress'], {
      env: c.env,
      timeoutMs: 30_000,
      onStderrLine: (line, child) => {
        if (sent || !SAMPLE_2.test(line)) return;
        sent = true;
        child.kill('SIGINT');
      },
    });
    expect(sent).toBe(true);
    expect(run.stdout).toBe('');
    const m = /^interrupted after (\d+) sample\(s\); everything completed was written$/m.exec(run.stderr);
    expect(m, run.stderr).not.toBeNull();
    expect(run.code).toBe(130);
    const kept = Number(m?.[1]);
    expect(kept).toBeGreaterThanOrEqual(2);

    withDb(dbFile, (db) => {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      const r = db.prepare('SELECT * FROM runs').get() as RunRow;
      expect(r.status).toBe('interrupted');
      expect(r.ended_at).not.toBeNull();
      const sweeps = sweepsWithMetricCounts(db);
      expect(sweeps).toHaveLength(kept);
      for (const s of sweeps) expect(s.scrapes, `sweep ${s.seq}`).toBe(3);
      expect((db.prepare('SELECT count(*) AS n FROM link_health').get() as { n: number }).n).toBe((kept - 1) * 6);
    });
  }, 40_000);
});

// ---------------------------------------------------------------------------------------------

describe('device failures are reported per device with their error code', () => {
  const WRONG_PASSWORD = 'not-the-Node-Pa55word-e41b';
  const GOOD = simAddress(0);
  const HANG = simAddress(1);
  const GARBAGE = simAddress(2);
  const NO_BASH = simAddress(3);
  const NO_ETHTOOL = simAddress(4);
  const WRONG_PW = simAddress(5);
  const UNKNOWN_KEY = simAddress(6);
  /** Nothing listens here: the simulator binds its port on its own addresses only. */
  const REFUSED = simAddress(99);

  const nodes: SimNode[] = [
    simNode(0),
    simNode(1, {}, { behaviour: 'hang' }),
    simNode(2, {}, { behaviour: 'garbage' }),
    simNode(3, {}, { behaviour: 'no-bash' }),
    simNode(4, { ethtoolMissing: true }),
    simNode(5, {}, { password: WRONG_PASSWORD }),
    simNode(6),
  ];
  /** Devices that cannot be read at all, and the code each must report. */
  const UNREADABLE: Record<string, string> = {
    [HANG]: 'LINKMON_ERR_SSH_TIMEOUT',
    [GARBAGE]: 'LINKMON_ERR_NODE_BAD_OUTPUT',
    [NO_BASH]: 'LINKMON_ERR_NODE_BAD_OUTPUT',
    [WRONG_PW]: 'LINKMON_ERR_SSH_AUTH',
    [REFUSED]: 'LINKMON_ERR_SSH_CONNECT',
  };

  let c: SimCluster;
  let failingList: string;

  beforeAll(async () => {
    c = await startSimCluster(nodes, 'linkmon-e2e-fail-');
    const entries = [GOOD, HANG, GARBAGE, NO_BASH, NO_ETHTOOL, WRONG_PW, REFUSED].map((a) => c.entry(a));
    failingList = await c.file('failing.txt', `${entries.join('\n')}\n`);
  }, 30_000);

  afterAll(async () => {
    await c?.stop();
  }, 30_000);

  function expectFailureReport(run: CliRun, unreadable: Record<string, string>): void {
    const all = `${run.stdout}\n${run.stderr}`;
    expect(all).not.toContain(SIM_PASSWORD);
    expect(all).not.toContain(WRONG_PASSWORD);
    expect(run.code).toBe(1);

    const rows = parseTable(run.stdout);
    const good = rows.filter((r) => r.Host === GOOD);
    expect(good.map((r) => [r.IfName, r.Health])).toEqual([
      ['ens1f0', 'GOOD'],
      ['ens1f1', 'GOOD'],
    ]);
    for (const [device, code] of Object.entries(unreadable)) {
      const own = rows.filter((r) => r.Host === device);
      expect(own.map((r) => r.Health), device).toEqual(['ERROR']);
      expect(all, device).toMatch(new RegExp(`^error: ${device.replace(/\./g, '\\.')}: ${code}: `, 'm'));
    }
    // ethtool missing: the node answers, so its links are reported from sysfs alone (driver
    // columns empty), and the missing tool is an error of that device.
    const sysfsOnly = rows.filter((r) => r.Host === NO_ETHTOOL);
    expect(sysfsOnly.map((r) => [r.IfName, r.DriverOK, r.RxPCSErr])).toEqual([
      ['ens1f0', '-', '-'],
      ['ens1f1', '-', '-'],
    ]);
    expect(all).toMatch(new RegExp(`^error: ${NO_ETHTOOL.replace(/\./g, '\\.')}: LINKMON_ERR_NODE_ETHTOOL_MISSING: `, 'm'));
    // the summary counts every device with an error: the unreadable ones and the one without ethtool
    expect(run.stdout).toMatch(new RegExp(`; ${Object.keys(unreadable).length + 1} device\\(s\\) failed$`, 'm'));
  }

  it('one-shot to stdout: the good node is GOOD, each failed device an ERROR row and an error line; exit 1', async () => {
    const run = await runCli(['-n', failingList, '--known-hosts', c.knownHosts, '-i', '1', '--timeout', '2'], {
      env: c.env,
      timeoutMs: 30_000,
    });
    expectFailureReport(run, UNREADABLE);
  }, 30_000);

  it('a node missing from known_hosts is refused with LINKMON_ERR_SSH_HOSTKEY_UNKNOWN', async () => {
    const list = await c.file('failing-plus-unknown.txt', `${await readFile(failingList, 'utf8')}${c.entry(UNKNOWN_KEY)}\n`);
    const knownHosts = await c.file(
      'known_hosts-without-one',
      (await readFile(c.knownHosts, 'utf8'))
        .split('\n')
        .filter((l) => !l.startsWith(`[${UNKNOWN_KEY}]:`))
        .join('\n'),
    );
    const run = await runCli(['-n', list, '--known-hosts', knownHosts, '-i', '1', '--timeout', '2'], { env: c.env, timeoutMs: 30_000 });
    expectFailureReport(run, { ...UNREADABLE, [UNKNOWN_KEY]: 'LINKMON_ERR_SSH_HOSTKEY_UNKNOWN' });
    expect(await readFile(knownHosts, 'utf8')).not.toContain(UNKNOWN_KEY); // strict mode never records
  }, 30_000);

  it('--accept-new-host-keys with an empty known_hosts: the run succeeds and records the key', async () => {
    const knownHosts = await c.file('known_hosts-empty', '');
    const list = await c.file('good.txt', `${c.entry(GOOD)}\n`);
    const first = await runCli(['-n', list, '--known-hosts', knownHosts, '-i', '1', '--accept-new-host-keys'], { env: c.env, timeoutMs: 30_000 });
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(parseTable(first.stdout).map((r) => r.Health)).toEqual(['GOOD', 'GOOD']);

    const recorded = await readFile(knownHosts, 'utf8');
    expect(recorded).toContain(`[${GOOD}]:${c.port} ssh-ed25519 `);
    const simLine = (await readFile(c.knownHosts, 'utf8')).split('\n').find((l) => l.startsWith(`[${GOOD}]:`));
    expect(recorded).toBe(`${simLine}\n`);

    // The recorded key is the real one: strict checking now accepts the node.
    const second = await runCli(['-n', list, '--known-hosts', knownHosts, '-i', '1'], { env: c.env, timeoutMs: 30_000 });
    expect(second.code).toBe(0);
    expect(second.stderr).toBe('');
  }, 30_000);
});

// ---------------------------------------------------------------------------------------------

/** A tiny tmpfs needs root and mount(8); probe once so the skip below is visible when absent. */
async function tmpfsMountable(): Promise<boolean> {
  if (process.platform !== 'linux' || process.getuid?.() !== 0) return false;
  const probe = await mkdtemp(path.join(os.tmpdir(), 'linkmon-mount-probe-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'linkmon-test', probe], { stdio: 'ignore' });
    execFileSync('umount', [probe], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  } finally {
    await rm(probe, { recursive: true, force: true }).catch(() => undefined);
  }
}

const canMount = await tmpfsMountable();

describe.skipIf(!canMount)('a full disk under -d (tiny tmpfs; needs root and mount -t tmpfs)', () => {
  let c: SimCluster;
  const mounts: string[] = [];

  async function mountTmpfs(name: string, size: string): Promise<string> {
    const dir = path.join(c.dir, name);
    await mkdir(dir);
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size},mode=0755`, 'linkmon-test', dir], { stdio: 'ignore' });
    mounts.push(dir);
    return dir;
  }

  beforeAll(async () => {
    // Many driver counters, stored raw: one sweep is far larger than the small disk below.
    c = await startSimCluster(
      [0, 1, 2].map((i) => simNode(i, { extraCounters: 600 })),
      'linkmon-e2e-full-',
    );
  }, 30_000);

  afterAll(async () => {
    for (const dir of mounts.reverse()) {
      try {
        execFileSync('umount', [dir], { stdio: 'ignore' });
      } catch {
        execFileSync('umount', ['-l', dir], { stdio: 'ignore' });
      }
    }
    await c?.stop();
  }, 30_000);

  function expectDatabaseErrorsOnly(run: CliRun, dbFile: string, code: string): void {
    expect(run.signal).toBeNull();
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    const lines = nonEmptyLines(run.stderr);
    expect(lines.length).toBeGreaterThan(0);
    for (const l of lines) expect(l).toMatch(/^error: LINKMON_ERR_SINK_(OPEN|WRITE): /);
    for (const l of lines) expect(l).toContain(dbFile);
    expect(lines.some((l) => l.startsWith(`error: ${code}: `))).toBe(true);
    expect(run.stderr).not.toContain('unexpected failure');
  }

  async function expectReportFiles(outDir: string): Promise<void> {
    const files = await readdir(outDir);
    expect(files.length).toBeGreaterThan(0);
    for (const name of files) {
      expect(name).toMatch(/^nodes-\d{14}$/);
      const text = await readFile(path.join(outDir, name), 'utf8');
      expect(text.split('\n')[0]?.trim().split(/\s+/).join(' ')).toBe(HEADINGS);
      expect(parseTable(text).map((r) => r.Health)).toEqual(Array(6).fill('GOOD'));
    }
  }

  it('no room to create the database: the error names it, -o still gets its report, exit 1', async () => {
    const disk = await mountTmpfs('full-at-open', '64k');
    const dbFile = path.join(disk, 'links.db');
    const outDir = path.join(c.dir, 'reports-open');
    const run = await runCli(['-n', c.nodeList, '--known-hosts', c.knownHosts, '-i', '1', '-d', dbFile, '-o', outDir], {
      env: c.env,
      timeoutMs: 30_000,
    });
    expectDatabaseErrorsOnly(run, dbFile, 'LINKMON_ERR_SINK_OPEN');
    await expectReportFiles(outDir);
    expect(await readdir(outDir)).toHaveLength(1);
  }, 30_000);

  it('the disk fills while sweeps are written: each failed write names the database, -o still written, exit 1', async () => {
    const disk = await mountTmpfs('full-at-write', '320k');
    const dbFile = path.join(disk, 'links.db');
    const outDir = path.join(c.dir, 'reports-write');
    const run = await runCli(
      ['-n', c.nodeList, '--known-hosts', c.knownHosts, '-i', '1', '-t', '2', '--store-raw', '-d', dbFile, '-o', outDir],
      { env: c.env, timeoutMs: 30_000 },
    );
    expectDatabaseErrorsOnly(run, dbFile, 'LINKMON_ERR_SINK_WRITE');
    expect(run.stderr).toContain(`cannot write to database ${dbFile}: database or disk is full`);
    await expectReportFiles(outDir);

    // What did get in is consistent: no sweep without its metrics.
    withDb(dbFile, (db) => {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(db.prepare('SELECT count(*) AS n FROM runs').get()).toEqual({ n: 1 });
      for (const s of sweepsWithMetricCounts(db)) expect(s.scrapes, `sweep ${s.seq}`).toBe(3);
    });
  }, 30_000);
});
