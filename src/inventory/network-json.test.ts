import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inspect } from 'node:util';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorCodes } from '../core/errors.js';
import { Secret } from '../core/secret.js';
import {
  formatJsonPath,
  loadNetworkJson,
  locateJsonError,
  networkInventory,
  parseNetworkConfig,
} from './network-json.js';
import type { Inventory } from './network-json.js';

const plainFile = fileURLToPath(new URL('./testdata/network_config.json', import.meta.url));

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'linkmon-netjson-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function loadOk(file: string, env: Record<string, string> = {}): Promise<Inventory> {
  const result = await loadNetworkJson(file, env, { nodeSshKey: '/keys/id_ed25519' });
  expect(result.errors).toEqual([]);
  expect(result.inventory).toBeDefined();
  return result.inventory as Inventory;
}

function schemaMessages(doc: unknown, file = 'network.json'): string[] {
  const result = parseNetworkConfig(JSON.stringify(doc), file);
  expect(result.config).toBeUndefined();
  for (const e of result.errors) expect(e.code).toBe(ErrorCodes.INVENTORY_PARSE);
  return result.errors.map((e) => e.message);
}

describe('network_config.json → targets', () => {
  it('builds node targets from all six node arrays with role and stamp labels', async () => {
    const inv = await loadOk(plainFile, { NODE_USER: 'svc', NODE_PASSWORD: 'node-pw' });
    expect(inv.nodes.map((n) => [n.id, n.host, n.labels])).toEqual([
      ['sc-r1-mg0', 'sc-r1-mg0', { role: 'management', stamp: 'stamp0' }],
      ['sc-r1-mx0', 'sc-r1-mx0', { role: 'memoryx', stamp: 'stamp0' }],
      ['sc-r1-wk0', 'sc-r1-wk0', { role: 'worker', stamp: 'stamp0' }],
      ['sc-r2-ax0', 'sc-r2-ax0', { role: 'activation', stamp: 'stamp1' }],
      ['sc-r2-sx0', 'sc-r2-sx0', { role: 'swarmx' }],
      ['sc-r3-us0', 'sc-r3-us0', { role: 'user' }],
    ]);
    const n = inv.nodes[0]!;
    expect(n.kind).toBe('node');
    expect(n.source).toBe(plainFile);
    expect(n.port).toBeUndefined();
    expect(n.credentials.user).toBe('svc');
    expect(n.credentials.password?.reveal()).toBe('node-pw');
    expect(n.credentials.keyFile).toBe('/keys/id_ed25519');
  });

  it('builds switch targets: host = management_address ?? name, vendor, stamp, JSON credentials first', async () => {
    const inv = await loadOk(plainFile, { SWITCH_USER: 'envsw', SWITCH_PASSWORD: 'env-sw-pw' });
    expect(inv.switches.map((s) => [s.id, s.host, s.vendor, s.labels, s.credentials.user])).toEqual([
      ['sc-r1-sw-lf0', '172.16.1.10', 'arista', { stamp: 'stamp0' }, 'netops'],
      ['sc-r1-sw-lf1-hpe', '172.16.1.11', 'hpe', { stamp: 'stamp0' }, 'envsw'],
      ['sc-r2-gsw256-sp0', '172.16.1.20', 'hpe', {}, 'envsw'],
      ['sc-r2-sw-lf2', 'sc-r2-sw-lf2', 'arista', { stamp: 'stamp1' }, 'envsw'],
    ]);
    expect(inv.switches[0]?.credentials.password?.reveal()).toBe('sw-json-secret');
    expect(inv.switches[1]?.credentials.password?.reveal()).toBe('env-sw-pw');
    expect(inv.switches.every((s) => s.kind === 'switch' && s.credentials.keyFile === undefined)).toBe(true);
  });

  it('builds system targets with CSX credentials (default admin/admin)', async () => {
    const inv = await loadOk(plainFile);
    expect(inv.systems.map((s) => [s.id, s.kind, s.host, s.labels])).toEqual([
      ['xs1001', 'system', 'xs1001', { stamp: 'stamp0' }],
      ['xs1002', 'system', 'xs1002', { stamp: 'stamp1' }],
    ]);
    expect(inv.systems[0]?.credentials.user).toBe('admin');
    expect(inv.systems[0]?.credentials.password).toBeInstanceOf(Secret);
    expect(inv.systems[0]?.credentials.password?.reveal()).toBe('admin');
  });

  it('reads the Redfish address, port, CA file, certificate opt-out and auth of a system', async () => {
    const file = join(dir, 'systems.json');
    await writeFile(
      file,
      JSON.stringify({
        systems: [
          { name: 'csx1', management_address: '127.3.0.1', redfish_port: 8443, redfish_ca_file: '/etc/linkmon/csx-ca.pem', redfish_auth: 'session' },
          { name: 'csx2', redfish_insecure: true, username: 'ops', password: 'csx-json-pw' },
          { name: 'csx3' },
        ],
      }),
    );
    try {
      const inv = await loadOk(file);
      expect(inv.systems.map((s) => [s.id, s.host, s.port, s.redfish])).toEqual([
        ['csx1', '127.3.0.1', 8443, { caFile: '/etc/linkmon/csx-ca.pem', auth: 'session' }],
        ['csx2', 'csx2', undefined, { insecure: true }],
        ['csx3', 'csx3', undefined, undefined],
      ]);
      expect([inv.systems[1]?.credentials.user, inv.systems[1]?.credentials.password?.reveal()]).toEqual(['ops', 'csx-json-pw']);
      expect([inv.systems[2]?.credentials.user, inv.systems[2]?.credentials.password?.reveal()]).toEqual(['admin', 'admin']);
      expect(schemaMessages({ systems: [{ name: 'x', redfish_port: 0, redfish_auth: 'digest' }] })).toHaveLength(2);
    } finally {
      await rm(file, { force: true });
    }
  });

  it('builds links from node interfaces, system_connections (known systems only) and xconnect', async () => {
    const inv = await loadOk(plainFile);
    expect(inv.links).toEqual([
      { a: { device: 'sc-r1-mg0', port: 'eth100g0' }, b: { device: 'sc-r1-sw-lf0', port: 'Ethernet1/1' }, kind: 'node' },
      { a: { device: 'sc-r1-mx0', port: 'eth100g0' }, b: { device: 'sc-r1-sw-lf0', port: 'Ethernet2/1' }, kind: 'node' },
      { a: { device: 'sc-r1-mx0', port: 'eth100g1' }, b: { device: 'sc-r1-sw-lf1-hpe', port: 'Eth1/2' }, kind: 'node' },
      { a: { device: 'sc-r2-ax0', port: 'eth100g0' }, b: { device: 'sc-r2-sw-lf2', port: 'Ethernet5/1' }, kind: 'node' },
      { a: { device: 'sc-r2-ax0', port: 'eth100g1' }, b: { device: 'sc-r1-sw-lf1-hpe', port: 'Eth1/5' }, kind: 'node' },
      { a: { device: 'sc-r2-sx0', port: 'eth100g0' }, b: { device: 'sc-r2-sw-lf2', port: 'Ethernet7/1' }, kind: 'node' },
      { a: { device: 'xs1001', port: 'Port 1' }, b: { device: 'sc-r1-sw-lf0', port: 'Ethernet10/1' }, kind: 'system' },
      { a: { device: 'xs1001', port: 'Port 2' }, b: { device: 'sc-r1-sw-lf1-hpe', port: 'Eth1/10' }, kind: 'system' },
      { a: { device: 'sc-r1-sw-lf0', port: 'Ethernet31/1' }, b: { device: 'sc-r2-gsw256-sp0', port: 'HundredGigE2/0/1' }, kind: 'isl' },
      { a: { device: 'sc-r1-sw-lf1-hpe', port: 'Eth1/31' }, b: { device: 'sc-r2-gsw256-sp0', port: 'HundredGigE2/0/2' }, kind: 'isl' },
    ]);
  });

  it('returns deeply frozen objects', async () => {
    const inv = await loadOk(plainFile);
    expect(Object.isFrozen(inv)).toBe(true);
    expect(Object.isFrozen(inv.nodes)).toBe(true);
    expect(Object.isFrozen(inv.links)).toBe(true);
    expect(Object.isFrozen(inv.links[0]?.a)).toBe(true);
    const sw = inv.switches[0]!;
    expect(Object.isFrozen(sw)).toBe(true);
    expect(Object.isFrozen(sw.labels)).toBe(true);
    expect(Object.isFrozen(sw.credentials)).toBe(true);
    expect(() => {
      (sw as { host: string }).host = 'x';
    }).toThrow(TypeError);
  });

  it('never shows passwords from the JSON or the environment', async () => {
    const inv = await loadOk(plainFile, { SWITCH_PASSWORD: 'env-sw-pw', NODE_PASSWORD: 'node-pw' });
    const text = JSON.stringify(inv) + inspect(inv, { depth: 20, showHidden: true });
    for (const secret of ['sw-json-secret', 'env-sw-pw', 'node-pw']) expect(text).not.toContain(secret);
    for (const t of [...inv.nodes, ...inv.switches, ...inv.systems]) {
      expect(JSON.stringify(t)).not.toMatch(/sw-json-secret|env-sw-pw|node-pw|"admin"\s*}/);
      expect(inspect(t, { depth: 10 })).not.toMatch(/sw-json-secret|env-sw-pw|node-pw/);
    }
  });

  it('reads the linkmon extensions ssh_port and os of a switch, and refuses a bad port', () => {
    const parsed = parseNetworkConfig(
      JSON.stringify({ switches: [{ name: 'sim-1', management_address: '127.2.0.1', ssh_port: 2222, os: 'hp_comware', vendor: 'hpe' }] }),
      'n.json',
    );
    expect(parsed.errors).toEqual([]);
    const sw = networkInventory(parsed.config!, 'n.json', {}).switches[0];
    expect(sw).toMatchObject({ id: 'sim-1', host: '127.2.0.1', port: 2222, os: 'hp_comware', vendor: 'hpe' });
    expect(schemaMessages({ switches: [{ name: 'x', ssh_port: 70000 }] })[0]).toMatch(/switches\[0\]\.ssh_port/);
  });

  it('accepts missing sections, null sections, and unknown fields', () => {
    const empty = parseNetworkConfig('{}', 'n.json');
    expect(empty.errors).toEqual([]);
    const inv = networkInventory(empty.config!, 'n.json', {});
    expect([inv.nodes, inv.switches, inv.systems, inv.links]).toEqual([[], [], [], []]);

    const doc = {
      switches: null,
      worker_nodes: [{ name: 'w1', interfaces: null, gpu: { count: 8 } }],
      xconnect: { connections: [{ links: [{ name: 'a', port: 'p1' }] }], spine: true },
      brand_new_section: [1, 2, 3],
    };
    const parsed = parseNetworkConfig(JSON.stringify(doc), 'n.json');
    expect(parsed.errors).toEqual([]);
    expect((parsed.config as Record<string, unknown>)['brand_new_section']).toEqual([1, 2, 3]);
    const inv2 = networkInventory(parsed.config!, 'n.json', {});
    expect(inv2.nodes.map((n) => n.id)).toEqual(['w1']);
    expect(inv2.links).toEqual([]); // an xconnect with one link is not a cable
  });
});

