import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Secret } from '../../core/secret.js';
import { RedfishClient, type RedfishTarget } from '../../transports/http/redfish.js';
import { opensslAvailable } from '../switch/eapi-server.js';
import { CSX_INTERFACES, CSX_METRIC_REPORTS, CSX_REPORT_NAMES, createCsxSystem, type CsxReportName, type CsxSystem } from './csx.js';
import { startRedfishSimulator, type RedfishSimulator } from './server.js';

const HAVE_OPENSSL = await opensslAvailable();
if (!HAVE_OPENSSL) console.warn('csx.test.ts: openssl CLI not found, the CS-X over Redfish tests are SKIPPED');

const T0 = Date.UTC(2025, 0, 15, 12, 0, 0);
const DATA_IF = /^.*DATA_NETWORK_IF_(\d+)$/;

interface MetricValue {
  MetricId: string;
  MetricProperty?: string;
  MetricValue: string;
  Timestamp: string;
}
interface Report {
  '@odata.id': string;
  '@odata.type': string;
  Id: string;
  Timestamp: string;
  MetricReportDefinition: { '@odata.id': string };
  MetricValues: MetricValue[];
}
interface Iface {
  Id: string;
  LinkStatus: string;
  MACAddress: string;
}

/** A controllable clock. */
function fakeClock(start = T0): { now: () => number; advance: (ms: number) => void } {
  let t = start;
  return { now: () => t, advance: (ms) => void (t += ms) };
}

/** Values by port index (0-based), read the way a client does: the digits after DATA_NETWORK_IF_, others skipped. */
function byPort(report: unknown): Map<number, bigint> {
  const out = new Map<number, bigint>();
  for (const v of (report as Report).MetricValues) {
    const m = DATA_IF.exec(v.MetricId);
    if (m) out.set(Number(m[1]) - 1, BigInt(v.MetricValue));
  }
  return out;
}

function value(sys: CsxSystem, name: CsxReportName, port: number): bigint {
  const v = byPort(sys.dynamic(`${CSX_METRIC_REPORTS}/NetworkInterface.${name}`)).get(port);
  if (v === undefined) throw new Error(`no ${name} for port ${port}`);
  return v;
}

