import { access, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UsageError } from '../core/errors.js';
import { Secret } from '../core/secret.js';
import { opensslAvailable } from '../sim/switch/eapi-server.js';
import { RedfishClient, type RedfishTarget } from '../transports/http/redfish.js';
import type { CliIo } from './audit.js';
import { parseEventSpec, runSim, simSystemAddress, type SimFlags } from './sim.js';

const HAVE_OPENSSL = await opensslAvailable();
if (!HAVE_OPENSSL) console.warn('sim.test.ts: openssl CLI not found, the `linkmon sim --systems` runs are SKIPPED');

describe('parseEventSpec', () => {
  it('keeps the switch events as they were', () => {
    expect(parseEventSpec('2.5:2:3:flap:2', 4, 8)).toEqual({ atMs: 2500, switchIndex: 1, event: { kind: 'flap', port: 2, times: 2 } });
    expect(parseEventSpec('0:1:1:fec', 1, 1, 3)).toEqual({ atMs: 0, switchIndex: 0, event: { kind: 'fec_burst', port: 0, corrected: 1000, updates: 3 } });
    expect(() => parseEventSpec('1:3:1:flap', 2, 4)).toThrow('--event 1:3:1:flap: switch must be a whole number from 1 to 2');
    expect(() => parseEventSpec('1:1:1:melt', 2, 4)).toThrow('unknown kind "melt"');
  });

  it('names a system by csx<k>, its ports 1 to 12', () => {
    expect(parseEventSpec('5:csx2:3:crc:7', 0, 32, 2)).toEqual({ atMs: 5000, systemIndex: 1, event: { kind: 'crc', port: 2, count: 7 } });
    expect(parseEventSpec('1:csx1:12:flap', 6, 32, 1)).toEqual({ atMs: 1000, systemIndex: 0, event: { kind: 'flap', port: 11, count: 1 } });
    expect(parseEventSpec('1:CSX1:1:fec', 6, 32, 1)).toMatchObject({ systemIndex: 0, event: { kind: 'fec', count: 1000 } });
    expect(parseEventSpec('1:csx1:1:fec_uncorrected', 6, 32, 1)).toMatchObject({ event: { kind: 'fec_uncorrected', count: 10 } });
    expect(parseEventSpec('1:csx1:4:down', 6, 32, 1)).toEqual({ atMs: 1000, systemIndex: 0, event: { kind: 'down', port: 3 } });
    expect(parseEventSpec('1:csx1:4:up', 6, 32, 1)).toEqual({ atMs: 1000, systemIndex: 0, event: { kind: 'up', port: 3 } });
  });

  it('refuses systems and ports that are not simulated', () => {
    const bad = (spec: string, switches: number, systems: number): string => {
      try {
        parseEventSpec(spec, switches, 32, systems);
      } catch (err) {
        expect(err).toBeInstanceOf(UsageError);
        return (err as Error).message;
      }
      throw new Error(`${spec} was accepted`);
    };
    expect(bad('1:csx3:1:flap', 6, 2)).toBe('--event 1:csx3:1:flap: system must be csx1 to csx2, not "csx3"');
    expect(bad('1:csx0:1:flap', 6, 2)).toContain('system must be csx1 to csx2');
    expect(bad('1:csx1:1:flap', 6, 0)).toBe('--event 1:csx1:1:flap: no CS-X systems are simulated (give --systems)');
    expect(bad('1:csx1:13:flap', 6, 1)).toBe('--event 1:csx1:13:flap: port must be a whole number from 1 to 12, not "13"');
    expect(bad('1:csx1:1:melt', 6, 1)).toContain('unknown kind "melt"');
    expect(bad('1:leaf:1:flap', 6, 1)).toContain('the target must be a switch number or a system name');
    expect(bad('1:1:1:flap', 0, 1)).toContain('no switches are simulated (--switches 0)');
  });
});

interface Running {
  readonly done: Promise<number>;
  readonly stderr: () => string;
  waitFor(text: string): Promise<void>;
  stop(): Promise<number>;
}

function startSim(flags: Partial<SimFlags>, env: Record<string, string> = {}): Running {
  const controller = new AbortController();
  const err = new PassThrough();
  let text = '';
  const waiters: { text: string; resolve: () => void }[] = [];
  err.on('data', (d: Buffer) => {
    text += d.toString('utf8');
    for (const w of waiters.filter((x) => text.includes(x.text))) w.resolve();
  });
  const io: CliIo = { stdout: new PassThrough(), stderr: err as unknown as NodeJS.WriteStream, env, signal: controller.signal };
  const done = runSim({ switches: '6', ports: '32', ...flags }, io);
  return {
    done,
    stderr: () => text,
    waitFor: (t) =>
      new Promise<void>((resolve, reject) => {
        if (text.includes(t)) return resolve();
        waiters.push({ text: t, resolve });
        done.then(() => reject(new Error(`linkmon sim ended before "${t}": ${text}`)), reject);
      }),
    stop: async () => {
      controller.abort();
      return await done;
    },
  };
}

