import { describe, expect, it } from 'vitest';
import type { DeviceSample, LinkObservation } from '../core/link.js';
import { filterSwitchPorts, portKey } from './collectors.js';

const link = (port: string, description?: string): LinkObservation => ({
  port,
  description,
  counters: {},
  laneCounters: {},
  raw: new Map(),
  info: {},
});
const sample: DeviceSample = {
  target: { id: 'leaf1', kind: 'switch', host: 'leaf1', labels: {}, credentials: {}, source: 't' },
  kind: 'switch',
  timestampMs: 0,
  durationMs: 1,
  reachable: true,
  links: [link('Ethernet1/1', 'to node-001'), link('Ethernet2/1'), link('Ethernet3/1', '  '), link('Ethernet4/1', 'uplink')],
  errors: [],
};

describe('switch port filters', () => {
  it('compares port names by their numbers', () => {
    expect(['Ethernet1/1', 'Et1/1', 'Eth1/1', 'HundredGigE2/0/1', 'HGE 2/0/1'].map(portKey)).toEqual(['1/1', '1/1', '1/1', '2/0/1', '2/0/1']);
  });

  it('--labelled-ports-only keeps ports with a description', () => {
    const r = filterSwitchPorts(sample, { labelledPortsOnly: true, networkConfigPortsOnly: false }, []);
    expect(r.links.map((l) => l.port)).toEqual(['Ethernet1/1', 'Ethernet4/1']);
  });

  it('--network-config-ports-only keeps ports cabled in the network JSON, on either end of a link', () => {
    const links = [
      { a: { device: 'node1', port: 'ens1f0' }, b: { device: 'leaf1', port: 'Eth2/1' }, kind: 'node' as const },
      { a: { device: 'leaf1', port: 'Ethernet4/1' }, b: { device: 'spine1', port: 'Ethernet1/1' }, kind: 'isl' as const },
      { a: { device: 'node2', port: 'ens1f0' }, b: { device: 'leaf2', port: 'Ethernet1/1' }, kind: 'node' as const },
    ];
    const r = filterSwitchPorts(sample, { labelledPortsOnly: false, networkConfigPortsOnly: true }, links);
    expect(r.links.map((l) => l.port)).toEqual(['Ethernet2/1', 'Ethernet4/1']);
    const both = filterSwitchPorts(sample, { labelledPortsOnly: true, networkConfigPortsOnly: true }, links);
    expect(both.links.map((l) => l.port)).toEqual(['Ethernet4/1']);
  });
});
