/**
 * Arista fast polling against a simulated Arista switch over SSH: a port whose FEC registers are
 * updated faster than the sweep interval loses counts to a slow sweep alone; fast polling recovers
 * them. Time is scaled down (register updates every 250 ms, policy ×0.05) to keep the test short.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Secret } from '../../core/secret.js';
import type { Target } from '../../core/target.js';
import { startFabric, type Fabric } from '../../sim/switch/fabric.js';
import { applySimEvent } from '../../sim/switch/state.js';
import { CliSessionPool } from '../../transports/ssh/cli-session.js';
import { KnownHosts } from '../../transports/ssh/known-hosts.js';
import { aristaFecPoller } from '../../vendors/arista_eos/fec-poll.js';
import { SWITCH_DRIVERS } from '../../vendors/drivers.js';
import { SwitchCliCollector } from './collect.js';
import { FAST_POLL } from './fast-poll-policy.js';

async function freePort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
  const port = (srv.address() as net.AddressInfo).port;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const scaled = { ...FAST_POLL, startMs: 250, minMs: 35, maxMs: 15_000 };

describe('Arista FEC fast polling (simulated switch over SSH)', () => {
  let fabric: Fabric | undefined;
  let dir: string | undefined;
  afterEach(async () => {
    await fabric?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  async function run(fastPoll: boolean): Promise<{ counted: bigint; truth: bigint; polls: number }> {
    fabric = await startFabric({ switches: 1, ports: 4, oses: ['arista_eos'], port: await freePort(), password: 'pw', firstIndex: 300 });
    dir = await mkdtemp(path.join(os.tmpdir(), 'linkmon-fastpoll-'));
    await writeFile(path.join(dir, 'kh'), fabric.sim.knownHosts);
    const sw = fabric.switches[0]!.sw;
    sw.fecUpdateMs = 250;
    const pool = new CliSessionPool({ knownHosts: await KnownHosts.load(path.join(dir, 'kh')), hostKeyPolicy: 'strict' });
    const collector = new SwitchCliCollector(pool, {
      drivers: SWITCH_DRIVERS,
      timeoutMs: 10_000,
      ...(fastPoll ? { fastPoll: { poller: aristaFecPoller, policy: scaled } } : {}),
    });
    const [host, port] = [fabric.switches[0]!.address, fabric.sim.port];
    const target: Target = { id: sw.name, kind: 'switch', host, port, vendor: 'arista', labels: {}, credentials: { user: 'admin', password: new Secret('pw') }, source: 'test' };
    const counted = async (): Promise<bigint> => {
      const s = (await collector.collect(target)).sample;
      expect(s.errors.filter((e) => e.severity === 'error')).toEqual([]);
      return s.links.find((l) => l.description === 'to node-003 ens1f0')?.counters.fec_corrected_codewords ?? -1n;
    };
    try {
      await counted(); // baseline
      // a steady stream: 40 register updates of 100 corrected codewords, one every 250 ms (10 s)
      applySimEvent(sw, { kind: 'fec_burst', port: 2, corrected: 4000, updates: 40 });
      await sleep(1400);
      const before = sw.ports[2]!.fecCorrected;
      const first = await counted(); // sees several updates at once: missed ones → fast polling
      await sleep(3500);
      const second = await counted();
      const truth = sw.ports[2]!.fecCorrected - before;
      return { counted: second - first, truth, polls: collector.fastPollCount(sw.name) };
    } finally {
      await collector.close();
    }
  }

  it('recovers the FEC counts a slow sweep alone misses', async () => {
    const slow = await run(false);
    await fabric?.stop();
    fabric = undefined;
    const fast = await run(true);
    // without fast polling only the latest register value of each sweep is counted
    expect(slow.polls).toBe(0);
    expect(slow.counted).toBeLessThanOrEqual(100n);
    expect(slow.truth).toBeGreaterThan(1000n);
    // with it, most updates between the two sweeps are seen (the policy hovers around the update
    // period, so some are still missed), and none is counted twice
    expect(fast.polls).toBeGreaterThan(3);
    expect(fast.counted).toBeLessThanOrEqual(fast.truth);
    expect(Number(fast.counted)).toBeGreaterThanOrEqual(Number(fast.truth) * 0.5);
    expect(fast.counted).toBeGreaterThan(5n * slow.counted);
  }, 30_000);
});
