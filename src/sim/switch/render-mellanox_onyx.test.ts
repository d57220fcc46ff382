/**
 * The simulated Onyx CLI: modes, prompts and errors as the real CLI has them, and every command
 * the mellanox_onyx driver sends rendered in the real format: each output parses with no
 * unmatched line and the driver's map gives back the simulated state (after a flap, a FEC burst
 * published by the PHY, CRC errors and a port going down). Also checked line by line against the
 * real capture's layout (when ../shared is present) and end to end over SSH with the session pool.
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { splitLines } from '../../core/parser.js';
import { Secret } from '../../core/secret.js';
import { SHARED_AVAILABLE, sharedFixture } from '../../../test/helpers/shared-fixtures.js';
import { CliSessionPool } from '../../transports/ssh/cli-session.js';
import { KnownHosts } from '../../transports/ssh/known-hosts.js';
import { classifyOnyxCommand, mellanoxOnyxDriver as driver } from '../../vendors/mellanox_onyx/index.js';
import { splitOnyxSession } from '../../vendors/mellanox_onyx/test-session.js';
import type { SwitchMapResult } from '../../vendors/switch-driver.js';
import type { SimCliSession } from './cli.js';
import { mellanoxOnyxSimCli as cli } from './render-mellanox_onyx.js';
import { startSwitchSimulator, type SwitchSimulator } from './ssh-server.js';
import { advanceSimSwitch, applySimEvent, createSimSwitch, FEC_UPDATE_MS, type SimPort, type SimSwitch } from './state.js';

const T0 = Date.UTC(2024, 1, 19, 9, 15, 0);

const refused = (out: string): boolean => out.split('\n').some((l) => driver.dialect.refused.test(l));

/** A logged-in session after the driver's setup. */
function setupSession(sw: SimSwitch): SimCliSession {
  const s = cli.newSession();
  for (const c of driver.dialect.setup) expect(cli.run(sw, s, c).output).toBe('');
  expect(s.pagingOff).toBe(true);
  return s;
}

/** Runs one sweep on the simulated CLI the way the session pool does (refused outputs dropped). */
function sweep(sw: SimSwitch, s: SimCliSession, ports: readonly string[]): { outputs: Map<string, string>; refusedCommands: string[] } {
  const outputs = new Map<string, string>();
  const refusedCommands: string[] = [];
  for (const c of driver.sweepCommands({ ports })) {
    const out = cli.run(sw, s, c).output;
    if (refused(out)) refusedCommands.push(c);
    else outputs.set(c, out);
  }
  return { outputs, refusedCommands };
}

/** Every output parses with no unmatched line, except the no-DOM answer of `trans diag`. */
function expectCleanParses(outputs: ReadonlyMap<string, string>): void {
  for (const [c, out] of outputs) {
    if (out.startsWith('% Unrecognized command "diag".')) {
      expect(c).toMatch(/trans diag$/);
      continue;
    }
    const id = classifyOnyxCommand(c)?.id;
    const r = driver.parsers[id ?? '']?.parse(out);
    expect(r?.unmatched, c).toEqual([]);
    expect(r?.records.length, c).toBeGreaterThan(0);
  }
}

const mw = (dbm: number): number => 10 ** (dbm / 10);

