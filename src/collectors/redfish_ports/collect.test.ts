import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SHARED_AVAILABLE, sharedFixture } from '../../../test/helpers/shared-fixtures.js';
import { ErrorCodes, LinkmonError } from '../../core/errors.js';
import type { LinkObservation } from '../../core/link.js';
import { Secret } from '../../core/secret.js';
import { loadMockupTree, startRedfishSimulator, type RedfishSimulator, type RedfishTree } from '../../sim/redfish/server.js';
import { opensslAvailable } from '../../sim/switch/eapi-server.js';
import { parseExposition, renderExposition } from '../../sinks/prometheus/exposition.js';
import { linkFamilies } from '../../sinks/prometheus/link-families.js';
import { RedfishClient, type RedfishClientOptions, type RedfishRequestOptions, type RedfishTarget } from '../../transports/http/redfish.js';
import { collectRedfishPorts } from './collect.js';

const HAVE_OPENSSL = await opensslAvailable();
if (!HAVE_OPENSSL) console.warn('redfish_ports/collect.test.ts: openssl CLI not found, these tests are SKIPPED');

const PASSWORD = 'p0rts-Redf1sh';
const ACD = '127.3.40.1'; // DMTF public-acd mockup
const FAULTY = '127.3.40.2'; // public-acd, faults injected
const RACKMOUNT = '127.3.40.3'; // DMTF public-rackmount1 mockup
const TWIN = '127.3.40.4'; // public-acd with a second chassis holding the same adapters
const MINI = '127.3.40.5'; // written here: NetworkPorts, EnvironmentMetrics, a linked EthernetInterface, a dangling member

const A = '/redfish/v1/Chassis/1U/NetworkAdapters';
/**
 * The ports the public-acd mockup links: its Slot1 Ports collection lists SC2KP2 only, and Slot2's
 * `Ports` link points at Slot1's collection (read once), so SC2KP1 and SCFCP1 are not reachable.
 */
const ACD_PORTS = [
  'Slot1/SC2KP2',
  'Slot3/CSP_P1',
  'Slot3/CSP_P2',
  'Slot3/CSP_P3',
  'Slot3/CSP_P4',
  'Slot4/AG_P1',
  'Slot4/PHY_P1',
  'Slot4/PHY_P2',
  'Slot4/PHY_P3',
  'Slot4/PHY_P4',
];
const ACD_IFACES = ['437XR1138R2/SC2KP2F0', '437XR1138R2/SC2KP1F0'];

/** A copy of the tree with a second chassis `2U` holding the same NetworkAdapters as `1U`. */
function withTwinChassis(tree: RedfishTree): RedfishTree {
  const out: RedfishTree = new Map(tree);
  for (const [p, body] of tree) {
    if (p === '/redfish/v1/Chassis/1U' || p.startsWith('/redfish/v1/Chassis/1U/NetworkAdapters')) {
      out.set(p.replace('/Chassis/1U', '/Chassis/2U'), JSON.parse(JSON.stringify(body).split('/redfish/v1/Chassis/1U').join('/redfish/v1/Chassis/2U')) as unknown);
    }
  }
  const chassis = tree.get('/redfish/v1/Chassis') as { Members: unknown[] };
  out.set('/redfish/v1/Chassis', { ...chassis, Members: [...chassis.Members, { '@odata.id': '/redfish/v1/Chassis/2U' }] });
  return out;
}

function coll(p: string, members: readonly string[]): unknown {
  return { '@odata.id': p, Members: members.map((m) => ({ '@odata.id': m })), 'Members@odata.count': members.length };
}

