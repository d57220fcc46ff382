/**
 * The collection script, frame parser and mapper together: collect.sh runs for real (bash) over a
 * sysfs tree, with an `ethtool` on PATH that answers from the real captures of an mlx5 node in
 * ../shared/fixtures/cluster-captures/node/mlx5-node.
 */
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHARED_AVAILABLE, sharedFixture } from '../../../test/helpers/shared-fixtures.js';
import { execLocal } from '../../transports/exec.js';
import { mapNodeSample } from './map.js';
import { parseNodeOutput } from './parse.js';
import { NODE_SCRIPT } from './script.js';

const FAKE_ETHTOOL = `#!/bin/bash
# Answers like ethtool from files named after the command line: ethtool_-S_enp94s0, ...
f="$FIXTURES/ethtool_$(IFS=_; echo "$*")"
if [ -f "$f" ] && ! grep -q '^<NOTE' "$f"; then cat "$f"; exit 0; fi
echo "netlink error: Operation not supported" >&2
exit 95
`;

async function fakeEthtool(dir: string, fixtures: string): Promise<NodeJS.ProcessEnv> {
  const bin = path.join(dir, 'bin');
  await import('node:fs/promises').then((fs) => fs.mkdir(bin));
  await writeFile(path.join(bin, 'ethtool'), FAKE_ETHTOOL);
  await chmod(path.join(bin, 'ethtool'), 0o755);
  return { PATH: `${bin}:/usr/bin:/bin`, FIXTURES: fixtures };
}

describe.skipIf(!SHARED_AVAILABLE)('collect.sh + parse + map on the real mlx5 node capture (needs ../shared/fixtures)', () => {
  const node = sharedFixture('cluster-captures/node/mlx5-node');
  let dir: string;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'linkmon-nodenic-'));
    env = await fakeEthtool(dir, path.join(node, 'command_outputs'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const collect = async (minSpeed: number) => {
    const r = await execLocal('mlx5-node', 'bash', ['-s', '--', String(minSpeed), path.join(node, 'fake_fs/sys')], {
      stdin: NODE_SCRIPT,
      timeoutMs: 20_000,
      env,
    });
    expect(r.exitCode).toBe(0);
    const raw = parseNodeOutput(r.stdout);
    return { raw, mapped: mapNodeSample('mlx5-node', raw, { minSpeedMbps: minSpeed }) };
  };

  it('reports only the 100G port by default and skips the 1G ones with their speed', async () => {
    const { raw, mapped } = await collect(100_000);
    expect(raw.complete).toBe(true);
    expect(raw.unmatched).toEqual([]);
    expect(mapped.links.map((l) => l.port)).toEqual(['enp94s0']);
    expect(mapped.skipped.map((s) => s.port).sort()).toEqual(['eno1', 'eno2', 'eno3', 'eno4']);
    expect(mapped.skipped.find((s) => s.port === 'eno1')?.reason).toBe('speed 10000');
  });

  it('normalizes the mlx5 counters, lanes, RDMA counters and optics of the capture', async () => {
    const { mapped } = await collect(100_000);
    const link = mapped.links[0]!;
    const read = async (rel: string): Promise<string> => (await readFile(path.join(node, rel), 'utf8')).trim();
    const stats = await read('command_outputs/ethtool_-S_enp94s0');
    const stat = (name: string): bigint => BigInt(new RegExp(`^\\s+${name}: (\\d+)$`, 'm').exec(stats)![1]!);

    expect(link.mac).toBe(await read('fake_fs/sys/class/net/enp94s0/address'));
    expect(link.counters.carrier_changes).toBe(BigInt(await read('fake_fs/sys/class/net/enp94s0/carrier_changes')));
    expect(link.speedMbps).toBe(100_000);
    expect(link.maxSpeedMbps).toBe(100_000);
    expect(link.driverOk).toBe(true);
    expect(link.info.driver).toBe('mlx5_core');
    expect(link.info.bus_info).toBe('0000:5e:00.0');
    expect(link.counters.rx_bytes).toBe(stat('rx_bytes_phy'));
    expect(link.counters.rx_crc_errors).toBe(stat('rx_crc_errors_phy'));
    expect(link.counters.rx_symbol_errors).toBe(stat('rx_pcs_symbol_err_phy'));
    expect(link.counters.fec_corrected_bits).toBe(stat('rx_corrected_bits_phy'));
    expect(link.laneCounters.fec_corrected_bits).toEqual([0, 1, 2, 3].map((l) => stat(`rx_err_lane_${l}_phy`)));
    expect(link.counters.link_down_events).toBe(stat('link_down_events_phy'));
    const hw = 'fake_fs/sys/class/net/enp94s0/device/infiniband/mlx5_0/ports/1/hw_counters';
    expect(link.counters.rdma_local_ack_timeout_err).toBe(BigInt(await read(`${hw}/local_ack_timeout_err`)));
    expect(link.counters.rdma_out_of_sequence).toBe(BigInt(await read(`${hw}/out_of_sequence`)));
    expect(link.raw.get('rdma.np_cnp_sent')).toBe(BigInt(await read(`${hw}/np_cnp_sent`)));
    // every ethtool -S counter is kept under its own name
    const names = [...stats.matchAll(/^\s+([^:\s]+): \d+$/gm)].map((m) => m[1]);
    for (const n of names) expect(link.raw.get(`ethtool.${n}`), n).toBeDefined();
    expect(link.optics?.vendor).toBe('Arista Networks');
    expect(link.optics?.serial).toBe('ADP1838004XW');
    expect(link.optics?.temperatureC).toBe(44.69);
    expect(link.optics?.lanes.map((l) => l.rxPowerMw)).toEqual([0.8468, 0.8364, 1.0164, 0.7225]);
  });

  it('reports the capture line it does not understand instead of dropping it', async () => {
    const { mapped } = await collect(100_000);
    const warnings = mapped.errors.filter((e) => e.code === 'LINKMON_ERR_PARSE_UNMATCHED');
    // The saved capture ends with an annotation line; it must surface as a warning, nothing else.
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.message).toMatch(/ethtool -S enp94s0: 1 line\(s\) not understood .*NOTE/);
    expect(mapped.errors.filter((e) => e.severity === 'error')).toEqual([]);
  });

  it('with the speed floor at 0 (--show-1g) reports every interface', async () => {
    const { mapped } = await collect(0);
    expect(mapped.links.map((l) => l.port).sort()).toEqual(['eno1', 'eno2', 'eno3', 'eno4', 'enp94s0']);
    const eno1 = mapped.links.find((l) => l.port === 'eno1')!;
    expect(eno1.speedMbps).toBe(Number((await readFile(path.join(node, 'fake_fs/sys/class/net/eno1/speed'), 'utf8')).trim()));
  });
});
