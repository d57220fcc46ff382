/**
 * End to end against simulated CS-X systems over Redfish (HTTPS, certificate verified with the
 * simulator's CA): the built CLI's change table, files and database for systems; events injected
 * between the two samples on exactly those ports; failing systems reported with their cause while
 * the others are read; sessions logged out; `probe redfish` for systems, BMCs and generic ports.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCsxSystem, type CsxSystem } from '../../src/sim/redfish/csx.js';
import { loadCaptureTree, loadMockupTree, startRedfishSimulator, type RedfishSimulator } from '../../src/sim/redfish/server.js';
import { opensslAvailable } from '../../src/sim/switch/eapi-server.js';
import { parseExposition } from '../../src/sinks/prometheus/exposition.js';
import { parseTable, runCli } from '../helpers/cli.js';
import { SHARED_AVAILABLE, sharedFixture } from '../helpers/shared-fixtures.js';

const HAVE_OPENSSL = await opensslAvailable();
if (!HAVE_OPENSSL) console.warn('system-redfish.test.ts: openssl CLI not found, these tests are SKIPPED');

const PASSWORD = 'csx-e2e-Pw-41d7';
const A = '127.3.90.1';
const B = '127.3.90.2';
const WRONG_PW = '127.3.90.3';
const SESSION = '127.3.90.4';
const BMC = '127.3.90.5';
const PORTS = '127.3.90.6';
const NOBODY = '127.3.90.99'; // nothing listens there

describe.skipIf(!HAVE_OPENSSL)('CS-X systems over Redfish (built CLI)', () => {
  let sim: RedfishSimulator;
  let dir: string;
  const systems = new Map<string, CsxSystem>();

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'linkmon-csx-e2e-'));
    for (const [i, a] of [A, B, WRONG_PW, SESSION].entries()) systems.set(a, createCsxSystem({ name: `csx${i + 1}`, seed: 101 + i }));
    const bmcs = [...systems].map(([address, s]) => ({ address, password: PASSWORD, tree: s.tree, dynamic: (p: string) => s.dynamic(p) }));
    if (SHARED_AVAILABLE) {
      bmcs.push({ address: BMC, password: PASSWORD, tree: await loadCaptureTree(sharedFixture('cluster-captures/bmc-redfish/dell')), dynamic: () => undefined });
      bmcs.push({ address: PORTS, password: PASSWORD, tree: await loadMockupTree(sharedFixture('public/redfish-mockups/public-acd')), dynamic: () => undefined });
    }
    sim = await startRedfishSimulator({ bmcs, port: 0 });
  });
  afterAll(async () => {
    await sim?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const entry = (name: string, address: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
    name,
    management_address: address,
    redfish_port: sim.port,
    redfish_ca_file: sim.caFile,
    username: 'admin',
    password: PASSWORD,
    ...extra,
  });

  it('reports injected flaps, errors and a port going down on exactly those ports; failing systems carry their cause', async () => {
    const net = path.join(dir, 'network.json');
    await writeFile(
      net,
      JSON.stringify({
        systems: [
          entry('xs-a', A),
          entry('xs-b', B),
          entry('xs-wrong', WRONG_PW, { password: 'not-the-password' }),
          entry('xs-gone', NOBODY),
          entry('xs-session', SESSION, { redfish_auth: 'session' }),
        ],
      }),
    );
    const a = systems.get(A) as CsxSystem;
    const b = systems.get(B) as CsxSystem;
    let injected = false;
    const run = await runCli(['-j', net, '--no-nodes', '--no-switches', '-i', '3', '--progress'], {
      timeoutMs: 60_000,
      onStderrLine: (line) => {
        if (injected || !line.startsWith('sample 1/2 done')) return;
        injected = true;
        a.apply({ kind: 'flap', port: 2, count: 1 });
        a.apply({ kind: 'crc', port: 4, count: 9 });
        b.apply({ kind: 'fec_uncorrected', port: 0, count: 2 });
        b.apply({ kind: 'down', port: 11 });
      },
    });
    expect(injected, run.stderr).toBe(true);
    expect(run.code, run.stderr).toBe(1); // two systems failed
    const rows = parseTable(run.stdout, 'CS2');
    expect(Object.keys(rows[0] ?? {})).toEqual(['CS2', 'Port', 'MAC', 'LinkStatus', 'Flaps', 'RxKBytes', 'Bad FCS Pkt', 'FEC Corr Blk', 'FEC Uncorr Blk', 'Health']);
    const health = new Map(rows.map((r) => [`${r.CS2}/${r.Port}`, r.Health]));
    expect(health.get('xs-a/n02')).toBe('FLAP');
    expect(health.get('xs-a/n04')).toBe('UNCORRECTED_ERRORS');
    expect(rows.find((r) => r.CS2 === 'xs-a' && r.Port === 'n04')?.['Bad FCS Pkt']).toBe('9');
    expect(health.get('xs-b/n00')).toBe('UNCORRECTED_ERRORS');
    expect(rows.find((r) => r.CS2 === 'xs-b' && r.Port === 'n11')).toMatchObject({ LinkStatus: 'LinkUp -> LinkDown', Health: 'FLAP' });
    const steady = rows.filter((r) => ['xs-a', 'xs-b', 'xs-session'].includes(r.CS2 ?? '') && !['xs-a/n02', 'xs-a/n04', 'xs-b/n00', 'xs-b/n11'].includes(`${r.CS2}/${r.Port}`));
    expect(steady).toHaveLength(3 * 12 - 4);
    for (const r of steady) expect(r.Health, `${r.CS2}/${r.Port}`).toBe('SOME_CORRECTED');
    expect(rows.find((r) => r.CS2 === 'xs-wrong')?.Health).toBe('ERROR');
    expect(rows.find((r) => r.CS2 === 'xs-gone')?.Health).toBe('ERROR');
    expect(run.stdout).toMatch(/xs-wrong: LINKMON_ERR_REDFISH_AUTH: /);
    expect(run.stdout).toMatch(/xs-gone: LINKMON_ERR_REDFISH_CONNECT: connection refused/);
    expect(run.stdout + run.stderr).not.toContain(PASSWORD);
    expect(run.stdout + run.stderr).not.toContain('not-the-password');
    expect(run.stdout).toMatch(/5 system\(s\), 36 link\(s\)/);
    // The session was reused for both samples and logged out at the end.
    expect(sim.get(SESSION).stats).toMatchObject({ sessionsCreated: 1, sessionsDeleted: 1, activeSessions: 0 });
  });

  it('-c list with --redfish-ca-file and CSX_PASSWORD; csxs-<ts> files and database rows', async () => {
    const list = path.join(dir, 'csxs.txt');
    await writeFile(list, `# two systems\n${A}:${sim.port}\n${B}:${sim.port}\n`);
    const out = path.join(dir, 'reports');
    const db = path.join(dir, 'links.db');
    const run = await runCli(['-c', list, '--redfish-ca-file', sim.caFile, '-i', '2', '-o', out, '-d', db], {
      env: { CSX_PASSWORD: PASSWORD },
      timeoutMs: 60_000,
    });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toBe('');
    const files = await readdir(out);
    expect(files.filter((f) => /^csxs-\d{14}$/.test(f))).toHaveLength(1);
    const text = await readFile(path.join(out, files.find((f) => f.startsWith('csxs-')) as string), 'utf8');
    expect(parseTable(text, 'CS2')).toHaveLength(24);
    expect(existsSync(db)).toBe(true);
    const conn = new Database(db, { readonly: true });
    try {
      const rows = conn.prepare("SELECT device_id AS device, port, health FROM link_health WHERE device_kind = 'system' ORDER BY device_id, port").all() as { device: string; port: string; health: string }[];
      expect(rows).toHaveLength(24);
      expect(new Set(rows.map((r) => r.device))).toEqual(new Set([A, B]));
    } finally {
      conn.close();
    }
  });

  it('without the CA the certificate is refused with REDFISH_TLS', async () => {
    const list = path.join(dir, 'csx-noca.txt');
    await writeFile(list, `${A}:${sim.port}\n`);
    const run = await runCli(['-c', list, '-i', '1'], { env: { CSX_PASSWORD: PASSWORD }, timeoutMs: 30_000 });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/LINKMON_ERR_REDFISH_TLS: TLS certificate of .* not accepted/);
  });

  it('probe redfish --kind system prints the system_network_* exposition', async () => {
    const run = await runCli(['probe', 'redfish', `https://${A}:${sim.port}`, '--kind', 'system', '--node', 'xs1001', '--ca-file', sim.caFile], {
      env: { CSX_PASSWORD: PASSWORD },
    });
    expect(run.code, run.stderr).toBe(0);
    const samples = parseExposition(run.stdout);
    const flaps = samples.filter((s) => s.name === 'system_network_flap_count');
    expect(flaps).toHaveLength(12);
    expect(flaps.every((s) => s.labels.system === 'xs1001')).toBe(true);
    expect(samples.find((s) => s.name === 'linkmon_scrape_success')).toMatchObject({ labels: { collector: 'redfish_system', device: 'xs1001' }, value: 1 });
  });

  it('probe redfish: a usage error without --kind, BMC credentials required for bmc/ports', async () => {
    const noKind = await runCli(['probe', 'redfish', `https://${A}:${sim.port}`]);
    expect(noKind.code).toBe(2);
    expect(noKind.stderr).toMatch(/needs --kind \(system, bmc, ports\)/);
    const noCreds = await runCli(['probe', 'redfish', `${A}:${sim.port}`, '--kind', 'bmc'], { env: { BMC_USER: '', BMC_PASSWORD: '' } });
    expect(noCreds.code).toBe(2);
    expect(noCreds.stderr).toMatch(/BMC_USER and BMC_PASSWORD/);
  });

  it.skipIf(!SHARED_AVAILABLE)('probe redfish --kind bmc and --kind ports (real Dell capture, DMTF mockup)', async () => {
    const env = { BMC_USER: 'root', BMC_PASSWORD: PASSWORD };
    const bmc = await runCli(['probe', 'redfish', `https://${BMC}:${sim.port}`, '--kind', 'bmc', '--node', 'sc-r10ra19-s21', '--ca-file', sim.caFile], { env });
    expect(bmc.code, bmc.stderr).toBe(0);
    const want = parseExposition(await readFile(sharedFixture('cluster-captures/bmc-redfish/dell/expected.prom'), 'utf8'));
    const got = parseExposition(bmc.stdout).filter((s) => !s.name.startsWith('linkmon_scrape_'));
    expect(got.length).toBe(want.length);

    const ports = await runCli(['probe', 'redfish', `https://${PORTS}:${sim.port}`, '--kind', 'ports', '--ca-file', sim.caFile, '--session'], { env });
    expect(ports.code, ports.stderr).toBe(0);
    const samples = parseExposition(ports.stdout);
    // Values as the DMTF mockup files hold them (Chassis/1U/NetworkAdapters/Slot4/Ports/PHY_P1/Metrics).
    expect(samples.find((s) => s.name === 'linkmon_link_rx_bytes_total' && s.labels.port === 'Slot4/PHY_P1')?.value).toBe(15728640000);
    expect(samples.find((s) => s.name === 'linkmon_scrape_success')?.value).toBe(1);
    expect(sim.get(PORTS).stats.activeSessions).toBe(0);
  });
});
