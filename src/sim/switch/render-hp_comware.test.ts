/**
 * The simulated HP Comware CLI: views and errors as the real CLI has them, and every command the
 * hp_comware driver sends rendered in the real format: each output parses with no unmatched line
 * and the driver's map gives back the simulated state. Also checked line by line against the real
 * capture's layout (when ../shared is present) and end to end over SSH with the session pool.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Parser } from '../../core/parser.js';
import { Secret } from '../../core/secret.js';
import { SHARED_AVAILABLE, sharedFixture } from '../../../test/helpers/shared-fixtures.js';
import { CliSessionPool } from '../../transports/ssh/cli-session.js';
import { KnownHosts } from '../../transports/ssh/known-hosts.js';
import { classifyCommand, hpComwareDriver, hpComwareParsers } from '../../vendors/hp_comware/index.js';
import { splitSession } from '../../vendors/hp_comware/test-helpers.js';
import { dbmToMw } from '../../vendors/hp_comware/util.js';
import type { SwitchLink, SwitchMapResult } from '../../vendors/switch-driver.js';
import type { SimCliSession } from './cli.js';
import { hpComwareSimCli as cli } from './render-hp_comware.js';
import { startSwitchSimulator, type SwitchSimulator } from './ssh-server.js';
import { advanceSimSwitch, applySimEvent, createSimSwitch, FEC_UPDATE_MS, type SimPort, type SimSwitch } from './state.js';

const T0 = Date.UTC(2024, 1, 19, 9, 15, 0);
const PARSER_OF: Readonly<Record<string, string>> = {
  interface: 'display_interface',
  link_state: 'display_link_state_change_statistics',
  pfc: 'display_priority_flow_control',
  packet_drop: 'display_packet_drop',
  version: 'display_version',
  environment: 'display_environment',
  power: 'display_power',
  fan: 'display_fan',
  fecstat: 'debug_port_command_fecstat',
  diagnosis: 'show_transceiver_diagnosis',
  transceiver: 'show_transceiver_interface',
  manuinfo: 'show_transceiver_manuinfo',
};

function parserOf(command: string): Parser<unknown> {
  const kind = classifyCommand(command)?.kind;
  const p = kind === undefined ? undefined : hpComwareParsers[PARSER_OF[kind] as string];
  if (!p) throw new Error(`no parser for ${command}`);
  return p;
}

/** A logged-in session in probe view, as the driver's setup leaves it. */
function probeSession(sw: SimSwitch): SimCliSession {
  const s = cli.newSession();
  for (const c of hpComwareDriver.dialect.setup) cli.run(sw, s, c);
  expect(s.mode).toBe('probe');
  return s;
}

const refused = (out: string): boolean => out.split('\n').some((l) => hpComwareDriver.dialect.refused.test(l));

/** Runs one sweep on the simulated CLI the way the session pool does (refused outputs dropped). */
function sweep(sw: SimSwitch, s: SimCliSession, ports: readonly string[]): { outputs: Map<string, string>; refusedCommands: string[] } {
  const outputs = new Map<string, string>();
  const refusedCommands: string[] = [];
  for (const c of hpComwareDriver.sweepCommands({ ports })) {
    const out = cli.run(sw, s, c).output;
    if (refused(out)) refusedCommands.push(c);
    else outputs.set(c, out);
  }
  return { outputs, refusedCommands };
}

function expectCleanParses(outputs: ReadonlyMap<string, string>): void {
  for (const [c, out] of outputs) {
    const r = parserOf(c).parse(out);
    expect(r.unmatched, c).toEqual([]);
    expect(r.records.length, c).toBeGreaterThan(0);
  }
}

const name = (p: SimPort): string => `HundredGigE${p.slot}/0/${p.port}`;

