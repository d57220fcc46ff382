import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SHARED_AVAILABLE, sharedFixture } from '../../../test/helpers/shared-fixtures.js';
import { parseExpositionFull, renderExposition, sampleKey } from '../../sinks/prometheus/exposition.js';
import { healthCode, mapRedfishBmc, type RedfishBmcResources } from './map.js';

const TESTDATA = path.join(path.dirname(fileURLToPath(import.meta.url)), 'testdata');

/** `<dir>/<URL path with / as _>.json`, or undefined when the capture has no such file. */
function readResource(dir: string, urlPath: string): unknown {
  const file = path.join(dir, `${urlPath.replace(/^\/+|\/+$/g, '').replace(/\//g, '_')}.json`);
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as unknown) : undefined;
}

function memberIds(collection: unknown): string[] {
  const members = (collection as { Members?: { '@odata.id'?: unknown }[] } | undefined)?.Members ?? [];
  return members.map((m) => m['@odata.id']).filter((id): id is string => typeof id === 'string');
}

function link(resource: unknown, key: string): string | undefined {
  const id = (resource as Record<string, { '@odata.id'?: unknown } | undefined> | undefined)?.[key]?.['@odata.id'];
  return typeof id === 'string' ? id : undefined;
}

/** Walks a capture directory as the collector walks a BMC: root → Systems, Chassis → Thermal, Power. */
function loadCapture(dir: string): RedfishBmcResources {
  const root = readResource(dir, '/redfish/v1');
  const systems = memberIds(readResource(dir, link(root, 'Systems') ?? '/redfish/v1/Systems')).map((id) => readResource(dir, id));
  const chassis = memberIds(readResource(dir, link(root, 'Chassis') ?? '/redfish/v1/Chassis')).map((id) => readResource(dir, id));
  const resolve = (key: string): unknown[] =>
    chassis.flatMap((c) => {
      const id = link(c, key);
      const r = id === undefined ? undefined : readResource(dir, id);
      return r === undefined ? [] : [r];
    });
  const power = resolve('Power');
  return { root, systems: systems.filter((s) => s !== undefined), chassis, thermal: resolve('Thermal'), ...(power.length > 0 ? { power } : {}) };
}

/** Maps, renders, parses, and compares with expected.prom as sets (order aside). */
function compareWithExpected(dir: string, node: string): void {
  const rendered = renderExposition(mapRedfishBmc(node, loadCapture(dir)));
  const got = parseExpositionFull(rendered);
  const want = parseExpositionFull(readFileSync(path.join(dir, 'expected.prom'), 'utf8'));

  const gotKeys = got.samples.map(sampleKey).sort();
  const wantKeys = want.samples.map(sampleKey).sort();
  expect(new Set(gotKeys).size).toBe(gotKeys.length); // no duplicate series
  expect(gotKeys).toEqual(wantKeys);
  expect(Object.fromEntries(got.families)).toEqual(Object.fromEntries(want.families));
}

describe.skipIf(!SHARED_AVAILABLE)('redfish_bmc map against the seed exporter (shared captures)', () => {
  it('Dell iDRAC 9 (PowerEdge C4140) reproduces expected.prom', () => {
    compareWithExpected(sharedFixture('cluster-captures/bmc-redfish/dell'), 'sc-r10ra19-s21');
  });
  it('HPE iLO 5 (ProLiant DL325 Gen10 Plus v2) reproduces expected.prom', () => {
    compareWithExpected(sharedFixture('cluster-captures/bmc-redfish/hpe'), 'net009-mg-sr01.cg3');
  });
});

describe('redfish_bmc map on committed fixtures', () => {
  it('Supermicro-style BMC (no Oem rollups, absent sensors, warning fan, failed PSU)', () => {
    compareWithExpected(path.join(TESTDATA, 'supermicro'), 'smc-node01');
  });
  it('Lenovo XCC-style BMC (system Warning, sensor without Health, PSU without output)', () => {
    compareWithExpected(path.join(TESTDATA, 'lenovo'), 'lnv-node07');
  });
});

describe('redfish_bmc map is defensive', () => {
  const names = (res: RedfishBmcResources): string[] => mapRedfishBmc('n', res).map((f) => f.desc.name);

  it('never throws on empty, missing or mistyped input; families without samples', () => {
    const odd: unknown[] = [
      { root: {}, systems: [], chassis: [], thermal: [] },
      { root: null, systems: [null, 'x', 3], chassis: [[]], thermal: [{ Temperatures: 'x', Fans: null }] },
      {
        root: { Vendor: 7 },
        systems: [{ Status: 'OK', MemorySummary: { TotalSystemMemoryGiB: '512' }, Oem: { Dell: null } }],
        chassis: [],
        thermal: [{ Temperatures: [null, 1, { ReadingCelsius: '30' }], Fans: [{ Reading: null }, { Status: { State: 'Absent' }, Reading: 100 }] }],
        power: [{ PowerSupplies: {}, PowerControl: [null] }],
      },
      {},
      undefined,
    ];
    for (const res of odd) {
      const fams = mapRedfishBmc('n', res as RedfishBmcResources);
      expect(fams.length).toBeGreaterThanOrEqual(7);
      expect(fams.every((f) => f.samples.length === 0)).toBe(true);
      expect(() => renderExposition(fams)).not.toThrow();
    }
  });

  it('emits the node_power_* families only when Power resources are given', () => {
    expect(names({ root: {}, systems: [], chassis: [], thermal: [] }).some((n) => n.startsWith('node_power_'))).toBe(false);
    expect(names({ root: {}, systems: [], chassis: [], thermal: [], power: [] }).filter((n) => n.startsWith('node_power_'))).toHaveLength(5);
  });

  it('reads the Thermal v1_0 ReadingRPM and indexes sensors across several Thermal resources', () => {
    const fams = mapRedfishBmc('n', {
      root: {},
      systems: [],
      chassis: [],
      thermal: [
        { Temperatures: [{ Name: 'A', ReadingCelsius: 20.5, Status: { Health: 'OK' } }] },
        { Temperatures: [{ Name: 'B', ReadingCelsius: 30, Status: { Health: 'Critical' } }], Fans: [{ Name: 'F', ReadingRPM: 4000 }] },
      ],
    });
    const byName = new Map(fams.map((f) => [f.desc.name, f.samples]));
    expect(byName.get('node_thermals_thermometer')).toEqual([
      { labels: { description: 'A', health: '0', index: '0', node: 'n', units: 'degreesC' }, value: 20.5 },
      { labels: { description: 'B', health: '2', index: '1', node: 'n', units: 'degreesC' }, value: 30 },
    ]);
    expect(byName.get('node_thermals_fan')).toEqual([{ labels: { description: 'F', health: '3', index: '0', node: 'n', units: 'RPM' }, value: 4000 }]);
    // The fan reports no Status.Health: its label says unknown (3) but it makes no Fan rollup.
    expect(byName.get('node_ipmi_health_status')).toEqual([{ labels: { category: 'Temperatures', node: 'n' }, value: 2 }]);
  });

  it('maps Redfish health strings to the seed codes', () => {
    expect([healthCode('OK'), healthCode('Warning'), healthCode('Critical'), healthCode('Bogus'), healthCode(null), healthCode('')]).toEqual([
      0,
      1,
      2,
      3,
      undefined,
      undefined,
    ]);
  });
});