describe('gzip', () => {
  it('a gzip file gives exactly the same inventory as the plain file', async () => {
    const gz = join(dir, 'network_config.json.gz');
    await writeFile(gz, gzipSync(await readFile(plainFile)));
    const env = { SWITCH_PASSWORD: 'x', NODE_USER: 'u' };
    const plain = await loadOk(plainFile, env);
    const zipped = await loadOk(gz, env);
    const strip = (inv: Inventory): unknown =>
      JSON.parse(JSON.stringify(inv, (k, v: unknown) => (k === 'source' ? undefined : v)));
    expect(strip(zipped)).toEqual(strip(plain));
    expect(zipped.nodes[0]?.source).toBe(gz);
  });

  it('detects gzip by magic bytes, not by the file name', async () => {
    const gzNamedJson = join(dir, 'really-gzip.json');
    await writeFile(gzNamedJson, gzipSync(await readFile(plainFile)));
    const plainNamedGz = join(dir, 'really-plain.json.gz');
    await copyFile(plainFile, plainNamedGz);
    expect((await loadOk(gzNamedJson)).switches).toHaveLength(4);
    expect((await loadOk(plainNamedGz)).switches).toHaveLength(4);
  });

  it('a truncated gzip file is an INVENTORY_PARSE error naming the file', async () => {
    const bad = join(dir, 'truncated.json.gz');
    const full = gzipSync(await readFile(plainFile));
    await writeFile(bad, full.subarray(0, 40));
    const result = await loadNetworkJson(bad, {});
    expect(result.inventory).toBeUndefined();
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]?.code).toBe(ErrorCodes.INVENTORY_PARSE);
    expect(result.errors[0]?.message).toMatch(new RegExp(`^${bad.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: not a valid gzip file: `));
  });
});