/** Every value the driver reads, compared with the simulated state. */
function expectStateValues(sw: SimSwitch, r: SwitchMapResult, opts: { optics: boolean }): void {
  expect(r.errors).toEqual([]);
  expect(r.links.map((l) => l.port)).toEqual(sw.ports.map(name));
  sw.ports.forEach((p, i) => {
    const l = r.links[i] as SwitchLink;
    const label = name(p);
    const up = p.adminUp && p.operUp;
    expect(l.counters, label).toEqual({
      carrier_changes: BigInt(p.linkChanges),
      rx_bytes: p.rxBytes,
      tx_bytes: p.txBytes,
      rx_packets: p.rxPackets,
      tx_packets: p.txPackets,
      rx_errors: p.inputErrors,
      tx_errors: 0n,
      rx_crc_errors: p.crcErrors,
      rx_runts: p.runts,
      rx_alignment_errors: p.alignmentErrors,
      rx_discards: p.inDiscards,
      tx_discards: p.outDiscards,
      rx_pfc_frames: p.rxPfcPrio5,
      tx_pfc_frames: p.txPfcPrio5,
      fec_corrected_codewords: p.optics ? p.fecCorrected & 0xffffffffn : 0n,
      fec_uncorrected_codewords: p.optics ? p.fecUncorrected & 0xffffffffn : 0n,
    });
    expect(l.operState, label).toBe(!p.adminUp ? 'administratively down' : p.operUp ? 'up' : 'down');
    expect(l.carrier, label).toBe(p.adminUp ? p.operUp : undefined);
    expect(l.mac, label).toBe(p.mac);
    expect(l.description, label).toBe(p.description);
    expect(l.speedMbps, label).toBe(p.speedMbps);
    expect(l.laneCounters).toEqual({});
    if (up) expect(l.info.rx_kbps, label).toBe(String(p.rxKbps));
    if (!opts.optics) {
      expect(l.optics, label).toBeUndefined();
      return;
    }
    if (!p.optics) {
      expect(l.optics, label).toBeUndefined();
      expect(l.info.transceiver, label).toBe('absent');
      return;
    }
    const o = l.optics;
    expect(o, label).toMatchObject({ identifier: p.optics.type, vendor: p.optics.vendor, partNumber: p.optics.partNumber, serial: p.optics.serial, voltageV: p.optics.voltageV });
    // Comware prints module temperatures in whole degrees.
    expect(Math.abs((o?.temperatureC ?? NaN) - p.optics.temperatureC), label).toBeLessThanOrEqual(0.5);
    expect(o?.lanes.map((x) => x.lane)).toEqual([1, 2, 3, 4]);
    p.optics.lanes.forEach((sl, k) => {
      const ol = o?.lanes[k];
      expect(ol?.txBiasMa, label).toBe(sl.biasMa);
      expect(ol?.txPowerMw, label).toBe(dbmToMw(sl.txPowerDbm));
      expect(ol?.rxPowerMw, label).toBe(dbmToMw(sl.rxPowerDbm));
    });
  });
  const info = r.info;
  expect(info).toMatchObject({ vendor: 'hpe', model: sw.model, firmwareVersion: sw.firmware, uptimeSeconds: Math.floor(sw.uptimeS / 60) * 60 });
  expect(info.psus).toEqual(sw.psus.map((p, i) => ({ name: `PSU${i + 1}`, health: p.ok ? 0 : 2, value: p.ok ? p.outputW : 0 })));
  expect(info.temperatures).toEqual(sw.temperatures.map((t, i) => ({ name: `slot 0 hotspot ${i + 1}`, health: t.ok ? 0 : 2, value: Math.round(t.celsius) })));
  expect(info.fans).toEqual(sw.fans.map((f, i) => ({ name: `Fan-tray ${i + 1} / 1`, health: f.ok ? 0 : 2, value: f.rpm })));
}