describe('linkmon sim --systems', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'linkmon-sim-cli-'));
  });
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('still refuses --switches 0 without systems', async () => {
    await expect(runSim({ switches: '0', ports: '4' }, { stdout: new PassThrough(), stderr: new PassThrough() as unknown as NodeJS.WriteStream, env: {}, signal: AbortSignal.abort() })).rejects.toThrow(
      '--switches must be a whole number from 1',
    );
  });

  it.skipIf(!HAVE_OPENSSL)('runs systems only: network JSON systems[], CA file, host list, events on that system and port', async () => {
    const PASSWORD = 'sim-csx-Pw-0b7e';
    const net = path.join(dir, 'only-systems.json');
    const list = path.join(dir, 'csx.txt');
    const sim = startSim({ switches: '0', systems: '2', networkJson: net, csxList: list, event: ['0:csx2:3:crc:7', '0:csx1:12:down'] }, { LINKMON_SIM_PASSWORD: PASSWORD });
    const client = new RedfishClient({ retryBaseMs: 20 });
    try {
      await sim.waitFor('linkmon sim: csx1 port 12: down');
      await sim.waitFor('linkmon sim: csx2 port 3: crc');
      const doc = JSON.parse(await readFile(net, 'utf8')) as { switches: unknown[]; systems: { name: string; management_address: string; redfish_port: number; redfish_ca_file: string }[] };
      expect(doc.switches).toEqual([]);
      expect(doc.systems.map((s) => [s.name, s.management_address])).toEqual([
        ['csx1', '127.3.0.1'],
        ['csx2', '127.3.0.2'],
      ]);
      const port = doc.systems[0]!.redfish_port;
      expect(doc.systems.every((s) => s.redfish_port === port && s.redfish_ca_file === path.join(dir, 'only-systems-csx-ca.pem'))).toBe(true);
      expect(path.isAbsolute(doc.systems[0]!.redfish_ca_file)).toBe(true);
      await access(doc.systems[0]!.redfish_ca_file);
      const lines = (await readFile(list, 'utf8')).split('\n').filter((l) => l !== '' && !l.startsWith('#'));
      expect(lines).toEqual([`127.3.0.1:${port}`, `127.3.0.2:${port}`]);
      expect(sim.stderr()).toContain(`linkmon sim: 2 CS-X system(s) × 12 ports (Redfish) on 127.3.0.1…127.3.0.2 HTTPS port ${port}`);
      expect(sim.stderr()).not.toContain('switch(es)');

      const target = (i: number): RedfishTarget => ({
        id: `csx${i + 1}`,
        baseUrl: `https://${simSystemAddress(i)}:${port}`,
        user: 'anyone',
        password: new Secret(PASSWORD),
        caFile: doc.systems[i]!.redfish_ca_file,
      });
      const fcs = async (i: number): Promise<string[]> => {
        const r = await client.get<{ MetricValues: { MetricId: string; MetricValue: string }[] }>(target(i), '/redfish/v1/TelemetryService/MetricReports/NetworkInterface.rx_pkt_bad_fcs', { timeoutMs: 10_000 });
        return r!.MetricValues.filter((v) => /DATA_NETWORK_IF_\d+$/.test(v.MetricId)).map((v) => v.MetricValue);
      };
      expect(await fcs(1)).toEqual(['0', '0', '7', '0', '0', '0', '0', '0', '0', '0', '0', '0']);
      expect(await fcs(0)).toEqual(Array(12).fill('0'));
      const links = async (i: number): Promise<string[]> =>
        (await client.getAll<{ LinkStatus: string }>(target(i), '/redfish/v1/Systems/system/EthernetInterfaces', { timeoutMs: 10_000 })).map((x) => x.LinkStatus);
      expect(await links(0)).toEqual([...Array<string>(11).fill('LinkUp'), 'LinkDown']);
      expect(await links(1)).toEqual(Array(12).fill('LinkUp'));
    } finally {
      await client.close();
      expect(await sim.stop()).toBe(0);
    }
  });

  it.skipIf(!HAVE_OPENSSL)('runs switches and systems side by side in one network JSON', async () => {
    const net = path.join(dir, 'both.json');
    const sim = startSim({ switches: '1', ports: '2', systems: '1', networkJson: net });
    try {
      await sim.waitFor('CS-X system(s)');
      const doc = JSON.parse(await readFile(net, 'utf8')) as { switches: { management_address: string }[]; systems: { name: string; redfish_ca_file: string }[] };
      expect(doc.switches.map((s) => s.management_address)).toEqual(['127.2.0.1']);
      expect(doc.systems.map((s) => s.name)).toEqual(['csx1']);
      expect(doc.systems[0]?.redfish_ca_file).toBe(path.join(dir, 'both-csx-ca.pem'));
      expect(sim.stderr()).toContain('linkmon sim: 1 switch(es) × 2 ports');
    } finally {
      expect(await sim.stop()).toBe(0);
    }
  });
});