/** A small service written for these tests. */
function miniTree(): RedfishTree {
  const c = '/redfish/v1/Chassis/Enc1';
  const a1 = `${c}/NetworkAdapters/NIC1`;
  const a2 = `${c}/NetworkAdapters/NIC.Slot.2`;
  const s = '/redfish/v1/Systems/Node1';
  return new Map<string, unknown>([
    ['/redfish/v1', { '@odata.id': '/redfish/v1', Chassis: { '@odata.id': '/redfish/v1/Chassis' }, Systems: { '@odata.id': '/redfish/v1/Systems' } }],
    ['/redfish/v1/Chassis', coll('/redfish/v1/Chassis', [c, '/redfish/v1/Chassis/NoAdapters'])],
    [c, { Id: 'Enc1', NetworkAdapters: { '@odata.id': `${c}/NetworkAdapters` } }],
    ['/redfish/v1/Chassis/NoAdapters', { Id: 'NoAdapters' }],
    [`${c}/NetworkAdapters`, coll(`${c}/NetworkAdapters`, [a1, a2])],
    [a1, { Id: 'NIC1', Model: 'Dual 100G', Controllers: [{ FirmwarePackageVersion: '22.41.1000' }], Ports: { '@odata.id': `${a1}/Ports` } }],
    [`${a1}/Ports`, coll(`${a1}/Ports`, [`${a1}/Ports/P1`, `${a1}/Ports/P9`])],
    [
      `${a1}/Ports/P1`,
      {
        Id: 'P1',
        LinkStatus: 'LinkUp',
        CurrentSpeedGbps: 100,
        LinkTransitionIndicator: 6,
        SFP: { Type: 'QSFP28', Manufacturer: 'Contoso', SerialNumber: 'SN1' },
        Metrics: { '@odata.id': `${a1}/Ports/P1/Stats` },
        EnvironmentMetrics: { '@odata.id': `${a1}/Ports/P1/EnvironmentMetrics` },
        Links: { EthernetInterfaces: [{ '@odata.id': `${s}/EthernetInterfaces/eth0` }] },
      },
    ],
    [`${a1}/Ports/P1/Stats`, { RXBytes: 1000, Networking: { RXFCSErrors: 3 }, Transceivers: [{ RXInputPowerMilliWatts: 0.8 }] }],
    [`${a1}/Ports/P1/EnvironmentMetrics`, { TemperatureCelsius: { Reading: 38.5 } }],
    [a2, { Id: 'NIC.Slot.2', NetworkPorts: { '@odata.id': `${a2}/NetworkPorts` } }],
    [`${a2}/NetworkPorts`, coll(`${a2}/NetworkPorts`, [`${a2}/NetworkPorts/NIC.Slot.2-1`])],
    [`${a2}/NetworkPorts/NIC.Slot.2-1`, { Id: 'NIC.Slot.2-1', LinkStatus: 'Down', CurrentLinkSpeedMbps: 0, AssociatedNetworkAddresses: ['B0:26:28:00:00:01'] }],
    ['/redfish/v1/Systems', coll('/redfish/v1/Systems', [s])],
    [s, { Id: 'Node1', EthernetInterfaces: { '@odata.id': `${s}/EthernetInterfaces` } }],
    [`${s}/EthernetInterfaces`, coll(`${s}/EthernetInterfaces`, [`${s}/EthernetInterfaces/eth0`])],
    [`${s}/EthernetInterfaces/eth0`, { Id: 'eth0', MACAddress: 'B8:3F:D2:00:00:AA', LinkStatus: 'LinkUp', SpeedMbps: 100000 }],
  ]);
}

/**
 * A client whose GETs of one path are answered 500 by the simulator (every attempt, retries
 * included), while every other path is served normally: the failing GET runs alone, with the
 * simulator's `status500Times` armed for exactly its attempts.
 */
class OnePathAnswers500 extends RedfishClient {
  #inflight = 0;
  #idle: (() => void)[] = [];
  #exclusive: Promise<void> | undefined;

  constructor(
    private readonly failPath: string,
    private readonly arm: () => void,
    opts: RedfishClientOptions,
  ) {
    super(opts);
  }