describe('hpComwareSimCli: views, prompts and errors', () => {
  const sw = createSimSwitch({ name: 'sc-r1-gsw256-01', os: 'hp_comware', ports: 50, nowMs: T0 });

  it('walks user view → system view → probe view and back, as the driver does', () => {
    const s = cli.newSession();
    expect(cli.banner(sw)).toContain('Hewlett Packard Enterprise Development LP');
    expect(cli.prompt(sw, s)).toBe('<sc-r1-gsw256-01>');
    expect(s.pagingOff).toBe(false);
    expect(cli.run(sw, s, 'screen-length disable')).toEqual({ output: '' });
    expect(s.pagingOff).toBe(true);
    expect(cli.run(sw, s, 'system-view')).toEqual({ output: 'System View: return to User View with Ctrl+Z.\n' });
    expect(cli.prompt(sw, s)).toBe('[sc-r1-gsw256-01]');
    expect(cli.run(sw, s, 'probe')).toEqual({ output: '' });
    expect(cli.prompt(sw, s)).toBe('[sc-r1-gsw256-01-probe]');
    for (const p of ['[sc-r1-gsw256-01-probe]', '[sc-r1-gsw256-01]', '<sc-r1-gsw256-01>']) expect(hpComwareDriver.dialect.prompt.test(p), p).toBe(true);
    for (const c of hpComwareDriver.dialect.exit.slice(0, 2)) expect(cli.run(sw, s, c)).toEqual({ output: '' });
    expect(cli.prompt(sw, s)).toBe('<sc-r1-gsw256-01>');
    expect(cli.run(sw, s, hpComwareDriver.dialect.exit[2] as string)).toEqual({ output: '', close: true });
  });

  it('accepts `exit` (as the capture sends) and `return` too', () => {
    const s = probeSession(sw);
    expect(cli.run(sw, s, 'exit').output).toBe('');
    expect(s.mode).toBe('system-view');
    cli.run(sw, s, 'probe');
    expect(cli.run(sw, s, 'return').output).toBe('');
    expect(s.mode).toBe('user');
    expect(cli.run(sw, s, 'exit')).toEqual({ output: '', close: true });
  });

  it('answers unknown or misplaced commands with Comware errors under a caret at the offending word', () => {
    const s = probeSession(sw);
    const pad = (n: number): string => ' '.repeat('[sc-r1-gsw256-01-probe]'.length + n);
    expect(cli.run(sw, s, 'display foo').output).toBe(`${pad(8)}^\n % Unrecognized command found at '^' position.\n`);
    expect(cli.run(sw, s, 'frobnicate').output).toBe(`${pad(0)}^\n % Unrecognized command found at '^' position.\n`);
    expect(cli.run(sw, s, 'display').output).toBe(`${pad(7)}^\n % Incomplete command found at '^' position.\n`);
    expect(cli.run(sw, s, 'display version now').output).toBe(`${pad(16)}^\n % Too many parameters found at '^' position.\n`);
    expect(cli.run(sw, s, 'show int HundredGigE 9/0/1').output).toBe(`${pad(21)}^\n % Wrong parameter found at '^' position.\n`);
    expect(cli.run(sw, s, 'show transceiver interface hge 3/0/3').output).toMatch(/% Wrong parameter found/);
    expect(cli.run(sw, s, 'debug port command slot 9 phy/fecstat/0/1').output).toMatch(/% Wrong parameter found/);
    expect(cli.run(sw, s, 'debug port command slot 2 phy/fecstat/0/49').output).toMatch(/% Wrong parameter found/);
    expect(cli.run(sw, s, 'screen-length disable').output).toMatch(/% Unrecognized command found/);
    // debug port exists only in probe view
    const user = cli.newSession();
    const u = cli.run(sw, user, 'debug port command slot 2 phy/fecstat/0/1').output;
    expect(u).toBe(`${' '.repeat('<sc-r1-gsw256-01>'.length)}^\n % Unrecognized command found at '^' position.\n`);
    for (const out of [u, cli.run(sw, s, 'display foo').output]) expect(refused(out)).toBe(true);
    expect(cli.run(sw, s, '   ')).toEqual({ output: '' });
  });

  it('takes abbreviated keywords and both interface spellings', () => {
    const s = probeSession(sw);
    const a = cli.run(sw, s, 'show int HundredGigE 2/0/7').output;
    expect(a.startsWith('HundredGigE2/0/7\nCurrent state: UP\n')).toBe(true);
    expect(cli.run(sw, s, 'dis interface hge2/0/7').output).toBe(a);
    expect(cli.run(sw, s, 'display interface HundredGigE2/0/7').output).toBe(a);
    expect(cli.run(sw, s, 'show trans diag interface hge 3/0/2').output).toBe(cli.run(sw, s, 'display transceiver diagnosis interface HundredGigE 3/0/2').output);
    expect(cli.run(sw, s, 'show trans int hge 2/0/1').output).toMatch(/^HundredGigE2\/0\/1 transceiver information:\n/);
    expect(cli.run(sw, s, 'show trans manuinfo int hge 2/0/1').output).toMatch(/^HundredGigE2\/0\/1 transceiver manufacture information:\n/);
    // A type without a number lists every port of the switch.
    expect(parserOf('show int HundredGigE').parse(cli.run(sw, s, 'show int HundredGigE').output).records).toHaveLength(50);
  });
});