describe('createCsxSystem', () => {
  it('serves the static tree: root, Systems, the system, EthernetInterfaces, TelemetryService, MetricReports', () => {
    const sys = createCsxSystem({ name: 'csx1', now: fakeClock().now });
    expect(sys.tree.get('/redfish/v1')).toMatchObject({ Systems: { '@odata.id': '/redfish/v1/Systems' }, TelemetryService: { '@odata.id': '/redfish/v1/TelemetryService' } });
    expect(sys.tree.get('/redfish/v1/Systems')).toMatchObject({ Members: [{ '@odata.id': '/redfish/v1/Systems/system' }] });
    expect(sys.tree.get('/redfish/v1/Systems/system')).toMatchObject({ Id: 'system', EthernetInterfaces: { '@odata.id': CSX_INTERFACES } });
    const ifaces = sys.tree.get(CSX_INTERFACES) as { Members: { '@odata.id': string }[]; 'Members@odata.count': number };
    expect(ifaces['Members@odata.count']).toBe(12);
    expect(ifaces.Members.map((m) => m['@odata.id'].split('/').pop())).toEqual(['N00', 'N01', 'N02', 'N03', 'N04', 'N05', 'N06', 'N07', 'N08', 'N09', 'N10', 'N11']);
    expect(sys.tree.get('/redfish/v1/TelemetryService')).toMatchObject({ MetricReports: { '@odata.id': CSX_METRIC_REPORTS } });
    const reports = sys.tree.get(CSX_METRIC_REPORTS) as { Members: { '@odata.id': string }[] };
    expect(reports.Members.map((m) => m['@odata.id'])).toEqual(CSX_REPORT_NAMES.map((n) => `${CSX_METRIC_REPORTS}/NetworkInterface.${n}`));
    expect(CSX_REPORT_NAMES).toHaveLength(17);
    // Interfaces and reports are computed at request time, not kept in the tree.
    expect(sys.tree.has(`${CSX_INTERFACES}/N00`)).toBe(false);
    expect(sys.dynamic(`${CSX_INTERFACES}/N12`)).toBeUndefined();
    expect(sys.dynamic('/redfish/v1/Systems')).toBeUndefined();
    expect(sys.dynamic(`${CSX_METRIC_REPORTS}/NetworkInterface.nonsense`)).toBeUndefined();
  });

  it('writes a Redfish MetricReport: one value per data port plus a management interface value', () => {
    const sys = createCsxSystem({ name: 'csx1', now: fakeClock().now });
    const r = sys.dynamic(`${CSX_METRIC_REPORTS}/NetworkInterface.rx_bytes`) as Report;
    expect(r).toMatchObject({
      '@odata.id': `${CSX_METRIC_REPORTS}/NetworkInterface.rx_bytes`,
      '@odata.type': '#MetricReport.v1_4_2.MetricReport',
      Id: 'NetworkInterface.rx_bytes',
      Timestamp: new Date(T0).toISOString(),
      MetricReportDefinition: { '@odata.id': '/redfish/v1/TelemetryService/MetricReportDefinitions/NetworkInterface.rx_bytes' },
    });
    expect(r.MetricValues).toHaveLength(13);
    const data = r.MetricValues.filter((v) => DATA_IF.test(v.MetricId));
    expect(data.map((v) => v.MetricId)).toEqual(Array.from({ length: 12 }, (_, i) => `NetworkInterface_rx_bytes_DATA_NETWORK_IF_${i + 1}`));
    const other = r.MetricValues.filter((v) => !DATA_IF.test(v.MetricId));
    expect(other.map((v) => v.MetricId)).toEqual(['NetworkInterface_rx_bytes_MGMT_IF_1']);
    for (const v of r.MetricValues) {
      expect(v.MetricValue).toMatch(/^\d+$/);
      expect(v.Timestamp).toBe(r.Timestamp);
      expect(typeof v.MetricProperty).toBe('string');
    }
    // Exact integers, also past 2^53.
    expect(data.some((v) => BigInt(v.MetricValue) > BigInt(Number.MAX_SAFE_INTEGER))).toBe(true);
    expect(data.map((v) => BigInt(v.MetricValue))).toEqual(sys.state.ports.map((p) => p.rxBytes));
  });

  it('is deterministic given the seed', () => {
    const a = createCsxSystem({ name: 'a', seed: 5, now: fakeClock().now });
    const b = createCsxSystem({ name: 'b', seed: 5, now: fakeClock().now });
    const c = createCsxSystem({ name: 'c', seed: 6, now: fakeClock().now });
    for (const n of CSX_REPORT_NAMES) expect(byPort(a.dynamic(`${CSX_METRIC_REPORTS}/NetworkInterface.${n}`))).toEqual(byPort(b.dynamic(`${CSX_METRIC_REPORTS}/NetworkInterface.${n}`)));
    expect(a.state.ports.map((p) => p.mac)).toEqual(b.state.ports.map((p) => p.mac));
    expect(new Set(a.state.ports.map((p) => p.mac)).size).toBe(12);
    expect(c.state.ports.map((p) => p.mac)).not.toEqual(a.state.ports.map((p) => p.mac));
    expect(c.state.ports.map((p) => p.rxBytes)).not.toEqual(a.state.ports.map((p) => p.rxBytes));
    expect(a.dynamic(`${CSX_INTERFACES}/N03`)).toMatchObject({ Id: 'N03', LinkStatus: 'LinkUp', MACAddress: a.state.ports[3]?.mac });
  });

  it('advances rx bytes at GB/s and corrected FEC at a few per second; other counters stay flat', () => {
    const clock = fakeClock();
    const sys = createCsxSystem({ name: 'csx1', seed: 3, now: clock.now });
    const before = sys.state;
    clock.advance(10_000);
    const after = sys.state;
    for (let i = 0; i < 12; i++) {
      const b = before.ports[i]!;
      const a = after.ports[i]!;
      const rate = a.metrics.rx_bytes_sec;
      expect(rate).toBeGreaterThanOrEqual(1_000_000_000n);
      expect(rate).toBeLessThanOrEqual(12_500_000_000n);
      expect(a.metrics.tx_bytes_sec).toBeGreaterThan(0n);
      expect(a.rxBytes - b.rxBytes).toBe(rate * 10n);
      const fec = a.fecCorrected - b.fecCorrected;
      expect(fec).toBeGreaterThanOrEqual(10n);
      expect(fec).toBeLessThanOrEqual(60n);
      // Far below one corrected error per KiB received: a healthy port has SOME, never MANY.
      expect(fec * 1024n).toBeLessThan(a.rxBytes - b.rxBytes);
      for (const n of CSX_REPORT_NAMES) {
        if (n === 'rx_bytes' || n === 'rx_fec_corr' || n === 'active_qps') continue;
        expect(a.metrics[n], `${n} of port ${i}`).toBe(b.metrics[n]);
      }
      expect(a.metrics.active_qps).toBeGreaterThan(0n);
    }
    // What a client reads is the state at that time.
    expect(value(sys, 'rx_bytes', 4)).toBe(sys.state.ports[4]?.rxBytes);
    // The clock never goes back.
    clock.advance(-5000);
    expect(sys.state.ports[0]?.rxBytes).toBe(after.ports[0]?.rxBytes);
  });

  it('applies flap, fec, fec_uncorrected, crc, down and up to exactly that port', () => {
    const clock = fakeClock();
    const sys = createCsxSystem({ name: 'csx1', now: clock.now });
    const before = sys.state;
    sys.apply({ kind: 'flap', port: 1, count: 3 });
    sys.apply({ kind: 'fec', port: 2, count: 5000 });
    sys.apply({ kind: 'fec_uncorrected', port: 3, count: 4 });
    sys.apply({ kind: 'crc', port: 4, count: 7 });
    sys.apply({ kind: 'flap', port: 5 });
    const after = sys.state;
    const delta = (i: number, n: CsxReportName): bigint => after.ports[i]!.metrics[n] - before.ports[i]!.metrics[n];
    expect(delta(1, 'link_flap_count')).toBe(3n);
    expect(delta(1, 'rx_local_link_flt')).toBe(3n);
    expect(delta(2, 'rx_fec_corr')).toBe(5000n);
    expect(delta(3, 'rx_fec_uncorr')).toBe(4n);
    expect(delta(4, 'rx_pkt_bad_fcs')).toBe(7n);
    expect(delta(5, 'link_flap_count')).toBe(1n);
    for (let i = 0; i < 12; i++) {
      if (i !== 1 && i !== 5) expect(delta(i, 'link_flap_count')).toBe(0n);
      if (i !== 2) expect(delta(i, 'rx_fec_corr')).toBe(0n); // no time passed
      if (i !== 3) expect(delta(i, 'rx_fec_uncorr')).toBe(0n);
      if (i !== 4) expect(delta(i, 'rx_pkt_bad_fcs')).toBe(0n);
    }

    sys.apply({ kind: 'down', port: 6 });
    expect(sys.dynamic(`${CSX_INTERFACES}/N06`)).toMatchObject({ LinkStatus: 'LinkDown' });
    expect(sys.dynamic(`${CSX_INTERFACES}/N07`)).toMatchObject({ LinkStatus: 'LinkUp' });
    const down = sys.state.ports[6]!;
    expect(down.linkUp).toBe(false);
    expect(down.flaps - before.ports[6]!.flaps).toBe(1n);
    clock.advance(5000);
    expect(sys.state.ports[6]!.rxBytes).toBe(down.rxBytes);
    expect(sys.state.ports[6]!.fecCorrected).toBe(down.fecCorrected);
    expect(value(sys, 'rx_bytes_sec', 6)).toBe(0n);
    expect(value(sys, 'active_qps', 6)).toBe(0n);
    expect(value(sys, 'rx_bytes_sec', 7)).toBeGreaterThan(0n);
    sys.apply({ kind: 'down', port: 6 }); // already down: nothing changes
    expect(sys.state.ports[6]!.flaps).toBe(down.flaps);
    sys.apply({ kind: 'up', port: 6 });
    clock.advance(1000);
    const up = sys.state.ports[6]!;
    expect(up.linkUp).toBe(true);
    expect(up.flaps).toBe(down.flaps);
    expect(up.rxBytes - down.rxBytes).toBe(up.metrics.rx_bytes_sec);

    expect(() => sys.apply({ kind: 'crc', port: 12, count: 1 })).toThrow(/no port index 12/);
  });
});

