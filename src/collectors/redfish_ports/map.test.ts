import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SHARED_AVAILABLE, sharedFixture } from '../../../test/helpers/shared-fixtures.js';
import { adapterInfo, mapEthernetInterface, mapRedfishPort, normalizeMac, withEnvironmentMetrics } from './map.js';

const ACD = sharedFixture('public/redfish-mockups/public-acd');
const RACKMOUNT = sharedFixture('public/redfish-mockups/public-rackmount1');
const ADAPTERS = path.join(ACD, 'Chassis/1U/NetworkAdapters');

function read(dir: string, rel: string): unknown {
  return JSON.parse(readFileSync(path.join(dir, rel, 'index.json'), 'utf8')) as unknown;
}

/** Every integer leaf of a parsed JSON value, by property path (`A.B`, arrays `A[0].B`). */
function integerLeaves(v: unknown, p = ''): [string, number][] {
  if (typeof v === 'number') return Number.isInteger(v) ? [[p, v]] : [];
  if (Array.isArray(v)) return v.flatMap((x, i) => integerLeaves(x, `${p}[${i}]`));
  if (typeof v === 'object' && v !== null) {
    return Object.entries(v).flatMap(([k, x]) => (k.includes('@') ? [] : integerLeaves(x, p === '' ? k : `${p}.${k}`)));
  }
  return [];
}

