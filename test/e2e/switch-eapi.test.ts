/**
 * End to end over Arista eAPI: the built CLI reads a simulated Arista switch over HTTPS with its
 * certificate verified against the simulator's CA, and reports an injected flap and FEC errors.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { opensslAvailable, startEapiSimulator, type EapiSimulator } from '../../src/sim/switch/eapi-server.js';
import { applySimEvent, createSimSwitch, type SimSwitch } from '../../src/sim/switch/state.js';
import { parseTable, runCli } from '../helpers/cli.js';

const PASSWORD = 'eapi-Sim-pw-5521';
const available = await opensslAvailable();

describe.skipIf(!available)('Arista over eAPI (HTTPS JSON-RPC; needs openssl for the test CA)', () => {
  let sim: EapiSimulator;
  let sw: SimSwitch;
  let dir: string;
  let net: string;

  beforeAll(async () => {
    sw = createSimSwitch({ name: 'eapi-leaf-1', os: 'arista_eos', ports: 6, seed: 77 });
    sim = await startEapiSimulator({ switches: [{ sw, address: '127.2.200.1', password: PASSWORD }], port: 0 });
    dir = await mkdtemp(path.join(os.tmpdir(), 'linkmon-eapi-'));
    net = path.join(dir, 'network.json');
    await writeFile(
      net,
      JSON.stringify({
        switches: [
          { name: sw.name, vendor: 'arista', management_address: '127.2.200.1', username: 'admin', password: PASSWORD, transport: 'eapi', eapi_port: sim.port, eapi_ca_file: sim.caFile },
        ],
      }),
    );
  });
  afterAll(async () => {
    await sim?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('reports a flap and uncorrectable FEC on exactly those ports', async () => {
    let injected = false;
    const run = await runCli(['-j', net, '--no-nodes', '-i', '4', '--progress'], {
      timeoutMs: 60_000,
      onStderrLine: (line) => {
        if (injected || !line.startsWith('sample 1/2 done')) return;
        injected = true;
        applySimEvent(sw, { kind: 'flap', port: 1 });
        applySimEvent(sw, { kind: 'fec_burst', port: 4, corrected: 0, uncorrected: 2 });
      },
    });
    expect(run.code, run.stderr + run.stdout).toBe(0);
    const rows = parseTable(run.stdout, 'Switch');
    expect(rows.map((r) => r.Health)).toEqual(['GOOD', 'FLAP', 'GOOD', 'GOOD', 'UNCORRECTED_ERRORS', 'GOOD']);
    expect(rows[1]?.Flaps).toBe('2');
    expect(run.stdout + run.stderr).not.toContain(PASSWORD);
  }, 60_000);

  it('refuses a certificate it cannot verify, with a way out named in the error', async () => {
    const run = await runCli(['probe', 'switch', 'admin@127.2.200.1', '--vendor', 'arista', '--eapi', '--eapi-port', String(sim.port)], {
      env: { SWITCH_PASSWORD: PASSWORD },
    });
    expect(run.code).toBe(1);
    const out = JSON.parse(run.stdout) as { reachable: boolean; errors: { message: string }[] };
    expect(out.reachable).toBe(false);
    expect(out.errors[0]?.message).toMatch(/certificate.*(caFile|CA)/i);
    const ok = await runCli(['probe', 'switch', 'admin@127.2.200.1', '--vendor', 'arista', '--eapi', '--eapi-port', String(sim.port), '--eapi-ca-file', sim.caFile], {
      env: { SWITCH_PASSWORD: PASSWORD },
    });
    expect(ok.code, ok.stdout).toBe(0);
    expect((JSON.parse(ok.stdout) as { links: unknown[] }).links).toHaveLength(6);
  }, 30_000);
});