describe.skipIf(!HAVE_OPENSSL)('CS-X systems in the Redfish simulator, read with RedfishClient (needs openssl)', () => {
  const PASSWORD = 'Csx-Sim-pw-4e1d';
  const A = '127.3.50.1';
  const B = '127.3.50.2';
  const clock = fakeClock();
  // System A runs on a controllable clock (exact comparisons), B on the real one.
  const a = createCsxSystem({ name: 'csx1', seed: 1, now: clock.now });
  const b = createCsxSystem({ name: 'csx2', seed: 2 });
  let sim: RedfishSimulator;
  const client = new RedfishClient({ retryBaseMs: 20 });
  const target = (address: string): RedfishTarget => ({
    id: address,
    baseUrl: `https://${address}:${sim.port}`,
    user: 'admin',
    password: new Secret(PASSWORD),
    caFile: sim.caFile,
  });
  const opts = { timeoutMs: 10_000 };
  const read = async (address: string, name: CsxReportName): Promise<Map<number, bigint>> =>
    byPort(await client.get(target(address), `${CSX_METRIC_REPORTS}/NetworkInterface.${name}`, opts));

  beforeAll(async () => {
    sim = await startRedfishSimulator({
      bmcs: [
        { address: A, password: PASSWORD, tree: a.tree, dynamic: (p) => a.dynamic(p) },
        { address: B, password: PASSWORD, tree: b.tree, dynamic: (p) => b.dynamic(p) },
      ],
      port: 0,
    });
  });

  afterAll(async () => {
    await client.close();
    await sim?.stop();
  });

  it('lists 12 interfaces with LinkStatus and MAC, and the 17 reports', async () => {
    for (const [address, sys] of [[A, a], [B, b]] as const) {
      const ifaces = await client.getAll<Iface>(target(address), CSX_INTERFACES, opts);
      expect(ifaces.map((i) => i.Id)).toEqual(sys.state.ports.map((p) => p.id));
      expect(ifaces.map((i) => i.MACAddress)).toEqual(sys.state.ports.map((p) => p.mac));
      expect(ifaces.every((i) => i.LinkStatus === 'LinkUp')).toBe(true);
      const reports = await client.getAll<Report>(target(address), CSX_METRIC_REPORTS, opts);
      expect(reports.map((r) => r.Id)).toEqual(CSX_REPORT_NAMES.map((n) => `NetworkInterface.${n}`));
      for (const r of reports) {
        expect(r.MetricValues.some((v) => v.MetricId.endsWith('_MGMT_IF_1') && !DATA_IF.test(v.MetricId))).toBe(true);
        expect([...byPort(r).keys()]).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
      }
    }
    // The two systems are different systems.
    expect(a.state.ports[0]?.mac).not.toBe(b.state.ports[0]?.mac);
  });

  it('counters advance between two reads', async () => {
    const first = await read(A, 'rx_bytes');
    const firstB = await read(B, 'rx_bytes');
    clock.advance(2000);
    await new Promise((r) => setTimeout(r, 50));
    const second = await read(A, 'rx_bytes');
    const secondB = await read(B, 'rx_bytes');
    for (let i = 0; i < 12; i++) {
      expect(second.get(i)! - first.get(i)!).toBe(a.state.ports[i]!.metrics.rx_bytes_sec * 2n);
      expect(secondB.get(i)!).toBeGreaterThan(firstB.get(i)!);
    }
    expect(second).toEqual(new Map(a.state.ports.map((p) => [p.index, p.rxBytes])));
  });

  it('shows an injected flap, FEC, CRC and port down on exactly that port of that system', async () => {
    const names: CsxReportName[] = ['link_flap_count', 'rx_fec_corr', 'rx_fec_uncorr', 'rx_pkt_bad_fcs'];
    const snapshot = async (address: string): Promise<Map<CsxReportName, Map<number, bigint>>> =>
      new Map(await Promise.all(names.map(async (n) => [n, await read(address, n)] as const)));
    const beforeA = await snapshot(A);
    const beforeB = await snapshot(B);
    a.apply({ kind: 'flap', port: 2, count: 2 });
    a.apply({ kind: 'fec', port: 5, count: 100_000 });
    a.apply({ kind: 'fec_uncorrected', port: 7, count: 3 });
    a.apply({ kind: 'crc', port: 9, count: 11 });
    a.apply({ kind: 'down', port: 11 });
    const afterA = await snapshot(A);
    const afterB = await snapshot(B);
    const expected = new Map<string, bigint>([
      ['link_flap_count/2', 2n],
      ['rx_fec_corr/5', 100_000n],
      ['rx_fec_uncorr/7', 3n],
      ['rx_pkt_bad_fcs/9', 11n],
      ['link_flap_count/11', 1n],
    ]);
    for (const n of names) {
      for (let i = 0; i < 12; i++) {
        expect(afterA.get(n)!.get(i)! - beforeA.get(n)!.get(i)!, `${n} port ${i}`).toBe(expected.get(`${n}/${i}`) ?? 0n);
        // The other system sees none of it (its corrected FEC grows with time only).
        if (n !== 'rx_fec_corr') expect(afterB.get(n)!.get(i), `csx2 ${n} port ${i}`).toBe(beforeB.get(n)!.get(i));
      }
    }
    expect(afterB.get('rx_fec_corr')!.get(5)! - beforeB.get('rx_fec_corr')!.get(5)!).toBeLessThan(1000n);
    // What the client read is the system's state.
    const st = a.state.ports;
    expect(afterA.get('link_flap_count')).toEqual(new Map(st.map((p) => [p.index, p.flaps])));
    expect(afterA.get('rx_fec_corr')).toEqual(new Map(st.map((p) => [p.index, p.fecCorrected])));
    expect(afterA.get('rx_fec_uncorr')).toEqual(new Map(st.map((p) => [p.index, p.fecUncorrected])));
    expect(afterA.get('rx_pkt_bad_fcs')).toEqual(new Map(st.map((p) => [p.index, p.badFcs])));

    const ifaces = await client.getAll<Iface>(target(A), CSX_INTERFACES, opts);
    expect(ifaces.filter((i) => i.LinkStatus !== 'LinkUp').map((i) => [i.Id, i.LinkStatus])).toEqual([['N11', 'LinkDown']]);
    const rx1 = await read(A, 'rx_bytes');
    clock.advance(3000);
    const rx2 = await read(A, 'rx_bytes');
    expect(rx2.get(11)).toBe(rx1.get(11));
    expect(rx2.get(10)! - rx1.get(10)!).toBeGreaterThan(0n);
    expect((await read(A, 'rx_bytes_sec')).get(11)).toBe(0n);
    const ifacesB = await client.getAll<Iface>(target(B), CSX_INTERFACES, opts);
    expect(ifacesB.every((i) => i.LinkStatus === 'LinkUp')).toBe(true);
  });
});