describe.skipIf(!SHARED_AVAILABLE)('mapRedfishPort on the DMTF public-acd mockup (needs ../shared/fixtures)', () => {
  it('Slot1/SC2KP1: PortMetrics counters, speed, state and optics land in the normalized fields', () => {
    const l = mapRedfishPort(read(ADAPTERS, 'Slot1/Ports/SC2KP1'), read(ADAPTERS, 'Slot1/Ports/SC2KP1/Metrics'), 'Slot1/SC2KP1');
    expect(l.port).toBe('Slot1/SC2KP1');
    expect(l.counters).toEqual({
      rx_bytes: 567027413n,
      tx_bytes: 6620140961n,
      rx_errors: 0n,
      tx_errors: 0n,
      rx_packets: 3356710n,
      tx_packets: 14358417n,
      rx_crc_errors: 0n,
      rx_alignment_errors: 0n,
      rx_runts: 0n,
      rx_discards: 498455n,
      tx_discards: 0n,
      rx_pfc_frames: 0n,
      tx_pfc_frames: 0n,
    });
    expect(l.laneCounters).toEqual({});
    expect(l.speedMbps).toBe(25000);
    expect(l.maxSpeedMbps).toBe(50000);
    expect(l.operState).toBe('up');
    expect(l.carrier).toBe(true);
    expect(l.mac).toBeUndefined();
    expect(l.optics).toEqual({ voltageV: 4.21, lanes: [{ lane: 1, txBiasMa: 49.01, txPowerMw: 1.263, rxPowerMw: 0.06 }] });
    expect(l.raw.get('redfish.RXBytes')).toBe(567027413n);
    expect(l.raw.get('redfish.Networking.RXDiscards')).toBe(498455n);
    expect(l.raw.get('redfish.Networking.RXFCSErrors')).toBe(0n);
    expect(l.raw.get('redfish.Networking.RXUnicastFrames')).toBe(3354717n);
    expect(l.raw.get('redfish.Networking.RDMATXWriteRequests')).toBe(0n);
    expect(l.info).toMatchObject({
      link_status: 'LinkUp',
      'redfish.LinkState': 'Enabled',
      'redfish.PortType': 'UpstreamPort',
      'redfish.PortMedium': 'Electrical',
      'redfish.LinkNetworkTechnology': 'Ethernet',
      'redfish.MaxFrameSize': '4096',
      'redfish.Ethernet.FlowControlStatus': 'TX_RX',
      'redfish.Ethernet.FlowControlConfiguration': 'TX_RX',
      'redfish.LinkConfiguration[0].CapableLinkSpeedGbps': '25,50',
    });
    // Normalized facts are not repeated under their Redfish name.
    expect(l.info['redfish.LinkStatus']).toBeUndefined();
    expect(l.info['redfish.CurrentSpeedGbps']).toBeUndefined();
  });

  it('Slot2/SCFCP1 (Fibre Channel, link down): LinkTransitionIndicator is carrier_changes', () => {
    const l = mapRedfishPort(read(ADAPTERS, 'Slot2/Ports/SCFCP1'), read(ADAPTERS, 'Slot2/Ports/SCFCP1/Metrics'), 'Slot2/SCFCP1');
    expect(l.operState).toBe('down');
    expect(l.carrier).toBe(false);
    expect(l.counters.carrier_changes).toBe(0n);
    expect(l.raw.get('redfish.LinkTransitionIndicator')).toBe(0n);
    expect(l.speedMbps).toBe(32000);
    expect(l.description).toBe('32Gbps Fibre Channel Port');
    expect(l.info).toMatchObject({ 'redfish.PortProtocol': 'FC', 'redfish.FibreChannel.FabricName': 'ContosoFabric', 'redfish.SignalDetected': 'true', 'redfish.Width': '1' });
  });

  it('Slot3/CSP_P1 and CSP_P2: per-lane transceiver readings by LaneId, the aggregates kept as facts', () => {
    const p1 = mapRedfishPort(read(ADAPTERS, 'Slot3/Ports/CSP_P1'), read(ADAPTERS, 'Slot3/Ports/CSP_P1/Metrics'), 'Slot3/CSP_P1');
    expect(p1.optics?.voltageV).toBe(4.21);
    expect(p1.optics?.lanes).toEqual([1, 2, 3, 4].map((lane) => ({ lane, txBiasMa: 24.51, txPowerMw: 0.632, rxPowerMw: 0.03 })));
    expect(p1.info).toMatchObject({
      'redfish.Transceivers[0].RXInputPowerMilliWatts': '0.06',
      'redfish.Transceivers[0].TXBiasCurrentMilliAmps': '49.01',
      'redfish.Transceivers[0].TXOutputPowerMilliWatts': '1.263',
      'redfish.IsSplit': 'true',
      'redfish.FirstLane': '1',
    });
    const p2 = mapRedfishPort(read(ADAPTERS, 'Slot3/Ports/CSP_P2'), read(ADAPTERS, 'Slot3/Ports/CSP_P2/Metrics'), 'Slot3/CSP_P2');
    expect(p2.optics?.lanes.map((l) => l.lane)).toEqual([5, 6, 7, 8]);
  });

  it('every integer of every PortMetrics resource is kept in raw (nothing dropped silently)', () => {
    let checked = 0;
    for (const slot of readdirSync(ADAPTERS, { withFileTypes: true }).filter((d) => d.isDirectory())) {
      const portsDir = path.join(ADAPTERS, slot.name, 'Ports');
      for (const port of readdirSync(portsDir, { withFileTypes: true }).filter((d) => d.isDirectory())) {
        const metrics = read(portsDir, path.join(port.name, 'Metrics'));
        const l = mapRedfishPort(read(portsDir, port.name), metrics, `${slot.name}/${port.name}`);
        for (const [p, v] of integerLeaves(metrics)) {
          if (p.startsWith('Transceivers')) continue; // readings: optics
          expect(l.raw.get(`redfish.${p}`), `${slot.name}/${port.name} ${p}`).toBe(BigInt(v));
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(100);
  });

  it('Slot4/PHY_P1: counters beyond 2^32, no transceiver', () => {
    const l = mapRedfishPort(read(ADAPTERS, 'Slot4/Ports/PHY_P1'), read(ADAPTERS, 'Slot4/Ports/PHY_P1/Metrics'), 'Slot4/PHY_P1');
    expect(l.counters).toMatchObject({ rx_bytes: 15728640000n, tx_bytes: 10485760000n, rx_packets: 12500000n, tx_packets: 8333333n, rx_crc_errors: 0n });
    expect(l.optics).toBeUndefined();
    expect(l.info['redfish.PortId']).toBe('1');
  });

  it('a port without PortMetrics: state and speed, no counters', () => {
    const l = mapRedfishPort(read(ADAPTERS, 'Slot1/Ports/SC2KP2'), undefined, 'Slot1/SC2KP2');
    expect(l.counters).toEqual({});
    expect(l.raw.size).toBe(0);
    expect(l.optics).toBeUndefined();
    expect(l.operState).toBe('up');
    expect(l.speedMbps).toBe(25000);
  });

  it('adapterInfo: firmware and identity of the NetworkAdapter', () => {
    expect(adapterInfo(read(ADAPTERS, 'Slot1'))).toEqual({
      firmware_version: '8.11.0',
      'redfish.NetworkAdapter.Manufacturer': 'Contoso Systems Inc.',
      'redfish.NetworkAdapter.Model': 'Contoso SuperC 2000 25Gb 2p Adapter',
      'redfish.NetworkAdapter.PartNumber': 'SC2000-CNT5',
      'redfish.NetworkAdapter.SerialNumber': 'CSC125J87D',
      'redfish.NetworkAdapter.SKU': '14865',
    });
  });
});

describe.skipIf(!SHARED_AVAILABLE)('mapEthernetInterface on the DMTF mockups (needs ../shared/fixtures)', () => {
  const ifaces = path.join(RACKMOUNT, 'Systems/437XR1138R2/EthernetInterfaces');

  it('public-rackmount1 12446A3B8890: the current MAC, speed, state and facts', () => {
    const l = mapEthernetInterface(read(ifaces, '12446A3B8890'), '437XR1138R2/12446A3B8890');
    expect(l).toMatchObject({ port: '437XR1138R2/12446A3B8890', mac: 'aa:bb:cc:dd:ee:00', speedMbps: 1000, operState: 'up', carrier: true, description: 'System NIC 2' });
    expect(l.counters).toEqual({});
    expect(l.raw.size).toBe(0);
    expect(l.info).toMatchObject({
      link_status: 'LinkUp',
      health: 'OK',
      state: 'Enabled',
      duplex: 'full',
      'redfish.PermanentMACAddress': '12:44:6A:3B:88:90',
      'redfish.EthernetInterfaceType': 'Physical',
      'redfish.SpeedMbps': '1000',
    });
    // Addresses are not link facts.
    expect(Object.keys(l.info).some((k) => k.includes('IPv4'))).toBe(false);
  });

  it('public-rackmount1 ToManager (no LinkStatus): no state is made up; MTU kept', () => {
    const l = mapEthernetInterface(read(ifaces, 'ToManager'), '437XR1138R2/ToManager');
    expect(l.operState).toBeUndefined();
    expect(l.carrier).toBeUndefined();
    expect(l.mac).toBe('aa:bb:cc:dd:ee:fe');
    expect(l.info).toMatchObject({ mtu: '1500', 'redfish.InterfaceEnabled': 'true', 'redfish.AutoNeg': 'true' });
  });

  it('public-acd SC2KP1F0: lower-case MAC as given', () => {
    const l = mapEthernetInterface(read(path.join(ACD, 'Systems/437XR1138R2/EthernetInterfaces'), 'SC2KP1F0'), '437XR1138R2/SC2KP1F0');
    expect(l).toMatchObject({ mac: '9c:dc:71:c3:bb:0b', speedMbps: 1000, operState: 'up', carrier: true });
    expect(l.description).toBeUndefined();
    expect(l.info.duplex).toBe('half');
  });
});

describe('mapRedfishPort: link states, legacy NetworkPort, vendor extensions', () => {
  it('LinkStatus words: up, down, starting/training without carrier, other words lower-cased', () => {
    const st = (LinkStatus: unknown, extra: Record<string, unknown> = {}) => {
      const l = mapRedfishPort({ LinkStatus, ...extra }, undefined, 'p');
      return [l.operState, l.carrier];
    };
    expect(st('LinkUp')).toEqual(['up', true]);
    expect(st('LinkDown')).toEqual(['down', false]);
    expect(st('NoLink')).toEqual(['down', false]);
    expect(st('Starting')).toEqual(['starting', false]);
    expect(st('Training')).toEqual(['training', false]);
    expect(st('Degraded')).toEqual(['degraded', undefined]);
    expect(st('Up')).toEqual(['up', true]);
    expect(st('Down')).toEqual(['down', false]);
    // Without a LinkStatus an administratively disabled port is down, its carrier unknown.
    expect(st(undefined, { LinkState: 'Disabled' })).toEqual(['down', undefined]);
    expect(st(undefined, { InterfaceEnabled: false })).toEqual(['down', undefined]);
    expect(st(undefined)).toEqual([undefined, undefined]);
  });

  it('a NetworkPort (the schema before Port) maps what fits', () => {
    const l = mapRedfishPort(
      {
        '@odata.type': '#NetworkPort.v1_2_1.NetworkPort',
        Id: '1',
        PhysicalPortNumber: '1',
        LinkStatus: 'Up',
        ActiveLinkTechnology: 'Ethernet',
        CurrentLinkSpeedMbps: 25000,
        SupportedLinkCapabilities: [{ LinkSpeedMbps: 10000 }, { CapableLinkSpeedMbps: [25000, 10000] }],
        AssociatedNetworkAddresses: ['B0-26-28-00-11-22'],
        FlowControlStatus: 'None',
        Status: { State: 'Enabled', Health: 'OK', HealthRollup: 'OK' },
      },
      undefined,
      'NIC.Slot.1/1',
    );
    expect(l).toMatchObject({ operState: 'up', carrier: true, speedMbps: 25000, maxSpeedMbps: 25000, mac: 'b0:26:28:00:11:22' });
    expect(l.info).toMatchObject({
      link_status: 'Up',
      health: 'OK',
      state: 'Enabled',
      'redfish.PhysicalPortNumber': '1',
      'redfish.ActiveLinkTechnology': 'Ethernet',
      'redfish.FlowControlStatus': 'None',
      'redfish.Status.HealthRollup': 'OK',
    });
    expect(l.info['redfish.Status.Health']).toBeUndefined();
  });

  it('MAC from Ethernet.AssociatedMACAddresses; WWNs and junk are not MACs', () => {
    expect(mapRedfishPort({ Ethernet: { AssociatedMACAddresses: ['', '00:0A:F7:AB:CD:EF', '11:22:33:44:55:66'] } }, undefined, 'p').mac).toBe('00:0a:f7:ab:cd:ef');
    expect(mapRedfishPort({ AssociatedNetworkAddresses: ['20:00:00:0A:F7:AB:CD:EF'] }, undefined, 'p').mac).toBeUndefined();
    expect(normalizeMac('001122AABBCC')).toBe('00:11:22:aa:bb:cc');
    expect(normalizeMac('00:11:22-aa:bb:cc')).toBeUndefined();
    expect(normalizeMac(42)).toBeUndefined();
  });

  it('Oem counters go to raw, Oem levels to info; FibreChannel counters feed CRC and FEC', () => {
    const l = mapRedfishPort(
      { LinkStatus: 'LinkUp' },
      {
        RXBytes: '123456789012345678901',
        FibreChannel: { InvalidCRCs: 7, CorrectableFECErrors: 11, UncorrectableFECErrors: 2, LinkFailures: 1, TXBBCredits: 8 },
        CXL: { BackpressureAveragePercentage: 3 },
        Oem: { Nvidia: { UnintentionalLinkDownCount: 3, EffectiveBER: 1.5e-15, Mode: 'x' } },
        SAS: [{ InvalidDwordCount: 4 }],
      },
      'p',
    );
    expect(l.counters).toEqual({
      rx_bytes: 123456789012345678901n,
      rx_crc_errors: 7n,
      fec_corrected_codewords: 11n,
      fec_uncorrected_codewords: 2n,
      link_down_events: 1n,
    });
    expect(l.raw.get('redfish.Oem.Nvidia.UnintentionalLinkDownCount')).toBe(3n);
    expect(l.raw.get('redfish.SAS[0].InvalidDwordCount')).toBe(4n);
    expect(l.raw.get('redfish.FibreChannel.TXBBCredits')).toBe(8n);
    expect(l.info['redfish.Oem.Nvidia.EffectiveBER']).toBe('1.5e-15');
    expect(l.info['redfish.Oem.Nvidia.Mode']).toBe('x');
  });

  it('Networking.RXFCSErrors wins over FibreChannel.InvalidCRCs', () => {
    const l = mapRedfishPort({}, { Networking: { RXFCSErrors: 5 }, FibreChannel: { InvalidCRCs: 9 } }, 'p');
    expect(l.counters.rx_crc_errors).toBe(5n);
  });

  it('SFP identity, 0-based LaneIds, EnvironmentMetrics temperature', () => {
    const l = mapRedfishPort(
      { SFP: { Type: 'QSFP28', Manufacturer: 'Contoso', PartNumber: 'QX-100', SerialNumber: 'S123', MediumType: 'FiberOptic' } },
      { Transceivers: [{ SupplyVoltage: 3.3, WavelengthNanometers: '850', ByLane: [{ LaneId: 0, RXInputPowerMilliWatts: 0.5 }, { LaneId: 1, TXBiasCurrentMilliAmps: 7 }] }] },
      'p',
    );
    expect(l.optics).toEqual({
      identifier: 'QSFP28',
      vendor: 'Contoso',
      partNumber: 'QX-100',
      serial: 'S123',
      voltageV: 3.3,
      lanes: [
        { lane: 1, rxPowerMw: 0.5 },
        { lane: 2, txBiasMa: 7 },
      ],
    });
    expect(l.info['redfish.Transceivers[0].WavelengthNanometers']).toBe('850');
    expect(l.info['redfish.SFP.MediumType']).toBe('FiberOptic');
    expect(withEnvironmentMetrics(l, { TemperatureCelsius: { Reading: 41.5 } }).optics?.temperatureC).toBe(41.5);
    const noOptics = withEnvironmentMetrics(mapRedfishPort({}, undefined, 'q'), { TemperatureCelsius: { Reading: 50 } });
    expect(noOptics.optics).toBeUndefined();
    expect(noOptics.info['redfish.EnvironmentMetrics.TemperatureCelsius']).toBe('50');
    expect(withEnvironmentMetrics(l, { TemperatureCelsius: {} })).toBe(l);
  });

  it('a zero speed (link down) is a fact, not a speed', () => {
    const l = mapRedfishPort({ LinkStatus: 'LinkDown', CurrentSpeedGbps: 0, MaxSpeedGbps: 100 }, undefined, 'p');
    expect(l.speedMbps).toBeUndefined();
    expect(l.maxSpeedMbps).toBe(100000);
    expect(l.info['redfish.CurrentSpeedGbps']).toBe('0');
  });

  it('never throws on odd input', () => {
    const cyclic: Record<string, unknown> = { LinkStatus: 'LinkUp' };
    cyclic.Self = cyclic;
    const odd: unknown[] = [undefined, null, 0, 'x', [], [1, 2], { LinkStatus: 5, CurrentSpeedGbps: 'fast', SFP: 'no', Ethernet: [] }, cyclic];
    const oddMetrics: unknown[] = [
      undefined,
      null,
      'metrics',
      [],
      { RXBytes: -1, TXBytes: 1.5, RXErrors: 'NaN', Networking: [1, 2], Transceivers: 'x' },
      { Transceivers: [null, 5, { ByLane: 'x' }, { ByLane: [null, { LaneId: 'a', RXInputPowerMilliWatts: 'hi' }] }] },
      cyclic,
    ];
    for (const p of odd) {
      for (const m of oddMetrics) {
        const l = mapRedfishPort(p, m, 'p');
        expect(l.port).toBe('p');
        for (const v of Object.values(l.counters)) expect(typeof v).toBe('bigint');
        for (const v of Object.values(l.info)) expect(typeof v).toBe('string');
      }
      expect(mapEthernetInterface(p, 'e').port).toBe('e');
    }
    const l = mapRedfishPort({}, { RXBytes: -1, TXBytes: 1.5 }, 'p');
    expect(l.counters).toEqual({});
    expect(l.info).toMatchObject({ 'redfish.RXBytes': '-1', 'redfish.TXBytes': '1.5' });
  });

  it('keeps at most 256 facts per link', () => {
    const oem: Record<string, string> = {};
    for (let i = 0; i < 1000; i++) oem[`k${i}`] = 'v';
    const l = mapRedfishPort({ LinkStatus: 'LinkUp', Oem: { Vendor: oem } }, undefined, 'p');
    expect(Object.keys(l.info).length).toBeLessThanOrEqual(256);
    expect(l.info.link_status).toBe('LinkUp');
  });
});
