/**
 * End to end against the simulated fabric: the built CLI sweeps switches of all three OSes over
 * their SSH CLIs; events injected between two samples appear on exactly those ports; faults leave
 * only the faulty switch failed, with its cause.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFabric, type Fabric } from '../../src/sim/switch/fabric.js';
import { applySimEvent } from '../../src/sim/switch/state.js';
import { parseTable, runCli } from '../helpers/cli.js';
import { freePort } from '../helpers/sim.js';

const PASSWORD = 'sim-switch-Pw-93c1';

async function fabricOnFreePort(opts: { switches: number; ports: number; firstIndex: number }): Promise<Fabric> {
  for (let i = 0; ; i++) {
    try {
      return await startFabric({ ...opts, port: await freePort(), password: PASSWORD });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE' || i > 8) throw err;
    }
  }
}

describe('switches of the three OSes over SSH (linkmon sim)', () => {
  let fabric: Fabric;
  let dir: string;
  let net: string;
  let kh: string;

  beforeAll(async () => {
    fabric = await fabricOnFreePort({ switches: 3, ports: 8, firstIndex: 100 });
    dir = await mkdtemp(path.join(os.tmpdir(), 'linkmon-swsim-'));
    net = path.join(dir, 'network.json');
    kh = path.join(dir, 'known_hosts');
    await writeFile(net, JSON.stringify(fabric.networkJson()));
    await writeFile(kh, fabric.sim.knownHosts);
  });
  afterAll(async () => {
    await fabric?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const row = (rows: Record<string, string>[], sw: string, port: number): Record<string, string> | undefined =>
    // The simulator describes port k as "to node-00k ens1f0": a stable way to find its row.
    rows.find((r) => r.Switch === sw && r.Description === `to node-${String(port + 1).padStart(3, '0')} ens1f0`);

  it('reports injected flaps, FEC and CRC errors on exactly those ports', async () => {
    const [arista, onyx, comware] = fabric.switches.map((s) => s.sw);
    expect([arista?.os, onyx?.os, comware?.os]).toEqual(['arista_eos', 'mellanox_onyx', 'hp_comware']);
    let injected = false;
    const run = await runCli(['-j', net, '--no-nodes', '-i', '5', '--known-hosts', kh, '--progress'], {
      timeoutMs: 60_000,
      onStderrLine: (line) => {
        if (injected || !line.startsWith('sample 1/2 done')) return;
        injected = true;
        applySimEvent(arista!, { kind: 'flap', port: 2 });
        applySimEvent(onyx!, { kind: 'flap', port: 4, times: 2 });
        applySimEvent(comware!, { kind: 'crc', port: 1, count: 7 });
        applySimEvent(arista!, { kind: 'fec_burst', port: 5, corrected: 0, uncorrected: 3 });
        applySimEvent(onyx!, { kind: 'fec_burst', port: 6, corrected: 50_000 });
        applySimEvent(comware!, { kind: 'fec_burst', port: 3, corrected: 0, uncorrected: 4 });
      },
    });
    expect(injected, run.stderr).toBe(true);
    expect(run.code, run.stderr + run.stdout).toBe(0);
    const rows = parseTable(run.stdout, 'Switch');
    expect(rows).toHaveLength(24);
    const expected = new Map<string, string>([
      [`${arista!.name}/2`, 'FLAP'],
      [`${onyx!.name}/4`, 'FLAP'],
      [`${comware!.name}/1`, 'UNCORRECTED_ERRORS'],
      [`${arista!.name}/5`, 'UNCORRECTED_ERRORS'],
      [`${onyx!.name}/6`, 'SOME_CORRECTED'],
      [`${comware!.name}/3`, 'UNCORRECTED_ERRORS'],
    ]);
    for (const sw of [arista!, onyx!, comware!]) {
      for (let p = 0; p < 8; p++) {
        const r = row(rows, sw.name, p);
        expect(r, `${sw.name} port ${p}`).toBeDefined();
        expect(r?.Health, `${sw.name} port ${p}`).toBe(expected.get(`${sw.name}/${p}`) ?? 'GOOD');
      }
    }
    expect(row(rows, arista!.name, 2)?.Flaps).toBe('2');
    expect(row(rows, onyx!.name, 4)?.Flaps).toBe('4');
    expect(row(rows, comware!.name, 1)?.['CRC errors']).toBe('7');
    expect(row(rows, arista!.name, 5)?.['FEC uncor. cword']).toBe('3');
    expect(run.stdout).toMatch(/3 switch\(es\), 24 link\(s\) over \d+ s/);
  }, 90_000);

  it('stores switch samples and link health in SQLite and writes switches-<ts> files', async () => {
    const db = path.join(dir, 'links.db');
    const out = path.join(dir, 'reports');
    const run = await runCli(['-j', net, '--no-nodes', '-i', '1', '-t', '2', '-d', db, '-o', out, '--known-hosts', kh], { timeoutMs: 60_000 });
    expect(run.code, run.stderr).toBe(0);
    const { default: Database } = await import('better-sqlite3');
    const d = new Database(db, { readonly: true });
    try {
      const kinds = d.prepare(`SELECT device_kind, count(*) n FROM link_health GROUP BY device_kind`).all();
      const sweeps = (d.prepare('SELECT count(*) n FROM sweeps').get() as { n: number }).n;
      expect(kinds).toEqual([{ device_kind: 'switch', n: 24 * (sweeps - 1) }]);
      const metric = d.prepare(`SELECT count(*) n FROM metrics WHERE metric_id = 'carrier_changes' AND labels LIKE '%"kind":"switch"%'`).get() as { n: number };
      expect(metric.n).toBe(24 * sweeps);
    } finally {
      d.close();
    }
    const { readdir } = await import('node:fs/promises');
    expect((await readdir(out)).every((f) => /^switches-\d{14}$/.test(f))).toBe(true);
  }, 60_000);

  it('probe switch prints one sweep as JSON', async () => {
    const sw = fabric.switches[1]!;
    const run = await runCli(['probe', 'switch', `admin@${sw.address}:${fabric.sim.port}`, '--vendor', 'onyx', '--known-hosts', kh], {
      env: { SWITCH_PASSWORD: PASSWORD },
    });
    expect(run.code, run.stderr).toBe(0);
    const out = JSON.parse(run.stdout) as { os: string; reachable: boolean; links: { port: string }[]; info: { hostname?: string } };
    expect(out.os).toBe('mellanox_onyx');
    expect(out.reachable).toBe(true);
    expect(out.links).toHaveLength(8);
    expect(run.stdout).not.toContain(PASSWORD);
  }, 30_000);
});

describe('switch faults stay with the faulty switch', () => {
  let fabric: Fabric;
  let dir: string;

  beforeAll(async () => {
    fabric = await fabricOnFreePort({ switches: 5, ports: 4, firstIndex: 200 });
    dir = await mkdtemp(path.join(os.tmpdir(), 'linkmon-swfault-'));
  });
  afterAll(async () => {
    await fabric?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('marks each faulty switch failed with its cause while the others complete', async () => {
    const [hang, cut, wrong, junk, good] = fabric.switches;
    fabric.sim.setFaults(hang!.address, { hang: true });
    fabric.sim.setFaults(wrong!.address, { wrongPassword: true });
    fabric.sim.setFaults(junk!.address, { garbage: true });
    const net = path.join(dir, 'network.json');
    const kh = path.join(dir, 'known_hosts');
    await writeFile(net, JSON.stringify(fabric.networkJson()));
    await writeFile(kh, fabric.sim.knownHosts);
    let armed = false;
    const run = await runCli(['-j', net, '--no-nodes', '-i', '3', '--timeout', '2', '--known-hosts', kh, '--progress'], {
      timeoutMs: 60_000,
      onStderrLine: (line) => {
        if (!armed && line.startsWith('sample 1/2 done')) {
          armed = true;
          fabric.sim.setFaults(cut!.address, { disconnectMidOutput: true });
        }
      },
    });
    expect(run.code).toBe(1);
    const all = run.stdout + run.stderr;
    const failedWith = (sw: { sw: { name: string } }, code: string): void => {
      expect(all, sw.sw.name).toMatch(new RegExp(`error: ${sw.sw.name}: ${code}: `));
      const rows = parseTable(run.stdout, 'Switch').filter((r) => r.Switch === sw.sw.name);
      expect(rows.map((r) => r.Health), sw.sw.name).toEqual(['ERROR']);
    };
    failedWith(hang!, 'LINKMON_ERR_SSH_TIMEOUT');
    failedWith(cut!, 'LINKMON_ERR_SSH_CLOSED');
    failedWith(wrong!, 'LINKMON_ERR_SSH_AUTH');
    // junk answers: the switch answers, its parsers report what they did not understand
    expect(all).toMatch(new RegExp(`warning: ${junk!.sw.name}: LINKMON_ERR_PARSE_UNMATCHED: `));
    const goodRows = parseTable(run.stdout, 'Switch').filter((r) => r.Switch === good!.sw.name);
    expect(goodRows.map((r) => r.Health)).toEqual(['GOOD', 'GOOD', 'GOOD', 'GOOD']);
    expect(all).not.toContain(PASSWORD);
  }, 90_000);
});