/** The driver's view of the state, field by field. */
function expectMapMatchesState(r: SwitchMapResult, sw: SimSwitch, opts: { perPort: boolean }): void {
  expect(r.links.map((l) => l.port)).toEqual(sw.ports.map((p) => `Eth${p.slot}/${p.port}`));
  sw.ports.forEach((p, i) => {
    const l = r.links[i];
    const up = p.adminUp && p.operUp;
    expect(l?.mac).toBe(p.mac);
    expect(l?.description).toBe(p.description === '' ? undefined : p.description);
    expect(l?.operState).toBe(up ? 'up' : 'down');
    expect(l?.carrier).toBe(p.adminUp ? up : undefined);
    expect(l?.speedMbps).toBe(up ? p.speedMbps : undefined);
    expect(l?.counters).toMatchObject({
      carrier_changes: BigInt(p.linkChanges),
      rx_bytes: p.rxBytes,
      tx_bytes: p.txBytes,
      rx_packets: p.rxPackets,
      tx_packets: p.txPackets,
      rx_errors: p.inputErrors,
      rx_crc_errors: p.crcErrors,
      rx_runts: p.runts,
      rx_discards: p.inDiscards,
      tx_discards: p.outDiscards,
      rx_pfc_frames: p.rxPfcPrio5,
      tx_pfc_frames: p.txPfcPrio5,
    });
    expect(l?.raw.get('tc5.unicast_no_buffer_discard')).toBe(p.outDiscardsPrio5);
    expect(l?.info.ingress_rate_bps).toBe(String(up ? p.rxKbps * 1000 : 0));
    expect(l?.info.fec_active).toBe(up ? 'rs-fec' : undefined);
    // The PHY counters come from `trans count`, a per-port command.
    if (opts.perPort) {
      expect(l?.counters.fec_corrected_bits).toBe(p.phyCorrectedBits);
      expect(l?.counters.rx_symbol_errors).toBe(p.phySymbolErrors);
      expect(l?.raw.get('trans.phy_received_bits')).toBe(p.phyReceivedBits);
    } else {
      expect(l?.counters.fec_corrected_bits).toBeUndefined();
    }
    if (up && opts.perPort) {
      const lanes = l?.laneCounters.fec_corrected_bits ?? [];
      expect(lanes).toHaveLength(p.speedMbps === 400_000 ? 8 : 4);
      expect(lanes.reduce((a, b) => a + b, 0n)).toBe(p.fecCorrected);
    } else {
      expect(l?.laneCounters.fec_corrected_bits).toBeUndefined();
    }
    if (!opts.perPort) {
      expect(l?.optics).toBeUndefined();
      return;
    }
    const o = p.optics;
    expect(l?.optics?.vendor).toBe(o?.vendor);
    expect(l?.optics?.partNumber).toBe(o?.partNumber);
    expect(l?.optics?.serial).toBe(o?.serial);
    expect(l?.optics?.revision).toBe(o?.revision);
    expect(l?.info.transceiver_type).toBe(o?.type);
    if (o && !/CR\d$/.test(o.type)) {
      expect(l?.optics?.temperatureC).toBe(Math.round(o.temperatureC));
      expect(l?.optics?.voltageV).toBeCloseTo(o.voltageV, 5);
      expect(l?.optics?.lanes).toHaveLength(o.lanes.length);
      o.lanes.forEach((sl, k) => {
        const ll = l?.optics?.lanes[k];
        expect(ll?.lane).toBe(k + 1);
        expect(ll?.txBiasMa).toBeCloseTo(sl.biasMa, 5);
        expect(ll?.txPowerMw).toBeCloseTo(mw(sl.txPowerDbm), 5);
        expect(ll?.rxPowerMw).toBeCloseTo(mw(sl.rxPowerDbm), 5);
      });
      expect(l?.info.dom).toBeUndefined();
    } else {
      expect(l?.optics?.lanes).toEqual([]);
      expect(l?.info.dom).toBe('unsupported');
    }
  });
  expect(r.info).toMatchObject({
    hostname: sw.name,
    vendor: 'hpe',
    model: sw.model,
    firmwareVersion: sw.firmware,
    serial: sw.serial,
  });
  expect(r.info.uptimeSeconds).toBeCloseTo(sw.uptimeS, 2);
  expect(r.info.psus).toEqual(sw.psus.map((p) => ({ name: p.name, health: p.ok ? 0 : 2, value: p.ok ? p.outputW : 0 })));
  expect(r.info.temperatures).toEqual(sw.temperatures.map((t) => ({ name: `MGMT ${t.name} T1`, health: t.ok ? 0 : 2, value: t.celsius })));
  expect(r.info.fans).toEqual(sw.fans.map((f) => ({ name: `${f.name} FAN F1`, health: f.ok ? 0 : 2, value: f.rpm })));
}

// ---------------------------------------------------------------------------------------------