describe('errors', () => {
  it('a missing file is INVENTORY_READ', async () => {
    const file = join(dir, 'nope.json');
    const result = await loadNetworkJson(file, {});
    expect(result.errors.map((e) => [e.code, e.message])).toEqual([
      [ErrorCodes.INVENTORY_READ, `${file}: cannot read: no such file`],
    ]);
  });

  it('invalid JSON gives file, line and column', () => {
    const text = '{\n  "switches": [\n    { "name": "a", }\n  ]\n}\n';
    const r = parseNetworkConfig(text, 'network.json');
    expect(r.errors.map((e) => [e.code, e.message])).toEqual([
      [ErrorCodes.INVENTORY_PARSE, 'network.json: invalid JSON at line 3, column 20: expected a double-quoted property name'],
    ]);
  });

  it('invalid JSON messages never quote the file text (it may hold passwords)', () => {
    const text = '{"switches": [{"name": "a", "password": "hunter2" oops}]}';
    const r = parseNetworkConfig(text, 'n.json');
    expect(r.errors[0]?.message).toBe('n.json: invalid JSON at line 1, column 51: expected "," or "}" after property value');
    const r2 = parseNetworkConfig('{"password": hunter2}', 'n.json');
    expect(r2.errors[0]?.message).toBe('n.json: invalid JSON at line 1, column 14: unexpected character');
    expect(r2.errors[0]?.message).not.toContain('hunter2');
  });

  it.each([
    ['', { pos: 0, reason: 'unexpected end of input' }],
    ['{"a": "x', { pos: 8, reason: 'unterminated string' }],
    ['[1, 2', { pos: 5, reason: 'unexpected end of input' }],
    ['{} x', { pos: 3, reason: 'unexpected text after the JSON value' }],
    ['{"a": -}', { pos: 6, reason: 'bad number' }],
    ['{"a": "\\q"}', { pos: 8, reason: 'bad escape in string' }],
    ['{"a": [true, false, null, 1.5e3, "\\u00e9"]}', undefined],
  ])('locateJsonError(%j)', (text, expected) => {
    expect(locateJsonError(text)).toEqual(expected);
  });

  it('schema errors name the JSON path of each problem', () => {
    const doc = {
      switches: [{ name: 'a' }, { name: 'b' }, { name: 'c' }, { name: 7 }, { vendor: 'arista' }],
      worker_nodes: [{ name: 'w', interfaces: [{ name: 'eth0', switch_port: 5 }] }],
      systems: 'xs1',
      system_connections: [{ system_name: 's', system_port: 'Port 1', switch_name: '', switch_port: 'E1' }],
      xconnect: { connections: [{ links: [{ name: 'sw', port: null }] }] },
    };
    expect(schemaMessages(doc)).toEqual([
      'network.json: switches[3].name: expected string, got number',
      'network.json: switches[4].name: missing (expected string)',
      'network.json: worker_nodes[0].interfaces[0].switch_port: expected string, got number',
      'network.json: systems: expected array, got string',
      'network.json: system_connections[0].switch_name: must not be empty',
      'network.json: xconnect.connections[0].links[0].port: expected string, got null',
    ]);
  });

  it('a top level that is not an object is reported as such', () => {
    expect(schemaMessages([])).toEqual(['network.json: (top level): expected object, got array']);
  });

  it('schema messages never quote values', () => {
    const msgs = schemaMessages({ switches: [{ name: 'sw', password: 12345678 }] });
    expect(msgs).toEqual(['network.json: switches[0].password: expected string, got number']);
  });

  it('caps the number of schema errors reported', () => {
    const msgs = schemaMessages({ switches: Array.from({ length: 30 }, () => ({})) });
    expect(msgs).toHaveLength(21);
    expect(msgs[20]).toBe('network.json: … and 10 more schema problems');
  });

  it('formatJsonPath', () => {
    expect(formatJsonPath([])).toBe('(top level)');
    expect(formatJsonPath(['switches', 3, 'name'])).toBe('switches[3].name');
    expect(formatJsonPath(['odd key', 0])).toBe('["odd key"][0]');
  });
});
