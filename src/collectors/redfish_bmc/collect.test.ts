import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHARED_AVAILABLE, sharedFixture } from '../../../test/helpers/shared-fixtures.js';
import { ErrorCodes, LinkmonError } from '../../core/errors.js';
import { Secret } from '../../core/secret.js';
import { loadCaptureTree, startRedfishSimulator, type RedfishSimulator } from '../../sim/redfish/server.js';
import { opensslAvailable } from '../../sim/switch/eapi-server.js';
import { parseExposition, renderExposition, sampleKey } from '../../sinks/prometheus/exposition.js';
import { RedfishClient, type RedfishTarget } from '../../transports/http/redfish.js';
import { collectRedfishBmc } from './collect.js';

const HAVE_OPENSSL = await opensslAvailable();
if (!HAVE_OPENSSL) console.warn('redfish_bmc/collect.test.ts: openssl CLI not found, these tests are SKIPPED');

const TESTDATA = path.join(path.dirname(fileURLToPath(import.meta.url)), 'testdata');
const PASSWORD = 'bmc-Pa55word';
const BMCS = {
  dell: { address: '127.3.60.1', dir: sharedFixture('cluster-captures/bmc-redfish/dell'), node: 'sc-r10ra19-s21' },
  hpe: { address: '127.3.60.2', dir: sharedFixture('cluster-captures/bmc-redfish/hpe'), node: 'net009-mg-sr01.cg3' },
  supermicro: { address: '127.3.60.3', dir: path.join(TESTDATA, 'supermicro'), node: 'smc-node01' },
  lenovo: { address: '127.3.60.4', dir: path.join(TESTDATA, 'lenovo'), node: 'lnv-node07' },
} as const;
const FAULTY = '127.3.60.5'; // the Dell capture, with faults injected

describe.skipIf(!HAVE_OPENSSL || !SHARED_AVAILABLE)('redfish_bmc collector over HTTPS (needs openssl and ../shared/fixtures)', () => {
  let sim: RedfishSimulator;
  const clients: RedfishClient[] = [];
  const client = (): RedfishClient => {
    const c = new RedfishClient({ retryBaseMs: 10 });
    clients.push(c);
    return c;
  };
  const target = (address: string, extra: Partial<RedfishTarget> = {}): RedfishTarget => ({
    id: `bmc-${address}`,
    baseUrl: `https://${address}:${sim.port}`,
    user: 'root',
    password: new Secret(PASSWORD),
    caFile: sim.caFile,
    ...extra,
  });

  beforeAll(async () => {
    const specs: { address: string; password: string; tree: Awaited<ReturnType<typeof loadCaptureTree>> }[] = await Promise.all(
      Object.values(BMCS).map(async (b) => ({ address: b.address as string, password: PASSWORD, tree: await loadCaptureTree(b.dir) })),
    );
    specs.push({ address: FAULTY, password: PASSWORD, tree: await loadCaptureTree(BMCS.dell.dir) });
    sim = await startRedfishSimulator({ bmcs: specs, port: 0 });
  });

  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await sim?.stop();
  });

  for (const [vendor, b] of Object.entries(BMCS)) {
    it(`${vendor}: fetched over the wire, the series equal expected.prom`, async () => {
      const res = await collectRedfishBmc(client(), target(b.address), b.node, { timeoutMs: 10_000 });
      expect(res.errors).toEqual([]);
      const got = parseExposition(renderExposition(res.families)).map(sampleKey).sort();
      const want = parseExposition(readFileSync(path.join(b.dir, 'expected.prom'), 'utf8')).map(sampleKey).sort();
      expect(got).toEqual(want);
    });
  }

  it('a missing Thermal resource leaves only the sensor series out, without an error', async () => {
    sim.setFaults(FAULTY, { status404For: ['/redfish/v1/Chassis/System.Embedded.1/Thermal'] });
    const res = await collectRedfishBmc(client(), target(FAULTY), 'n1', { timeoutMs: 10_000 });
    expect(res.errors).toEqual([]);
    const names = new Set(parseExposition(renderExposition(res.families)).map((s) => s.name));
    expect(names.has('node_ipmi_info')).toBe(true);
    expect(names.has('node_ipmi_health_status')).toBe(true);
    expect(names.has('node_thermals_thermometer')).toBe(false);
  });

  it('a resource answered with broken JSON is an error of that BMC; the rest is kept', async () => {
    sim.setFaults(FAULTY, { malformedJson: ['/redfish/v1/Chassis/System.Embedded.1/Thermal'] });
    const res = await collectRedfishBmc(client(), target(FAULTY), 'n1', { timeoutMs: 10_000 });
    expect(res.errors.map((e) => e.code)).toEqual([ErrorCodes.REDFISH_BAD_RESPONSE]);
    expect(res.errors[0]?.message).toContain('/Thermal');
    expect(res.errors[0]?.target).toBe(`bmc-${FAULTY}`);
    expect(parseExposition(renderExposition(res.families)).some((s) => s.name === 'node_ipmi_memory_installed')).toBe(true);
  });

  it('a BMC that refuses the credentials fails as a whole with REDFISH_AUTH; sessions are not leaked', async () => {
    sim.setFaults(FAULTY, {});
    const c = client();
    const err = await collectRedfishBmc(c, target(FAULTY, { password: new Secret('wrong-one') }), 'n1', { timeoutMs: 10_000 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LinkmonError);
    expect((err as LinkmonError).code).toBe(ErrorCodes.REDFISH_AUTH);
    expect((err as LinkmonError).message).not.toContain('wrong-one');

    const h = sim.get(FAULTY);
    const before = h.stats.sessionsCreated;
    const ok = await collectRedfishBmc(c, target(FAULTY, { auth: 'session' }), 'n1', { timeoutMs: 10_000 });
    expect(ok.errors).toEqual([]);
    expect(h.stats.sessionsCreated - before).toBe(1); // one login shared by every request
    await c.close();
    expect(h.stats.activeSessions).toBe(0);
  });

  it('a hung BMC times out with its name while another BMC answers at the same time', async () => {
    sim.setFaults(FAULTY, { hang: true });
    const c = client();
    const [hung, fine] = await Promise.allSettled([
      collectRedfishBmc(c, target(FAULTY), 'n1', { timeoutMs: 800 }),
      collectRedfishBmc(c, target(BMCS.hpe.address), BMCS.hpe.node, { timeoutMs: 10_000 }),
    ]);
    sim.setFaults(FAULTY, {});
    expect(hung.status).toBe('rejected');
    const err = (hung as PromiseRejectedResult).reason as LinkmonError;
    expect(err.code).toBe(ErrorCodes.REDFISH_TIMEOUT);
    expect(err.target).toBe(`bmc-${FAULTY}`);
    expect(fine.status).toBe('fulfilled');
  });
});