  override async get<T = unknown>(target: RedfishTarget, path: string, opts: RedfishRequestOptions): Promise<T | undefined> {
    if (path === this.failPath) {
      let release = (): void => undefined;
      this.#exclusive = new Promise<void>((r) => (release = r));
      try {
        while (this.#inflight > 0) await new Promise<void>((r) => this.#idle.push(r));
        this.arm();
        return await super.get<T>(target, path, opts);
      } finally {
        this.#exclusive = undefined;
        release();
      }
    }
    while (this.#exclusive) await this.#exclusive;
    this.#inflight++;
    try {
      return await super.get<T>(target, path, opts);
    } finally {
      this.#inflight--;
      if (this.#inflight === 0) for (const r of this.#idle.splice(0)) r();
    }
  }
}

function byPort(links: readonly LinkObservation[]): Map<string, LinkObservation> {
  return new Map(links.map((l) => [l.port, l]));
}

describe.skipIf(!HAVE_OPENSSL || !SHARED_AVAILABLE)('redfish_ports collector over HTTPS (needs openssl and ../shared/fixtures)', () => {
  let sim: RedfishSimulator;
  const clients: RedfishClient[] = [];
  const client = (opts: RedfishClientOptions = {}): RedfishClient => {
    const c = new RedfishClient({ retryBaseMs: 10, ...opts });
    clients.push(c);
    return c;
  };
  const target = (address: string): RedfishTarget => ({
    id: `bmc-${address}`,
    baseUrl: `https://${address}:${sim.port}`,
    user: 'root',
    password: new Secret(PASSWORD),
    caFile: sim.caFile,
  });

  beforeAll(async () => {
    const acd = await loadMockupTree(sharedFixture('public/redfish-mockups/public-acd'));
    sim = await startRedfishSimulator({
      bmcs: [
        { address: ACD, password: PASSWORD, tree: acd },
        { address: FAULTY, password: PASSWORD, tree: acd },
        { address: RACKMOUNT, password: PASSWORD, tree: await loadMockupTree(sharedFixture('public/redfish-mockups/public-rackmount1')) },
        { address: TWIN, password: PASSWORD, tree: withTwinChassis(acd) },
        { address: MINI, password: PASSWORD, tree: miniTree() },
      ],
      port: 0,
    });
  });

  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await sim?.stop();
  });

  beforeEach(() => {
    if (sim) sim.setFaults(FAULTY, {});
  });

  it('public-acd: every port of every adapter and every EthernetInterface, mapped', async () => {
    const res = await collectRedfishPorts(client(), target(ACD), { timeoutMs: 10_000 });
    expect(res.errors).toEqual([]);
    expect(res.links.map((l) => l.port)).toEqual([...ACD_PORTS, ...ACD_IFACES]);
    const links = byPort(res.links);

    const p = links.get('Slot1/SC2KP2');
    expect(p?.counters).toMatchObject({ rx_bytes: 567027413n, tx_bytes: 6620140961n, rx_discards: 498455n, rx_crc_errors: 0n });
    expect(p).toMatchObject({ speedMbps: 25000, operState: 'up', carrier: true });
    expect(p?.optics?.lanes).toEqual([{ lane: 1, txBiasMa: 49.01, txPowerMw: 1.263, rxPowerMw: 0.06 }]);
    expect(p?.info).toMatchObject({
      firmware_version: '8.11.0',
      'redfish.uri': `${A}/Slot1/Ports/SC2KP2`,
      'redfish.chassis': '1U',
      'redfish.adapter': 'Slot1',
      'redfish.NetworkAdapter.Model': 'Contoso SuperC 2000 25Gb 2p Adapter',
    });
    // The port does not link its Metrics; they are read at the usual place.
    expect(sim.get(ACD).paths).toContain(`${A}/Slot1/Ports/SC2KP2/Metrics`);
    // Slot1's Ports collection, linked from Slot1 and Slot2, is read once, and so are its ports.
    expect(sim.get(ACD).paths.filter((p) => p === `${A}/Slot1/Ports`)).toHaveLength(1);
    expect(sim.get(ACD).paths.filter((p) => p === `${A}/Slot1/Ports/SC2KP2`)).toHaveLength(1);
    expect(sim.get(ACD).paths).toHaveLength(36);

    expect(links.get('Slot3/CSP_P2')?.optics?.lanes.map((l) => l.lane)).toEqual([5, 6, 7, 8]);
    expect(links.get('Slot4/PHY_P3')?.counters.rx_bytes).toBe(18253611520n);
    expect(links.get('437XR1138R2/SC2KP1F0')).toMatchObject({ mac: '9c:dc:71:c3:bb:0b', operState: 'up', speedMbps: 1000 });

    // And as the Prometheus series of the device.
    const samples = parseExposition(renderExposition(linkFamilies('nic-host', res.links)));
    const value = (name: string, labels: Record<string, string>): number | undefined =>
      samples.find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))?.value;
    expect(value('linkmon_link_rx_bytes_total', { device: 'nic-host', port: 'Slot1/SC2KP2' })).toBe(567027413);
    expect(value('linkmon_link_rx_discards_total', { port: 'Slot1/SC2KP2' })).toBe(498455);
    expect(value('linkmon_link_up', { port: 'Slot1/SC2KP2' })).toBe(1);
    expect(value('linkmon_link_speed_bytes_per_second', { port: 'Slot4/AG_P1' })).toBe(12_500_000_000);
    expect(value('linkmon_link_optic_rx_power_watts', { port: 'Slot3/CSP_P1', lane: '4' })).toBe(0.00003);
  });

