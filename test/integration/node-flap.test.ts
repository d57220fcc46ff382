/**
 * Real peer: sshd inside a network namespace with veth links. The test flaps some links between
 * the two samples of a one-shot run of the built CLI; the report must show FLAP with the right
 * count for exactly those links, agreeing with carrier_changes read directly from sysfs.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseTable, runCli } from '../helpers/cli.js';
import { createTestNamespace, netnsAvailable, type TestNamespace } from '../helpers/netns.js';
import { sshAvailable, startSshd, type SshdPeer } from '../helpers/sshd-peer.js';

const available = sshAvailable() && (await netnsAvailable());

describe.skipIf(!available)('one-shot over SSH against a real sshd with flapping veth links (needs root, sshd, ip netns)', () => {
  let ns: TestNamespace;
  let sshd: SshdPeer;
  let dir: string;
  let nodeList: string;

  beforeAll(async () => {
    ns = await createTestNamespace({ vethPairs: 3 });
    sshd = await startSshd({ netns: ns.name, listenAddress: ns.nsAddress, port: 22 });
    dir = await mkdtemp(path.join(os.tmpdir(), 'linkmon-flap-'));
    nodeList = path.join(dir, 'nodes.txt');
    await writeFile(nodeList, `# the namespace's sshd\n${sshd.user}@${ns.nsAddress}\n`);
  }, 60_000);

  afterAll(async () => {
    await sshd?.stop();
    await ns?.destroy();
    if (dir) await rm(dir, { recursive: true, force: true });
  }, 60_000);

  it('reports FLAP with the carrier-change count for exactly the flapped links', async () => {
    const ifaces = ns.links.flatMap((l) => [l.a, l.b]);
    const before = Object.fromEntries(
      await Promise.all(ifaces.map(async (i) => [i, Number(await ns.readSysfs(i, 'carrier_changes'))] as const)),
    );
    let flapped = false;
    const run = await runCli(
      ['-n', nodeList, '-i', '3', '--show-1g', '-k', sshd.clientKeyPath, '--known-hosts', sshd.knownHostsPath, '--progress'],
      {
        timeoutMs: 60_000,
        onStderrLine: async (line) => {
          if (!flapped && line.startsWith('sample 1/2 done')) {
            flapped = true;
            await ns.flap(ns.links[0]!.a, 1); // pair 0 flaps once: +2 on both ends
            await ns.flap(ns.links[1]!.b, 2); // pair 1 flaps twice: +4 on both ends
          }
        },
      },
    );
    expect(run.stderr).toContain('sample 1/2 done: 1/1 devices, 0 failed');
    expect(flapped).toBe(true);
    expect(run.code).toBe(0);
    const after = Object.fromEntries(
      await Promise.all(ifaces.map(async (i) => [i, Number(await ns.readSysfs(i, 'carrier_changes'))] as const)),
    );

    const rows = parseTable(run.stdout);
    const byIf = new Map(rows.map((r) => [r.IfName, r]));
    // lo is never reported; the management link and the three pairs are.
    expect([...byIf.keys()].sort()).toEqual([...ifaces, ns.nsInterface].sort());
    for (const r of rows) expect(r.Host).toBe(ns.nsAddress);

    const expected: Record<string, number> = {};
    for (const i of ifaces) expected[i] = 0;
    expected[ns.links[0]!.a] = 2;
    expected[ns.links[0]!.b] = 2;
    expected[ns.links[1]!.a] = 4;
    expected[ns.links[1]!.b] = 4;
    for (const i of ifaces) {
      const row = byIf.get(i)!;
      expect(Number(row.Flaps), i).toBe(expected[i]);
      expect(Number(row.Flaps), `${i} vs sysfs`).toBe(after[i]! - before[i]!);
      expect(row.Health, i).toBe(expected[i]! > 0 ? 'FLAP' : 'GOOD');
      expect(row.Carrier, i).toBe('1');
      expect(row.OperState, i).toBe('up');
      expect(row.DriverOK, i).toBe('yes');
    }
    expect(byIf.get(ns.nsInterface)?.Health).toBe('GOOD');
    expect(run.stdout).toMatch(/1 node\(s\), 7 link\(s\) over \d+ s: .*4 FLAP/);
  }, 90_000);

  it('probe node prints the normalized records and raw counters as JSON', async () => {
    const run = await runCli(
      ['probe', 'node', `${sshd.user}@${ns.nsAddress}`, '--show-1g', '-k', sshd.clientKeyPath, '--known-hosts', sshd.knownHostsPath],
      { timeoutMs: 30_000 },
    );
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout) as {
      reachable: boolean;
      links: { port: string; counters: Record<string, string>; raw: Record<string, string>; info: Record<string, string> }[];
      errors: unknown[];
    };
    expect(out.reachable).toBe(true);
    const a0 = out.links.find((l) => l.port === ns.links[0]!.a)!;
    expect(a0.counters.carrier_changes).toBe(await ns.readSysfs(ns.links[0]!.a, 'carrier_changes'));
    expect(a0.info.driver).toBe('veth');
    expect(Object.keys(a0.raw)).toContain('sysfs.rx_bytes');
    expect(Object.keys(a0.raw).some((k) => k.startsWith('ethtool.'))).toBe(true);
  }, 60_000);

  it('without --show-1g leaves out the 10G veth links', async () => {
    const run = await runCli(['probe', 'node', `${sshd.user}@${ns.nsAddress}`, '-k', sshd.clientKeyPath, '--known-hosts', sshd.knownHostsPath]);
    const out = JSON.parse(run.stdout) as { links: unknown[]; skipped: { port: string; reason: string }[] };
    expect(out.links).toEqual([]);
    expect(out.skipped.map((s) => s.port).sort()).toEqual([...ns.links.flatMap((l) => [l.a, l.b]), ns.nsInterface].sort());
  }, 60_000);
});