describe('hpComwareSimCli: the driver sweep on a simulated switch with events', () => {
  const sw = createSimSwitch({ name: 'sc-r2-gsw256-01', os: 'hp_comware', ports: 64, seed: 3, nowMs: T0 });
  // 64 ports: slot 2 ports 1..48, slot 3 ports 1..16
  applySimEvent(sw, { kind: 'flap', port: 1, times: 3 });
  applySimEvent(sw, { kind: 'fec_burst', port: 2, corrected: 123456, uncorrected: 7 });
  applySimEvent(sw, { kind: 'crc', port: 3, count: 11 });
  applySimEvent(sw, { kind: 'port_down', port: 4 });
  applySimEvent(sw, { kind: 'fec_burst', port: 50, corrected: 2 ** 32 + 5, uncorrected: 0 });
  const noModule = sw.ports[5] as SimPort;
  noModule.optics = undefined;
  noModule.fecCorrected = 99n;
  (sw.ports[6] as SimPort).adminUp = false;
  Object.assign(sw.ports[7] as SimPort, { runts: 3n, giants: 2n, alignmentErrors: 4n, inDiscards: 5n, outDiscards: 6n, rxPfcPrio5: 70n, txPfcPrio5: 80n });
  (sw.psus[1] as { ok: boolean }).ok = false;
  (sw.fans[2] as { ok: boolean }).ok = false;
  (sw.temperatures[0] as { ok: boolean }).ok = false;
  advanceSimSwitch(sw, T0 + FEC_UPDATE_MS + 500);

  const s = probeSession(sw);
  const first = sweep(sw, s, []);
  const firstMap = hpComwareDriver.map(first.outputs, sw.name);
  const second = sweep(sw, s, firstMap.links.map((l) => l.port));
  const secondMap = hpComwareDriver.map(second.outputs, sw.name);

  it('the events reached the state', () => {
    expect(sw.ports[1]?.linkChanges).toBe(8);
    expect(sw.ports[2]?.fecCorrected).toBe(123456n);
    expect(sw.ports[2]?.fecUncorrected).toBe(7n);
    expect(sw.ports[3]?.crcErrors).toBe(11n);
    expect(sw.ports[4]?.operUp).toBe(false);
    expect(sw.ports[50]?.fecCorrected).toBe(2n ** 32n + 5n);
  });

  it('first sweep: the base commands only, none refused, every output parses cleanly', () => {
    expect(first.refusedCommands).toEqual([]);
    expect(first.outputs.size).toBe(8);
    expectCleanParses(first.outputs);
  });

  it('first sweep: the map finds every port and its state; FEC registers wait for the per-port commands', () => {
    expect(firstMap.errors).toEqual([]);
    expect(firstMap.links).toHaveLength(64);
    expect(firstMap.links[1]?.counters.carrier_changes).toBe(8n);
    expect(firstMap.links[4]).toMatchObject({ operState: 'down', carrier: false });
    expect(firstMap.links[2]?.counters.fec_corrected_codewords).toBeUndefined();
  });

  it('second sweep: four commands per known port, none refused, every output parses cleanly', () => {
    expect(second.refusedCommands).toEqual([]);
    expect(second.outputs.size).toBe(8 + 64 * 4);
    expectCleanParses(second.outputs);
  });

  it('second sweep: the map gives back every counter, state, optics and switch fact', () => {
    expectStateValues(sw, secondMap, { optics: true });
    expect(secondMap.info.psus[1]?.health).toBe(2);
    expect(secondMap.info.fans[2]?.health).toBe(2);
    expect(secondMap.info.temperatures[0]?.health).toBe(2);
  });

  it('FEC counters are cumulative: a later burst adds to the previous reading', () => {
    applySimEvent(sw, { kind: 'fec_burst', port: 2, corrected: 1000, uncorrected: 1 });
    advanceSimSwitch(sw, sw.clockMs + FEC_UPDATE_MS);
    const s2 = probeSession(sw);
    const again = hpComwareDriver.map(sweep(sw, s2, secondMap.links.map((l) => l.port)).outputs, sw.name);
    expect(again.links[2]?.counters.fec_corrected_codewords).toBe(124456n);
    expect(again.links[2]?.counters.fec_uncorrected_codewords).toBe(8n);
    expectStateValues(sw, again, { optics: true });
  });
});