describe('mellanoxOnyxSimCli: modes, prompts and errors', () => {
  const sw = createSimSwitch({ name: 'sc-r1-100gsw64-hpe', os: 'mellanox_onyx', ports: 2, nowMs: T0 });

  it('standard mode, paging off, enable, configure terminal, exit back and out', () => {
    const s = cli.newSession();
    expect(s).toEqual({ mode: 'exec', pagingOff: false });
    expect(cli.prompt(sw, s)).toBe('sc-r1-100gsw64-hpe [standalone: master] > ');
    expect(cli.run(sw, s, 'no cli session paging enable')).toEqual({ output: '' });
    expect(s.pagingOff).toBe(true);
    expect(cli.run(sw, s, 'enable').output).toBe('');
    expect(cli.prompt(sw, s)).toBe('sc-r1-100gsw64-hpe [standalone: master] # ');
    cli.run(sw, s, 'conf t');
    expect(cli.prompt(sw, s)).toBe('sc-r1-100gsw64-hpe [standalone: master] (config) # ');
    expect(cli.run(sw, s, 'exit')).toEqual({ output: '' });
    expect(s.mode).toBe('enable');
    for (const m of ['exec', 'enable', 'config']) {
      expect(driver.dialect.prompt.test(cli.prompt(sw, { mode: m, pagingOff: true })), m).toBe(true);
    }
    expect(cli.run(sw, s, 'exit')).toEqual({ output: '', close: true });
  });

  it('unknown, misplaced, ambiguous and incomplete commands get Onyx errors', () => {
    const s = setupSession(sw);
    expect(cli.run(sw, s, 'show bogus').output).toBe('% Unrecognized command "bogus".\nType "show ?" for help.');
    expect(cli.run(sw, s, 'show int eth 1/9 trans').output).toBe('% Unrecognized command "1/9".\nType "show int eth ?" for help.');
    expect(cli.run(sw, s, 'configure terminal').output).toBe('% Unrecognized command "configure".\nType "?" for help.');
    expect(cli.run(sw, s, 'show in').output).toBe('% Ambiguous command "in".\nType "show ?" for help.');
    expect(cli.run(sw, s, 'show int').output).toBe('% Incomplete command.\nType "show int ?" for help.');
    for (const c of ['show bogus', 'show int eth 1/9 trans', 'show in', 'show int']) expect(refused(cli.run(sw, s, c).output), c).toBe(true);
    expect(cli.run(sw, s, '   ').output).toBe('');
  });

  it('`trans diag` of a passive copper cable: the capture\'s refusal, which the dialect lets through', () => {
    const copper = createSimSwitch({ name: 'sw2', os: 'mellanox_onyx', ports: 1, nowMs: T0 });
    const p = copper.ports[0] as SimPort;
    p.optics = { ...(p.optics as NonNullable<SimPort['optics']>), type: '100GBASE-CR4' };
    const s = setupSession(copper);
    const out = cli.run(copper, s, 'show int eth 1/1 trans diag').output;
    expect(out).toBe('% Unrecognized command "diag".\nType "show int eth 1/1 trans ?" for help.');
    expect(refused(out)).toBe(false);
    expect(cli.run(copper, s, 'show interfaces ethernet 1/1 transceiver').output).toContain('Passive copper, unequalized');
  });

  it('abbreviations and full keywords give the same output', () => {
    const s = setupSession(sw);
    expect(cli.run(sw, s, 'sh int eth 1/2 trans count').output).toBe(cli.run(sw, s, 'show interfaces ethernet 1/2 transceiver counters').output);
    expect(cli.run(sw, s, 'show int eth counters pfc prio 5').output).toBe(cli.run(sw, s, 'show interfaces ethernet counters pfc prio 5').output);
  });
});

