import { copyFile, mkdtemp, rm, stat, unlink, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inspect } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ErrorCodes } from '../core/errors.js';
import { InventoryWatcher, loadInventory, unionInventories } from './index.js';
import type { Inventory } from './index.js';

const testdata = (name: string): string => fileURLToPath(new URL(`./testdata/${name}`, import.meta.url));

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'linkmon-inventory-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Writes `content` and moves the mtime `seconds` into the future so the change is always visible. */
async function rewrite(file: string, content: string, seconds: number): Promise<void> {
  await writeFile(file, content);
  const when = new Date(Date.now() + seconds * 1000);
  await utimes(file, when, when);
}

const ids = (inv: Inventory): Record<string, string[]> => ({
  nodes: inv.nodes.map((t) => t.id),
  switches: inv.switches.map((t) => t.id),
  systems: inv.systems.map((t) => t.id),
});

describe('loadInventory', () => {
  it('unions -j, -n, -s and -c without duplicates; the first occurrence wins', async () => {
    const { inventory, errors } = await loadInventory(
      {
        networkJson: testdata('network_config.json'),
        nodeList: testdata('nodes.txt'),
        switchList: testdata('switches.txt'),
        csxList: testdata('csxs.txt'),
      },
      {},
    );
    expect(errors).toEqual([]);
    expect(ids(inventory)).toEqual({
      nodes: ['sc-r1-mg0', 'sc-r1-mx0', 'sc-r1-wk0', 'sc-r2-ax0', 'sc-r2-sx0', 'sc-r3-us0', 'sc-r4-wk7', '10.1.2.3', 'fd00::17', 'fd00::18'],
      switches: ['sc-r1-sw-lf0', 'sc-r1-sw-lf1-hpe', 'sc-r2-gsw256-sp0', 'sc-r2-sw-lf2', 'sc-r9-sw-lf9'],
      systems: ['xs1001', 'xs1002', 'xs2001'],
    });
    // sc-r1-mg0 and xs1002 are in both files: the JSON (read first) wins.
    expect(inventory.nodes[0]?.source).toBe(testdata('network_config.json'));
    expect(inventory.nodes[0]?.labels).toEqual({ role: 'management', stamp: 'stamp0' });
    expect(inventory.systems[1]?.source).toBe(testdata('network_config.json'));
    // the switch list names sc-r1-sw-lf0, whose JSON host is its management address: matched by id
    expect(inventory.switches[0]?.host).toBe('172.16.1.10');
    // list-only entries keep their list source, user and port
    const wk7 = inventory.nodes.find((t) => t.id === 'sc-r4-wk7');
    expect([wk7?.source, wk7?.credentials.user]).toEqual([`${testdata('nodes.txt')}:4`, 'ops']);
    const v6 = inventory.nodes.find((t) => t.id === 'fd00::17');
    expect([v6?.host, v6?.port]).toEqual(['fd00::17', 2200]);
    expect(inventory.links).toHaveLength(10);
    expect(Object.isFrozen(inventory)).toBe(true);
    expect(Object.isFrozen(inventory.switches)).toBe(true);
  });

  it('a user@ in a list overrides the user of the kept target, and nothing else', async () => {
    const nodes = join(dir, 'nodes.txt');
    await writeFile(nodes, 'sc-r1-mx0\nops@sc-r1-wk0\nother@sc-r1-wk0\n');
    const switches = join(dir, 'switches.txt');
    await writeFile(switches, 'admin@sc-r1-sw-lf0\n');
    const env = { NODE_USER: 'svc', NODE_PASSWORD: 'np', SWITCH_PASSWORD: 'sp' };
    const { inventory, errors } = await loadInventory(
      { networkJson: testdata('network_config.json'), nodeList: nodes, switchList: switches, nodeSshKey: '/k' },
      env,
    );
    expect(errors).toEqual([]);
    const mx0 = inventory.nodes.find((t) => t.id === 'sc-r1-mx0')!;
    expect(mx0.credentials.user).toBe('svc');
    const wk0 = inventory.nodes.find((t) => t.id === 'sc-r1-wk0')!;
    expect(wk0.credentials.user).toBe('ops');
    expect(wk0.credentials.password?.reveal()).toBe('np');
    expect(wk0.credentials.keyFile).toBe('/k');
    expect(wk0.source).toBe(testdata('network_config.json'));
    expect(wk0.labels).toEqual({ role: 'worker', stamp: 'stamp0' });
    expect(Object.isFrozen(wk0)).toBe(true);
    expect(Object.isFrozen(wk0.credentials)).toBe(true);
    const lf0 = inventory.switches.find((t) => t.id === 'sc-r1-sw-lf0')!;
    expect(lf0.credentials.user).toBe('admin');
    expect(lf0.credentials.password?.reveal()).toBe('sw-json-secret');
    expect(lf0.vendor).toBe('arista');
    expect(inventory.nodes.filter((t) => t.id === 'sc-r1-wk0')).toHaveLength(1);
  });

  it('the same host with different ports is two targets; the same host and port is one', async () => {
    const nodes = join(dir, 'nodes.txt');
    await writeFile(nodes, 'n1\nn1:2222\nroot@n1:2222\n10.0.0.1\n10.0.0.1\n');
    const { inventory } = await loadInventory({ nodeList: nodes }, {});
    expect(inventory.nodes.map((t) => [t.id, t.port])).toEqual([
      ['n1', undefined],
      ['n1', 2222],
      ['10.0.0.1', undefined],
    ]);
  });

  it('collects the problems of every file, still using what is valid', async () => {
    const nodes = join(dir, 'nodes.txt');
    await writeFile(nodes, 'good1\nbad host\ngood2:0\n');
    const badJson = join(dir, 'net.json');
    await writeFile(badJson, '{"switches": [{"name": 1}]}');
    const { inventory, errors } = await loadInventory(
      { networkJson: badJson, nodeList: nodes, csxList: join(dir, 'missing.txt') },
      {},
    );
    expect(errors.map((e) => [e.code, e.message])).toEqual([
      [ErrorCodes.INVENTORY_PARSE, `${badJson}: switches[0].name: expected string, got number`],
      [ErrorCodes.INVENTORY_PARSE, `${nodes}:2: entry "bad host" contains whitespace (one host per line)`],
      [ErrorCodes.INVENTORY_PARSE, `${nodes}:3: port "0" is not between 1 and 65535`],
      [ErrorCodes.INVENTORY_READ, `${join(dir, 'missing.txt')}: cannot read: no such file`],
    ]);
    expect(ids(inventory)).toEqual({ nodes: ['good1'], switches: [], systems: [] });
  });

  it('no files at all is an empty inventory', async () => {
    const { inventory, errors } = await loadInventory({}, {});
    expect(errors).toEqual([]);
    expect(inventory).toEqual({ nodes: [], switches: [], systems: [], links: [] });
  });

  it('never reads process.env', async () => {
    process.env['NODE_USER'] = 'from-process-env';
    try {
      const nodes = join(dir, 'nodes.txt');
      await writeFile(nodes, 'n1\n');
      const { inventory } = await loadInventory({ nodeList: nodes }, {});
      expect(inventory.nodes[0]?.credentials.user).toBe('root');
    } finally {
      delete process.env['NODE_USER'];
    }
  });

  it('secrets never appear in JSON.stringify or util.inspect of targets or errors', async () => {
    const nodes = join(dir, 'nodes.txt');
    await writeFile(nodes, 'n1\n');
    const { inventory, errors } = await loadInventory(
      { networkJson: testdata('network_config.json'), nodeList: nodes },
      { NODE_PASSWORD: 'pw-node-42', SWITCH_PASSWORD: 'pw-switch-42', CSX_PASSWORD: 'pw-csx-42' },
    );
    const targets = [...inventory.nodes, ...inventory.switches, ...inventory.systems];
    expect(targets.map((t) => t.credentials.password?.reveal())).toContain('pw-csx-42');
    const shown = [
      JSON.stringify(inventory),
      inspect(inventory, { depth: 20, showHidden: true }),
      ...targets.map((t) => JSON.stringify(t) + inspect(t, { depth: 20 })),
      JSON.stringify(errors),
    ].join('\n');
    for (const secret of ['pw-node-42', 'pw-switch-42', 'pw-csx-42', 'sw-json-secret']) {
      expect(shown).not.toContain(secret);
    }
  });
});