  it('GETs run concurrently, never more than the client allows', async () => {
    sim.setFaults(FAULTY, { delayMs: 20 });
    const stats = sim.get(FAULTY).stats;
    stats.maxInFlight = 0;
    const res = await collectRedfishPorts(client(), target(FAULTY), { timeoutMs: 10_000 });
    expect(res.links).toHaveLength(ACD_PORTS.length + ACD_IFACES.length);
    expect(stats.maxInFlight).toBeGreaterThan(1);
    expect(stats.maxInFlight).toBeLessThanOrEqual(4);
  });

  it('collections answered in pages are followed', async () => {
    sim.setFaults(FAULTY, { pageSize: 1 });
    const res = await collectRedfishPorts(client(), target(FAULTY), { timeoutMs: 10_000 });
    expect(res.errors).toEqual([]);
    expect(res.links.map((l) => l.port)).toEqual([...ACD_PORTS, ...ACD_IFACES]);
  });

  it('a Metrics resource that does not exist (404): the port is still reported, without counters, and no error', async () => {
    sim.setFaults(FAULTY, { status404For: [`${A}/Slot3/Ports/CSP_P1/Metrics`] });
    const res = await collectRedfishPorts(client(), target(FAULTY), { timeoutMs: 10_000 });
    expect(res.errors).toEqual([]);
    const p = byPort(res.links).get('Slot3/CSP_P1');
    expect(p).toMatchObject({ operState: 'up', speedMbps: 25000, counters: {} });
    expect(p?.optics).toBeUndefined();
    expect(byPort(res.links).get('Slot3/CSP_P2')?.counters.rx_bytes).toBe(567027413n);
  });

  it('a port answered 500 (after the retries): that error is reported, every other port is there', async () => {
    const failing = `${A}/Slot3/Ports/CSP_P2`;
    const c = new OnePathAnswers500(failing, () => sim.setFaults(FAULTY, { status500Times: 3 }), { retryBaseMs: 10, maxRetries: 2 });
    clients.push(c);
    const res = await collectRedfishPorts(c, target(FAULTY), { timeoutMs: 10_000 });
    expect(res.errors.map((e) => e.code)).toEqual([ErrorCodes.REDFISH_HTTP]);
    expect(res.errors[0]?.message).toContain(failing);
    expect(res.errors[0]?.message).toContain('HTTP 500');
    expect(res.errors[0]?.severity).toBe('error');
    expect(res.errors[0]?.target).toBe(`bmc-${FAULTY}`);
    expect(res.links.map((l) => l.port)).toEqual([...ACD_PORTS.filter((p) => p !== 'Slot3/CSP_P2'), ...ACD_IFACES]);
  });

  it('malformed JSON on one Metrics resource: REDFISH_BAD_RESPONSE, the port without counters, the rest kept', async () => {
    sim.setFaults(FAULTY, { malformedJson: [`${A}/Slot4/Ports/PHY_P2/Metrics`] });
    const res = await collectRedfishPorts(client(), target(FAULTY), { timeoutMs: 10_000 });
    expect(res.errors.map((e) => e.code)).toEqual([ErrorCodes.REDFISH_BAD_RESPONSE]);
    expect(res.links.map((l) => l.port)).toEqual([...ACD_PORTS, ...ACD_IFACES]);
    const links = byPort(res.links);
    expect(links.get('Slot4/PHY_P2')?.counters).toEqual({});
    expect(links.get('Slot4/PHY_P3')?.counters.rx_bytes).toBe(18253611520n);
  });

  it('malformed JSON on one Ports collection: that adapter has no ports, the others do', async () => {
    sim.setFaults(FAULTY, { malformedJson: [`${A}/Slot3/Ports`] });
    const res = await collectRedfishPorts(client(), target(FAULTY), { timeoutMs: 10_000 });
    expect(res.errors.map((e) => e.code)).toEqual([ErrorCodes.REDFISH_BAD_RESPONSE]);
    expect(res.links.map((l) => l.port)).toEqual([...ACD_PORTS.filter((p) => !p.startsWith('Slot3/')), ...ACD_IFACES]);
  });

  it('an EthernetInterfaces collection that does not exist (404) is no error; the ports are kept', async () => {
    sim.setFaults(FAULTY, { status404For: ['/redfish/v1/Systems/437XR1138R2/EthernetInterfaces'] });
    const res = await collectRedfishPorts(client(), target(FAULTY), { timeoutMs: 10_000 });
    expect(res.errors).toEqual([]);
    expect(res.links.map((l) => l.port)).toEqual(ACD_PORTS);
  });