describe('mellanoxOnyxSimCli: the driver sweep on a simulated switch with events', () => {
  const sw = createSimSwitch({ name: 'sc-r15ra1-100gsw64-hpe', os: 'mellanox_onyx', ports: 6, seed: 3, nowMs: T0 });
  // Port 5 (Eth1/5) carries a passive copper cable (no DOM); port 6 (Eth1/6) is a 400G port.
  const p5 = sw.ports[4] as SimPort;
  p5.optics = { ...(p5.optics as NonNullable<SimPort['optics']>), type: '100GBASE-CR4' };
  const p6 = sw.ports[5] as SimPort;
  p6.speedMbps = 400_000;
  p6.optics = {
    ...(p6.optics as NonNullable<SimPort['optics']>),
    type: '400GBASE-DR4',
    lanes: Array.from({ length: 8 }, (_, k) => ({ biasMa: 6 + k / 10, txPowerDbm: -1 + k / 10, rxPowerDbm: -2 + k / 10 })),
  };
  (sw.ports[1] as SimPort).description = '';
  applySimEvent(sw, { kind: 'flap', port: 0, times: 2 });
  applySimEvent(sw, { kind: 'fec_burst', port: 1, corrected: 1003, uncorrected: 3 });
  applySimEvent(sw, { kind: 'fec_burst', port: 5, corrected: 40_000 });
  applySimEvent(sw, { kind: 'crc', port: 2, count: 7 });
  applySimEvent(sw, { kind: 'port_down', port: 3 });
  (sw.psus[1] as SimSwitch['psus'][number]).ok = false;
  (sw.temperatures[2] as SimSwitch['temperatures'][number]).ok = false;
  advanceSimSwitch(sw, T0 + FEC_UPDATE_MS + 500);
  const s = setupSession(sw);

  it('the events reached the state', () => {
    expect(sw.ports[0]?.linkChanges).toBe(6);
    expect(sw.ports[1]?.phyCorrectedBits).toBe(8024n);
    expect(sw.ports[1]?.phySymbolErrors).toBe(3n);
    expect(sw.ports[5]?.fecCorrected).toBe(40_000n);
    expect(sw.ports[2]?.crcErrors).toBe(7n);
    expect(sw.ports[3]?.operUp).toBe(false);
  });

  it('first sweep: the base commands only, none refused, every output parses cleanly', () => {
    const { outputs, refusedCommands } = sweep(sw, s, []);
    expect(refusedCommands).toEqual([]);
    expect(outputs.size).toBe(10);
    expectCleanParses(outputs);
    const r = driver.map(outputs, sw.name);
    expect(r.errors).toEqual([]);
    expectMapMatchesState(r, sw, { perPort: false });
  });

  it('second sweep: three commands per known port, none refused, every output parses cleanly, the map gives back the state', () => {
    const first = driver.map(sweep(sw, s, []).outputs, sw.name);
    const { outputs, refusedCommands } = sweep(sw, s, first.links.map((l) => l.port));
    expect(refusedCommands).toEqual([]);
    expect(outputs.size).toBe(10 + 3 * 6);
    expectCleanParses(outputs);
    const r = driver.map(outputs, sw.name);
    expect(r.errors).toEqual([]);
    expectMapMatchesState(r, sw, { perPort: true });
    const byPort = new Map(r.links.map((l) => [l.port, l]));
    expect(byPort.get('Eth1/1')?.counters.carrier_changes).toBe(6n);
    expect(byPort.get('Eth1/2')?.counters.fec_corrected_bits).toBe(8024n);
    expect(byPort.get('Eth1/2')?.counters.rx_symbol_errors).toBe(3n);
    expect(byPort.get('Eth1/2')?.info.raw_ber).toMatch(/^\d+E-\d+$/);
    expect(byPort.get('Eth1/2')?.info.raw_ber).not.toBe('15E-255');
    expect(byPort.get('Eth1/3')?.counters.rx_crc_errors).toBe(7n);
    expect(byPort.get('Eth1/4')).toMatchObject({ operState: 'down', carrier: false });
    expect(byPort.get('Eth1/5')?.info.dom).toBe('unsupported');
    expect(byPort.get('Eth1/6')).toMatchObject({ speedMbps: 400_000, maxSpeedMbps: 400_000 });
    expect(byPort.get('Eth1/6')?.info.actual_speed).toBe('400Gx8');
    expect(byPort.get('Eth1/6')?.laneCounters.fec_corrected_bits).toEqual(Array.from({ length: 8 }, () => 5000n));
    expect(byPort.get('Eth1/6')?.optics?.identifier).toBe('QSFP-DD');
    expect(r.info.psus.map((p) => p.health)).toEqual([0, 2]);
    expect(r.info.temperatures.map((t) => t.health)).toEqual([0, 0, 2]);
  });

  it('counters move between sweeps as the state does', () => {
    const ports = sw.ports.map((p) => `Eth${p.slot}/${p.port}`);
    const before = driver.map(sweep(sw, s, ports).outputs, sw.name);
    applySimEvent(sw, { kind: 'fec_burst', port: 0, corrected: 10 });
    applySimEvent(sw, { kind: 'port_up', port: 3 });
    advanceSimSwitch(sw, sw.clockMs + 2 * FEC_UPDATE_MS);
    const after = driver.map(sweep(sw, s, ports).outputs, sw.name);
    expect(after.errors).toEqual([]);
    expectMapMatchesState(after, sw, { perPort: true });
    const d = (i: number, f: 'fec_corrected_bits' | 'carrier_changes' | 'rx_bytes'): bigint =>
      (after.links[i]?.counters[f] ?? 0n) - (before.links[i]?.counters[f] ?? 0n);
    expect(d(0, 'fec_corrected_bits')).toBe(80n);
    expect(d(3, 'carrier_changes')).toBe(1n);
    expect(d(0, 'rx_bytes')).toBeGreaterThan(0n);
    expect(after.links[3]?.operState).toBe('up');
  });
});

