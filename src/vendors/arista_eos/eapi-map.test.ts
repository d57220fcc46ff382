import { readFileSync } from 'node:fs';
import { describe, it, expect } from 'vitest';
import { ErrorCodes } from '../../core/errors.js';
import type { LinkCounter } from '../../core/link.js';
import { SHARED_AVAILABLE, sharedFixture } from '../../../test/helpers/shared-fixtures.js';
import { renderAristaEapi } from '../../sim/switch/eapi-server.js';
import { aristaEosSimCli } from '../../sim/switch/render-arista_eos.js';
import { advanceSimSwitch, applySimEvent, createSimSwitch, type SimSwitch } from '../../sim/switch/state.js';
import type { SwitchLink, SwitchMapResult } from '../switch-driver.js';
import { aristaEapiFecPoller, aristaEosEapiDriver, EAPI_COMMANDS, EAPI_SWEEP, mapAristaEapi, parseEapiShowHostname } from './eapi-map.js';
import { aristaEosDriver } from './index.js';

const T0 = Date.UTC(2024, 4, 17, 9, 30, 0);

/** 8 ports: a flap, a FEC burst, CRC errors, a port down, an errdisabled port, discards. */
function eventfulSwitch(): SimSwitch {
  const sw = createSimSwitch({ name: 'leaf-9', os: 'arista_eos', ports: 8, nowMs: T0, seed: 3 });
  applySimEvent(sw, { kind: 'flap', port: 0, times: 2 });
  applySimEvent(sw, { kind: 'fec_burst', port: 1, corrected: 4321, uncorrected: 5 });
  applySimEvent(sw, { kind: 'fec_burst', port: 5, corrected: 30, updates: 3 });
  applySimEvent(sw, { kind: 'crc', port: 2, count: 11 });
  applySimEvent(sw, { kind: 'port_down', port: 3 });
  advanceSimSwitch(sw, T0 + 9000);
  const p4 = sw.ports[4];
  const p6 = sw.ports[6];
  if (!p4 || !p6) throw new Error('ports missing');
  p4.inDiscards = 17n;
  p4.outDiscards = 4n;
  p4.rxBytes = 2n ** 63n + 12345n; // beyond a double's precision
  p6.operUp = false;
  p6.errdisabled = 'link-flap';
  return sw;
}

function cliSweep(sw: SimSwitch): Map<string, string> {
  const session = aristaEosSimCli.newSession();
  session.pagingOff = true;
  return new Map(aristaEosDriver.sweepCommands({ ports: [] }).map((c) => [c, aristaEosSimCli.run(sw, session, c).output]));
}

function eapiSweep(sw: SimSwitch): Map<string, string> {
  const out = new Map<string, string>();
  for (const c of EAPI_COMMANDS) {
    const a = renderAristaEapi(sw, c);
    if (!a.ok) throw new Error(`${c}: ${a.reason}`);
    out.set(c, a.json);
  }
  return out;
}

function byPort(m: SwitchMapResult): Map<string, SwitchLink> {
  return new Map(m.links.map((l) => [l.port, l]));
}

/** Counters only the CLI path has (commands without an eAPI form in the sweep). */
const CLI_ONLY_COUNTERS = new Set<LinkCounter>(['rx_pfc_frames', 'tx_pfc_frames']);
const CLI_ONLY_INFO = new Set(['ifindex', 'out_discards_prio5', 'ecn_marked_tc5', 'errdisabled_reason', 'fec_mode', 'fec_alignment_lock', 'phy_stale']);