  it('a service root that fails throws: the device did not answer Redfish', async () => {
    sim.setFaults(FAULTY, { status500Times: 10 });
    const err = await collectRedfishPorts(client({ maxRetries: 1 }), target(FAULTY), { timeoutMs: 10_000 }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(LinkmonError);
    expect((err as LinkmonError).code).toBe(ErrorCodes.REDFISH_HTTP);
    expect((err as LinkmonError).target).toBe(`bmc-${FAULTY}`);

    sim.setFaults(FAULTY, { hang: true });
    const started = Date.now();
    const hung = await collectRedfishPorts(client(), target(FAULTY), { timeoutMs: 300 }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect((hung as LinkmonError).code).toBe(ErrorCodes.REDFISH_TIMEOUT);
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('the deadline is the whole walk: it ends on time, with timeout errors instead of a throw', async () => {
    sim.setFaults(FAULTY, { delayMs: 150 });
    const started = Date.now();
    const res = await collectRedfishPorts(client(), target(FAULTY), { timeoutMs: 700 });
    expect(Date.now() - started).toBeLessThan(2000);
    expect(res.errors.length).toBeGreaterThan(0);
    expect(new Set(res.errors.map((e) => e.code))).toEqual(new Set([ErrorCodes.REDFISH_TIMEOUT]));
    expect(res.links.length).toBeLessThan(ACD_PORTS.length + ACD_IFACES.length);
  });

  it('public-rackmount1: EthernetInterfaces named <system>/<interface>, no adapters', async () => {
    const res = await collectRedfishPorts(client(), target(RACKMOUNT), { timeoutMs: 10_000 });
    expect(res.errors).toEqual([]);
    expect(res.links.map((l) => l.port)).toEqual(['437XR1138R2/12446A3B0411', '437XR1138R2/12446A3B8890', '437XR1138R2/VLAN1', '437XR1138R2/ToManager']);
    expect(byPort(res.links).get('437XR1138R2/12446A3B0411')).toMatchObject({ mac: '12:44:6a:3b:04:11', speedMbps: 1000, operState: 'up', description: 'System NIC 1' });
    expect(byPort(res.links).get('437XR1138R2/VLAN1')?.info).toMatchObject({ 'redfish.EthernetInterfaceType': 'Virtual', 'redfish.VLAN.VLANId': '1000', 'redfish.system': '437XR1138R2' });
  });

  it('two chassis with the same adapter and port names: those names get the chassis in front', async () => {
    const res = await collectRedfishPorts(client(), target(TWIN), { timeoutMs: 10_000 });
    expect(res.errors).toEqual([]);
    expect(res.links.map((l) => l.port)).toEqual([...ACD_PORTS.map((p) => `1U/${p}`), ...ACD_PORTS.map((p) => `2U/${p}`), ...ACD_IFACES]);
    expect(byPort(res.links).get('2U/Slot1/SC2KP2')?.info['redfish.uri']).toBe('/redfish/v1/Chassis/2U/NetworkAdapters/Slot1/Ports/SC2KP2');
  });

  it('NetworkPorts, EnvironmentMetrics, a MAC from the linked EthernetInterface, a member that does not exist', async () => {
    const res = await collectRedfishPorts(client(), target(MINI), { timeoutMs: 10_000 });
    expect(res.links.map((l) => l.port)).toEqual(['NIC1/P1', 'NIC.Slot.2/NIC.Slot.2-1', 'Node1/eth0']);
    expect(res.errors.map((e) => [e.code, e.severity])).toEqual([[ErrorCodes.REDFISH_NOT_FOUND, 'warning']]);
    expect(res.errors[0]?.message).toContain('/redfish/v1/Chassis/Enc1/NetworkAdapters/NIC1/Ports/P9');
    const links = byPort(res.links);
    expect(links.get('NIC1/P1')).toMatchObject({
      mac: 'b8:3f:d2:00:00:aa',
      speedMbps: 100000,
      counters: { rx_bytes: 1000n, rx_crc_errors: 3n, carrier_changes: 6n },
      optics: { identifier: 'QSFP28', vendor: 'Contoso', serial: 'SN1', temperatureC: 38.5, lanes: [{ lane: 1, rxPowerMw: 0.8 }] },
      info: { firmware_version: '22.41.1000' },
    });
    expect(links.get('NIC.Slot.2/NIC.Slot.2-1')).toMatchObject({ operState: 'down', carrier: false, mac: 'b0:26:28:00:00:01', counters: {} });
    // No Metrics are guessed for a NetworkPort.
    expect(sim.get(MINI).paths.some((p) => p.includes('NetworkPorts/NIC.Slot.2-1/Metrics'))).toBe(false);
  });
});