// ---------------------------------------------------------------------------------------------
// Layout: the simulator prints what the real switch prints, column for column
// ---------------------------------------------------------------------------------------------

/** A `key : value` line without its value (keeps the key's padding); other lines unchanged. */
const keyOf = (l: string): string => {
  const i = l.indexOf(': ');
  return i < 0 ? l : l.slice(0, i + 1);
};
/** A counter line (`    <n>   <name>`) with its number and padding as `#`s of the same width. */
const counterMask = (l: string): string => l.replace(/^(\s*)\d+(\s+)(?=[A-Za-z])/, (m, a: string) => a + '#'.repeat(m.length - a.length));
/** Column start positions of a table row (a column starts after 2+ spaces). */
const starts = (l: string): number[] => {
  const out: number[] = [];
  const re = /(?:^|\s{2,})(\S)/g;
  for (let m = re.exec(l); m; m = re.exec(l)) out.push(m.index + m[0].length - 1);
  return out;
};

describe.skipIf(!SHARED_AVAILABLE)('mellanoxOnyxSimCli: the same layout as the real capture', () => {
  const capture = SHARED_AVAILABLE ? splitOnyxSession(readFileSync(sharedFixture('cluster-captures/switch/onyx.session.txt'), 'utf8')) : [];
  const real = (command: string): string[] => {
    const c = capture.find((x) => x.command === command);
    if (!c) throw new Error(`${command} not in the capture`);
    return splitLines(c.output);
  };
  const sw = createSimSwitch({ name: 'sc-r15ra1-100gsw64-hpe', os: 'mellanox_onyx', ports: 4, nowMs: T0 });
  (sw.ports[2] as SimPort).operUp = false;
  (sw.ports[2] as SimPort).linkChanges = 0;
  const s = setupSession(sw);
  const sim = (cmd: string): string[] => splitLines(cli.run(sw, s, cmd).output);
  const block = (lines: string[], header: string): string[] => {
    const i = lines.indexOf(header);
    const j = lines.findIndex((l, k) => k > i && /^Eth\S+:$/.test(l));
    return lines.slice(i, j < 0 ? undefined : j);
  };

  it('show int eth: the down L2 port block of the capture, key for key, column for column', () => {
    const mine = block(sim('show int eth'), 'Eth1/3:').map((l) => counterMask(keyOf(l)));
    const theirs = block(real('show int eth'), 'Eth1/3:').map((l) => counterMask(keyOf(l)));
    expect(mine).toEqual(theirs);
    expect(sim('show int eth')[0]).toBe('');
  });

  it('PFC, TC and rates', () => {
    for (const cmd of ['show int eth counters pfc prio 5', 'show int eth counters tc 5']) {
      expect(block(sim(cmd), 'Eth1/2:').map(counterMask), cmd).toEqual(block(real(cmd), 'Eth1/2:').map(counterMask));
    }
    const mine = sim('show int eth rates');
    const theirs = real('show int eth rates');
    expect(mine.slice(0, 4)).toEqual(theirs.slice(0, 4));
    expect(starts(mine[4] ?? '')).toEqual(starts(theirs[4] ?? ''));
    expect(mine.length).toBe(theirs.length);
  });

  it('version, inventory, power, temperature, fan, hosts', () => {
    expect(sim('show version').map((l) => l.slice(0, 19))).toEqual(real('show version').map((l) => l.slice(0, 19)));
    const inv = sim('show inventory');
    expect(inv.slice(0, 3)).toEqual(real('show inventory').slice(0, 3));
    expect(starts(inv[3] ?? '')).toEqual(starts(real('show inventory')[3] ?? ''));
    for (const cmd of ['show power', 'show temperature']) {
      expect(sim(cmd).slice(0, 4), cmd).toEqual(real(cmd).slice(0, 4));
      expect(starts(sim(cmd)[4] ?? ''), cmd).toEqual(starts(real(cmd)[4] ?? ''));
    }
    expect(sim('show power').slice(-5).map(keyOf)).toEqual(real('show power').slice(-5).map(keyOf));
    expect(sim('show fan').slice(0, 5)).toEqual(real('show fan').slice(0, 5));
    expect(starts(sim('show fan')[5] ?? '')).toEqual(starts(real('show fan')[5] ?? ''));
    const hostsShape = (l: string): string => (/^\s+\S/.test(l) && !l.includes(' : ') ? 'item' : keyOf(l));
    expect(sim('show hosts').map(hostsShape)).toEqual(real('show hosts').map(hostsShape));
  });

  it('transceiver, diagnostics and PHY counters', () => {
    const trans = (lines: string[]): string[] => lines.map(keyOf);
    const copper = sw.ports[0] as SimPort;
    copper.optics = { ...(copper.optics as NonNullable<SimPort['optics']>), type: '200GBASE-CR4' };
    expect(trans(sim('show int eth 1/1 trans'))).toEqual(trans(real('show int eth 1/1 trans')));
    expect(sim('show int eth 1/1 trans diag')).toEqual(real('show int eth 1/1 trans diag'));
    expect(sim('show int eth 1/2 trans diag').map(keyOf)).toEqual(real('show int eth 1/2 trans diag').map(keyOf));
    const names = (lines: string[]): string[] => lines.map((l) => l.replace(/\d+$/, '#'));
    expect(names(sim('show int eth 1/2 trans count'))).toEqual(names(real('show int eth 1/2 trans count')));
    expect(names(sim('show int eth 1/3 trans count'))).toEqual(names(real('show int eth 1/3 trans count')));
  });
});