describe('mapAristaEapi: the same normalized links as the CLI path', () => {
  it('every port: counters, FEC registers, optics, state and info agree between the two paths', () => {
    const sw = eventfulSwitch();
    const cli = aristaEosDriver.map(cliSweep(sw), sw.name);
    const eapi = mapAristaEapi(eapiSweep(sw), sw.name);
    expect(cli.errors).toEqual([]);
    expect(eapi.errors).toEqual([]);
    expect([...byPort(eapi).keys()]).toEqual([...byPort(cli).keys()]);
    expect(eapi.links).toHaveLength(sw.ports.length);

    const eapiLinks = byPort(eapi);
    for (const c of cli.links) {
      const e = eapiLinks.get(c.port);
      if (!e) throw new Error(`no eAPI link ${c.port}`);
      const counters = Object.keys(c.counters) as LinkCounter[];
      for (const k of counters) {
        if (CLI_ONLY_COUNTERS.has(k)) expect(e.counters[k], `${c.port} ${k}`).toBeUndefined();
        else expect(e.counters[k], `${c.port} ${k}`).toBe(c.counters[k]);
      }
      for (const k of Object.keys(e.counters)) expect(counters, `${c.port}: eAPI-only counter ${k}`).toContain(k);
      for (const f of ['mac', 'description', 'speedMbps', 'operState', 'carrier'] as const) expect(e[f], `${c.port} ${f}`).toEqual(c[f]);
      // FEC registers: value and changes (the last-change time is printed differently).
      const strip = (l: SwitchLink): unknown =>
        l.aristaFec && {
          corrected: l.aristaFec.corrected && { value: l.aristaFec.corrected.value, changes: l.aristaFec.corrected.changes },
          uncorrected: l.aristaFec.uncorrected && { value: l.aristaFec.uncorrected.value, changes: l.aristaFec.uncorrected.changes },
        };
      expect(strip(e), `${c.port} aristaFec`).toEqual(strip(c));
      // Optics: equal wherever the CLI has them (a stale PHY block hides them from the CLI only).
      if (c.optics) expect(e.optics, `${c.port} optics`).toEqual(c.optics);
      for (const [k, v] of Object.entries(c.info)) {
        if (CLI_ONLY_INFO.has(k) || (k.startsWith('transceiver_') && c.info.phy_stale === 'true')) continue;
        expect(e.info[k], `${c.port} info.${k}`).toBe(v);
      }
      // Raw counters both paths name alike carry the same values.
      for (const [k, v] of c.raw) if (e.raw.has(k) && !k.startsWith('show_interfaces_phy_detail.')) expect(e.raw.get(k), `${c.port} ${k}`).toBe(v);
    }

    expect(eapi.info).toEqual(cli.info);
  });

  it('maps back to the state: the events and a counter above 2^53', () => {
    const sw = eventfulSwitch();
    const links = byPort(mapAristaEapi(eapiSweep(sw), sw.name));
    for (const p of sw.ports) {
      const l = links.get(`Ethernet${p.port}/1`);
      expect(l?.counters).toMatchObject({
        carrier_changes: BigInt(p.linkChanges),
        rx_bytes: p.rxBytes,
        tx_bytes: p.txBytes,
        rx_packets: p.rxPackets,
        tx_packets: p.txPackets,
        rx_crc_errors: p.crcErrors,
        rx_discards: p.inDiscards,
        tx_discards: p.outDiscards,
      });
    }
    expect(links.get('Ethernet1/1')?.counters.carrier_changes).toBe(6n);
    expect(links.get('Ethernet2/1')?.aristaFec).toMatchObject({ corrected: { value: 4321n, changes: 1n }, uncorrected: { value: 5n, changes: 1n } });
    expect(links.get('Ethernet6/1')?.aristaFec?.corrected).toMatchObject({ value: 10n, changes: 3n });
    expect(links.get('Ethernet3/1')?.counters.rx_crc_errors).toBe(11n);
    expect(links.get('Ethernet4/1')).toMatchObject({ operState: 'down', carrier: false, info: { interface_status: 'notconnect' } });
    expect(links.get('Ethernet5/1')?.counters.rx_bytes).toBe(2n ** 63n + 12345n);
    expect(links.get('Ethernet7/1')?.aristaFec).toBeUndefined();
    expect(links.get('Ethernet7/1')?.info.interface_status).toBe('errdisabled');
  });

  it('a missing command: a warning, or an error for show interfaces; the rest still maps', () => {
    const sw = eventfulSwitch();
    const outputs = eapiSweep(sw);
    outputs.delete('show interfaces phy detail');
    const m = mapAristaEapi(outputs, sw.name);
    expect(m.errors.map((e) => [e.code, e.severity])).toEqual([[ErrorCodes.SWITCH_COMMAND_REFUSED, 'warning']]);
    expect(m.links).toHaveLength(8);
    expect(m.links.every((l) => l.aristaFec === undefined)).toBe(true);

    outputs.delete('show interfaces');
    const none = mapAristaEapi(outputs, sw.name);
    expect(none.links).toEqual([]);
    expect(none.errors.some((e) => e.severity === 'error' && e.message.includes('show interfaces'))).toBe(true);
  });

  it('accepts the CLI sweep’s `| json` keys and reports output that is not JSON', () => {
    const sw = eventfulSwitch();
    const outputs = new Map([...eapiSweep(sw)].map(([c, v]) => [c === 'show version' ? 'show version | json' : c, v]));
    outputs.set('show hostname', 'Hostname: leaf-9\nFQDN: leaf-9\n');
    const m = mapAristaEapi(outputs, sw.name);
    expect(m.info.model).toBe(sw.model);
    expect(m.info.hostname).toBeUndefined();
    expect(m.errors.map((e) => e.code)).toEqual([ErrorCodes.PARSE_UNMATCHED]);
  });

  it('show interfaces transceiver stands in for dom when only it was run', () => {
    const sw = eventfulSwitch();
    const outputs = eapiSweep(sw);
    outputs.delete('show interfaces transceiver dom');
    const a = renderAristaEapi(sw, 'show interfaces transceiver');
    if (!a.ok) throw new Error(a.reason);
    outputs.set('show interfaces transceiver', a.json);
    const l = mapAristaEapi(outputs, sw.name).links[0];
    expect(l?.optics).toMatchObject({ serial: sw.ports[0]?.optics?.serial, temperatureC: 38.5, lanes: [{ lane: 1, txBiasMa: 7.5 }] });
  });

  it('the eAPI driver and FEC poller', () => {
    expect(aristaEosEapiDriver.sweepCommands({ ports: [] })).toEqual(EAPI_COMMANDS);
    expect(EAPI_COMMANDS).toEqual(EAPI_SWEEP.map((c) => c.command));
    expect(EAPI_COMMANDS.every((c) => !c.includes('|'))).toBe(true);
    expect(aristaEosEapiDriver.parsers.eapi_show_hostname).toBeDefined();
    const sw = eventfulSwitch();
    const cmd = aristaEapiFecPoller.command(['Ethernet2/1', 'Ethernet7/1']);
    expect(cmd).toBe('show interfaces Ethernet2/1,Ethernet7/1 phy detail');
    const a = renderAristaEapi(sw, cmd);
    if (!a.ok) throw new Error(a.reason);
    const read = aristaEapiFecPoller.read(a.json);
    expect([...read.keys()]).toEqual(['Ethernet2/1']); // the errdisabled port has no reading
    expect(read.get('Ethernet2/1')?.corrected).toMatchObject({ value: 4321n, changes: 1n });
  });

  it('show hostname JSON', () => {
    expect(parseEapiShowHostname('{"fqdn": "sw1.example.net", "hostname": "sw1"}').records).toEqual([{ hostname: 'sw1', fqdn: 'sw1.example.net' }]);
    expect(parseEapiShowHostname('{"other": 1}').unmatched).toHaveLength(1);
  });
});

describe.skipIf(!SHARED_AVAILABLE)('mapAristaEapi: public eAPI samples', () => {
  it('napalm show interfaces and ANTA phy detail map without warnings', () => {
    const outputs = new Map<string, string>([
      ['show interfaces', readFileSync(sharedFixture('public/napalm-eos/test/eos/mocked_data/test_get_interfaces_counters/normal/show_interfaces.json'), 'utf8')],
      ['show interfaces phy detail', readFileSync(sharedFixture('public/arista-eapi-anta/VerifyInterfacesBER__success__show_interfaces_phy_detail.json'), 'utf8')],
    ]);
    const m = mapAristaEapi(outputs, 'sample');
    expect(m.errors.filter((e) => e.code === ErrorCodes.PARSE_UNMATCHED)).toEqual([]);
    expect(m.links.length).toBeGreaterThan(0);
    expect(m.links.every((l) => l.counters.carrier_changes !== undefined)).toBe(true);
  });
});