/** Digits and hex values masked: the layout of a line without its numbers. */
const mask = (l: string): string => l.replace(/0x[0-9a-f]+/gi, 'HEX').replace(/\d+/g, '#');
/** Where each word of a table row starts, and its masked text: the columns of a row. */
const layout = (l: string): string[] => [...l.matchAll(/\S+/g)].map((m) => `${m.index}:${mask(m[0])}`);
/** `key` of `key: value` lines (or the masked line): the layout without the values. */
const keyOf = (l: string): string => {
  const c = l.indexOf(':');
  return c > 0 ? l.slice(0, c) : mask(l);
};

describe.skipIf(!SHARED_AVAILABLE)('hpComwareSimCli: the same layout as the real capture', () => {
  const capture = SHARED_AVAILABLE ? splitSession(readFileSync(sharedFixture('cluster-captures/switch/comware.session.txt'), 'utf8')) : [];
  const real = (re: RegExp): string[] => {
    const c = capture.find((x) => re.test(x.command));
    if (!c) throw new Error(`${re} not in the capture`);
    return c.output.split('\n');
  };
  const sw = createSimSwitch({ name: 'sc-r3-gsw256-01', os: 'hp_comware', ports: 4, seed: 5, nowMs: T0 });
  // The capture's rows with a date show a two-digit change count.
  (sw.ports[0] as SimPort).linkChanges = 25;
  const s = probeSession(sw);
  const sim = (cmd: string): string[] => cli.run(sw, s, cmd).output.split('\n');

  it('display interface of an up port: the lines of the capture, in its order (HundredGigE3/0/1)', () => {
    const lines = real(/^show int HundredGigE/);
    const start = lines.indexOf('HundredGigE3/0/1');
    const block = lines.slice(start, lines.indexOf('', start));
    const mine = sim('show int HundredGigE 2/0/2');
    expect(mine.slice(0, mine.indexOf('')).map(keyOf)).toEqual(block.map(keyOf));
  });

  it('tables: link-state-change, priority-flow-control, packet-drop, environment, power, fan', () => {
    const ls = real(/^display link-state-change/);
    const lsRow = ls.findIndex((l) => l.startsWith('HGE3/0/1 '));
    const mineLs = sim('display link-state-change statistics interface HundredGigE');
    expect(mineLs.slice(0, 2)).toEqual(ls.slice(0, 2));
    expect(mineLs.slice(2, 4).map(layout)).toEqual(ls.slice(lsRow, lsRow + 2).map(layout));
    const pfc = real(/^display priority-flow-control/);
    const minePfc = sim('display priority-flow-control interface hge');
    expect(minePfc.slice(0, 2)).toEqual(pfc.slice(0, 2));
    expect(layout(minePfc[2] as string)).toEqual(layout(pfc[2] as string));
    expect(sim('display packet-drop interface hge').slice(0, 4).map(mask)).toEqual(real(/^display packet-drop/).slice(0, 4).map(mask));
    const env = real(/^display environment$/);
    const mineEnv = sim('display environment');
    expect(mineEnv.slice(0, 3)).toEqual(env.slice(0, 3));
    expect(layout(mineEnv[3] as string)).toEqual(layout(env.find((l) => / 0 {5}hotspot 1 /.test(l)) as string));
    const power = real(/^display power$/);
    const minePower = sim('display power');
    expect(minePower.find((l) => l.includes('PowerID'))).toBe(power.find((l) => l.includes('PowerID')));
    const row = (ls: string[]): string => ls.find((l) => / Normal .*PSR3000-54A/.test(l)) as string;
    expect(layout(row(minePower))).toEqual(layout(row(power)));
    expect(sim('display fan').slice(0, 8).map(keyOf)).toEqual(real(/^display fan$/).slice(0, 8).map(keyOf));
  });

  it('version, fecstat and transceiver outputs', () => {
    const shapes = [
      /^HPE Comware Software, Version \d+\.\d+\.\d+, Release \w+$/,
      /^Copyright \(c\) \d{4}-\d{4} Hewlett Packard Enterprise Development LP$/,
      /^HPE \S.* uptime is \d+ weeks, \d+ days, \d+ hours, \d+ minutes$/,
      /^Last reboot reason : \S.*$/,
    ];
    const [realVersion, simVersion] = [real(/^display version$/), sim('display version')];
    shapes.forEach((re, k) => {
      expect(realVersion[k], `capture ${re}`).toMatch(re);
      expect(simVersion[k], `sim ${re}`).toMatch(re);
    });
    expect(simVersion.filter((l) => /^[A-Z].*\d:$/.test(l)).map(mask)).toEqual(['MPU(M) #:', 'LPU #:']);
    const fec = real(/^debug port command/);
    const block = fec.slice(0, fec.indexOf('***end***') + 1);
    const mine = sim('debug port command slot 2 phy/fecstat/0/1');
    expect(mine.slice(0, mine.indexOf('***end***') + 1).map(mask)).toEqual(block.map(mask));
    expect(sim('show trans diag interface hge 2/0/1').map(mask)).toEqual(real(/^show trans diag interface hge 2\/0\/1$/).map(mask));
    expect(sim('show trans int hge 2/0/1').map(keyOf)).toEqual(real(/^show trans int hge 2\/0\/1$/).map(keyOf));
    expect(sim('show trans manuinfo int hge 2/0/1').map(keyOf)).toEqual(real(/^show trans manuinfo int hge 2\/0\/1$/).map(keyOf));
  });
});