// ---------------------------------------------------------------------------------------------
// End to end over SSH: the session pool finds the prompts, pages off, runs the sweep
// ---------------------------------------------------------------------------------------------

async function freePort(address: string): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((r) => srv.listen(0, address, () => r()));
  const port = (srv.address() as net.AddressInfo).port;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

describe('mellanoxOnyxSimCli over SSH: the session pool runs the driver sweep', () => {
  const ADDRESS = '127.2.78.1';
  const sw = createSimSwitch({ name: 'sc-r15ra1-100gsw64-hpe', os: 'mellanox_onyx', ports: 8, seed: 11 });
  applySimEvent(sw, { kind: 'flap', port: 0 });
  applySimEvent(sw, { kind: 'crc', port: 1, count: 5 });
  applySimEvent(sw, { kind: 'port_down', port: 2 });
  let sim: SwitchSimulator;
  let dir: string;
  let pool: CliSessionPool;
  let port: number;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'linkmon-onyx-'));
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

  it('two sweeps: prompt found, outputs clean, the map matches the state', async () => {
    const endpoint = { id: sw.name, host: ADDRESS, port, user: 'admin', password: new Secret('pw') };
    const run1 = await pool.runMany(endpoint, driver.dialect, driver.sweepCommands({ ports: [] }), { timeoutMs: 60_000 });
    // A first sweep sends the base commands only: nothing is refused.
    expect(run1.errors).toEqual([]);
    expectCleanParses(run1.outputs);
    const map1 = driver.map(run1.outputs, sw.name);
    expect(map1.errors).toEqual([]);
    expect(map1.links).toHaveLength(8);

    const run2 = await pool.runMany(endpoint, driver.dialect, driver.sweepCommands({ ports: map1.links.map((l) => l.port) }), { timeoutMs: 60_000 });
    expect(run2.errors).toEqual([]);
    expectCleanParses(run2.outputs);
    const map2 = driver.map(run2.outputs, sw.name);
    expect(map2.errors).toEqual([]);
    expect(map2.links[0]?.counters.carrier_changes).toBe(4n);
    expect(map2.links[1]?.counters.rx_crc_errors).toBe(5n);
    expect(map2.links[2]).toMatchObject({ operState: 'down', carrier: false });
    expect(map2.links[0]?.optics?.lanes).toHaveLength(4);
    expect(map2.info.hostname).toBe(sw.name);
  });
});