describe('unionInventories', () => {
  it('dedupes links across inventories, whatever the direction of the cable', () => {
    const link = { a: { device: 'n', port: 'e0' }, b: { device: 's', port: 'E1' }, kind: 'node' as const };
    const flipped = { a: link.b, b: link.a, kind: 'node' as const };
    const part = { nodes: [], switches: [], systems: [], links: [link] };
    expect(unionInventories([part, { ...part, links: [flipped] }]).links).toEqual([link]);
  });
});

describe('InventoryWatcher', () => {
  it('re-reads the network JSON only when its mtime or size changes', async () => {
    const json = join(dir, 'network_config.json');
    await copyFile(testdata('network_config.json'), json);
    const t0 = Math.floor(Date.now() / 1000) - 60; // whole seconds: restorable exactly
    await utimes(json, t0, t0);
    const watcher = new InventoryWatcher({ networkJson: json }, {});

    const first = await watcher.current();
    expect(first.changed).toBe(true);
    expect(first.errors).toEqual([]);
    expect(first.inventory.switches).toHaveLength(4);

    const second = await watcher.current();
    expect(second.changed).toBe(false);
    expect(second.inventory).toBe(first.inventory);

    // Same size and the old mtime: not re-read (the documented limit of stat-based change detection).
    const before = await stat(json);
    await writeFile(json, JSON.stringify({ switches: [{ name: 'zz' }] }).padEnd(before.size, ' '));
    await utimes(json, t0, t0);
    expect((await watcher.current()).changed).toBe(false);

    // A new mtime: re-read.
    await utimes(json, t0 + 5, t0 + 5);
    const third = await watcher.current();
    expect(third.changed).toBe(true);
    expect(ids(third.inventory)).toEqual({ nodes: [], switches: ['zz'], systems: [] });
  });

  it('keeps the previous good inventory when the new file is invalid, and reports the error until fixed', async () => {
    const json = join(dir, 'network_config.json');
    await copyFile(testdata('network_config.json'), json);
    const watcher = new InventoryWatcher({ networkJson: json }, {});
    const good = await watcher.current();
    expect(good.inventory.nodes).toHaveLength(6);

    // half-written file
    await rewrite(json, '{"switches": [{"name": "sc-r1-sw-lf0", "ven', 5);
    const broken = await watcher.current();
    expect(broken.changed).toBe(false);
    expect(broken.inventory).toBe(good.inventory);
    expect(broken.errors.map((e) => [e.code, e.message])).toEqual([
      [ErrorCodes.INVENTORY_PARSE, `${json}: invalid JSON at line 1, column 44: unterminated string`],
    ]);
    // not re-read, but the problem is still reported
    const again = await watcher.current();
    expect(again.errors).toHaveLength(1);
    expect(again.inventory).toBe(good.inventory);

    // schema error: same treatment
    await rewrite(json, '{"worker_nodes": [{"stamp": "s"}]}', 10);
    const schema = await watcher.current();
    expect(schema.inventory).toBe(good.inventory);
    expect(schema.errors.map((e) => e.message)).toEqual([`${json}: worker_nodes[0].name: missing (expected string)`]);

    // fixed
    await rewrite(json, '{"worker_nodes": [{"name": "w9"}]}', 15);
    const fixed = await watcher.current();
    expect(fixed.changed).toBe(true);
    expect(fixed.errors).toEqual([]);
    expect(ids(fixed.inventory)).toEqual({ nodes: ['w9'], switches: [], systems: [] });
  });

  it('keeps the previous inventory while a file is missing and picks it up again when it returns', async () => {
    const nodes = join(dir, 'nodes.txt');
    await writeFile(nodes, 'n1\nn2\n');
    const watcher = new InventoryWatcher({ nodeList: nodes }, {});
    expect(ids((await watcher.current()).inventory).nodes).toEqual(['n1', 'n2']);

    await unlink(nodes);
    const gone = await watcher.current();
    expect(gone.changed).toBe(false);
    expect(ids(gone.inventory).nodes).toEqual(['n1', 'n2']);
    expect(gone.errors.map((e) => [e.code, e.message])).toEqual([
      [ErrorCodes.INVENTORY_READ, `${nodes}: cannot read: no such file`],
    ]);

    await rewrite(nodes, 'n3\n', 5);
    const back = await watcher.current();
    expect(back.changed).toBe(true);
    expect(back.errors).toEqual([]);
    expect(ids(back.inventory).nodes).toEqual(['n3']);
  });

  it('a list that gains a malformed line keeps its previous content; a list that starts bad gives its valid lines', async () => {
    const nodes = join(dir, 'nodes.txt');
    await writeFile(nodes, 'n1\nbad host\n');
    const watcher = new InventoryWatcher({ nodeList: nodes }, {});
    const first = await watcher.current();
    expect(ids(first.inventory).nodes).toEqual(['n1']);
    expect(first.errors.map((e) => e.message)).toEqual([`${nodes}:2: entry "bad host" contains whitespace (one host per line)`]);

    await rewrite(nodes, 'n1\nn2\n', 5);
    const good = await watcher.current();
    expect(good.changed).toBe(true);
    expect(good.errors).toEqual([]);
    expect(ids(good.inventory).nodes).toEqual(['n1', 'n2']);

    await rewrite(nodes, 'n1\nn2\nn3:99999\nn4\n', 10);
    const bad = await watcher.current();
    expect(bad.changed).toBe(false);
    expect(bad.inventory).toBe(good.inventory);
    expect(bad.errors.map((e) => e.message)).toEqual([`${nodes}:3: port "99999" is not between 1 and 65535`]);
  });

  it('re-reads only the file that changed', async () => {
    const json = join(dir, 'network_config.json');
    await copyFile(testdata('network_config.json'), json);
    const nodes = join(dir, 'nodes.txt');
    await writeFile(nodes, 'extra1\n');
    const watcher = new InventoryWatcher({ networkJson: json, nodeList: nodes }, {});
    const first = await watcher.current();
    expect(first.inventory.nodes.map((t) => t.id)).toContain('extra1');

    await rewrite(nodes, 'extra2\nsc-r1-mg0\n', 5);
    const next = await watcher.current();
    expect(next.changed).toBe(true);
    const nodeIds = next.inventory.nodes.map((t) => t.id);
    expect(nodeIds).toContain('extra2');
    expect(nodeIds).not.toContain('extra1');
    expect(nodeIds.filter((id) => id === 'sc-r1-mg0')).toHaveLength(1);
    // the JSON part was not rebuilt: same frozen target objects
    expect(next.inventory.switches[0]).toBe(first.inventory.switches[0]);
  });

  it('serves concurrent calls one after another', async () => {
    const nodes = join(dir, 'nodes.txt');
    await writeFile(nodes, 'n1\n');
    const watcher = new InventoryWatcher({ nodeList: nodes }, {});
    const [a, b] = await Promise.all([watcher.current(), watcher.current()]);
    expect(a.changed).toBe(true);
    expect(b.changed).toBe(false);
    expect(b.inventory).toBe(a.inventory);
  });
});