async function freePort(address: string): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((r) => srv.listen(0, address, () => r()));
  const port = (srv.address() as net.AddressInfo).port;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

describe('hpComwareSimCli over SSH: the session pool runs the driver sweep', () => {
  const ADDRESS = '127.2.77.1';
  const sw = createSimSwitch({ name: 'sc-r4-gsw256-01', os: 'hp_comware', ports: 20, seed: 9 });
  applySimEvent(sw, { kind: 'flap', port: 0 });
  applySimEvent(sw, { kind: 'crc', port: 1, count: 5 });
  let sim: SwitchSimulator;
  let dir: string;
  let pool: CliSessionPool;
  let port: number;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'linkmon-comware-'));
    port = await freePort(ADDRESS);
    sim = await startSwitchSimulator({ port, switches: [{ sw, cli, address: ADDRESS, password: 'pw' }] });
    const known = path.join(dir, 'known_hosts');
    await writeFile(known, sim.knownHosts);
    pool = new CliSessionPool({ knownHosts: await KnownHosts.load(known), hostKeyPolicy: 'strict', agent: '', promptTimeoutMs: 5000 });
  });
  afterAll(async () => {
    await pool?.close();
    await sim?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('two sweeps: prompts found in every view, outputs clean, the map matches the state', async () => {
    const endpoint = { id: sw.name, host: ADDRESS, port, user: 'admin', password: new Secret('pw') };
    const run1 = await pool.runMany(endpoint, hpComwareDriver.dialect, hpComwareDriver.sweepCommands({ ports: [] }), { timeoutMs: 60_000 });
    // No port known yet: the base commands only, none refused.
    expect(run1.errors).toEqual([]);
    const map1 = hpComwareDriver.map(run1.outputs, sw.name);
    expect(map1.errors).toEqual([]);
    expect(map1.links).toHaveLength(20);

    const run2 = await pool.runMany(endpoint, hpComwareDriver.dialect, hpComwareDriver.sweepCommands({ ports: map1.links.map((l) => l.port) }), { timeoutMs: 60_000 });
    expect(run2.errors).toEqual([]);
    expectCleanParses(run2.outputs);
    const map2 = hpComwareDriver.map(run2.outputs, sw.name);
    expect(map2.errors).toEqual([]);
    expect(map2.links[0]?.counters.carrier_changes).toBe(4n);
    expect(map2.links[1]?.counters.rx_crc_errors).toBe(5n);
    expect(map2.links[3]?.optics?.serial).toBe(sw.ports[3]?.optics?.serial);
    expect(map2.info.model).toBe(sw.model);
    expect(sim.get(ADDRESS).stats.logins).toBe(1);
  });
});
