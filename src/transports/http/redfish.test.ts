import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ErrorCodes, LinkmonError } from '../../core/errors.js';
import { Secret } from '../../core/secret.js';
import { loadCaptureTree, loadMockupTree, startRedfishSimulator } from '../../sim/redfish/server.js';
import type { RedfishSimulator, RedfishTree } from '../../sim/redfish/server.js';
import { opensslAvailable } from '../../sim/switch/eapi-server.js';
import { RedfishClient } from './redfish.js';
import type { RedfishClientOptions, RedfishTarget } from './redfish.js';
import { SHARED_AVAILABLE, sharedFixture } from '../../../test/helpers/shared-fixtures.js';

const HAVE_OPENSSL = await opensslAvailable();
if (!HAVE_OPENSSL) console.warn('redfish.test.ts: openssl CLI not found, the Redfish simulator tests are SKIPPED');

const PASSWORD = 'Redf1sh-S3cret-pw!';
const BASIC = Buffer.from(`root:${PASSWORD}`).toString('base64');
const MOCKUP = sharedFixture('public/redfish-mockups/public-rackmount1');
const DELL = sharedFixture('cluster-captures/bmc-redfish/dell');
const HPE = sharedFixture('cluster-captures/bmc-redfish/hpe');
const M = '127.3.201.1'; // DMTF mockup
const D = '127.3.201.2'; // Dell capture
const F = '127.3.201.3'; // DMTF mockup, faults injected

/** Every error any test saw: none may carry the password. */
const seen: LinkmonError[] = [];

async function failure(p: Promise<unknown>): Promise<LinkmonError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(LinkmonError);
    seen.push(err as LinkmonError);
    return err as LinkmonError;
  }
  throw new Error('expected a failure');
}

describe.skipIf(!SHARED_AVAILABLE)('Redfish trees (needs ../shared/fixtures)', () => {
  it('loads a DMTF mockup by folder', async () => {
    const tree = await loadMockupTree(MOCKUP);
    expect(tree.get('/redfish/v1')).toMatchObject({ Id: 'RootService' });
    expect(tree.get('/redfish/v1/Systems')).toMatchObject({ Members: [{ '@odata.id': '/redfish/v1/Systems/437XR1138R2' }] });
    expect(tree.has('/redfish/v1/Chassis/1U/Sensors/AmbientTemp')).toBe(true);
  });

  it('loads the Dell and HPE captures by file name', async () => {
    const dell = await loadCaptureTree(DELL);
    expect([...dell.keys()].sort()).toEqual([
      '/redfish/v1',
      '/redfish/v1/Chassis',
      '/redfish/v1/Chassis/System.Embedded.1',
      '/redfish/v1/Chassis/System.Embedded.1/Thermal',
      '/redfish/v1/Systems',
      '/redfish/v1/Systems/System.Embedded.1',
    ]);
    const hpe = await loadCaptureTree(HPE);
    expect(hpe.has('/redfish/v1/Chassis/1/Thermal')).toBe(true);
  });
});

describe.skipIf(!HAVE_OPENSSL || !SHARED_AVAILABLE)('RedfishClient against the Redfish simulator (needs openssl and ../shared/fixtures)', () => {
  let sim: RedfishSimulator;
  let mockup: RedfishTree;
  const clients: RedfishClient[] = [];
  const client = (opts: RedfishClientOptions = {}): RedfishClient => {
    const c = new RedfishClient({ retryBaseMs: 20, ...opts });
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
    mockup = await loadMockupTree(MOCKUP);
    sim = await startRedfishSimulator({
      bmcs: [
        { address: M, password: PASSWORD, tree: mockup },
        { address: D, password: PASSWORD, tree: await loadCaptureTree(DELL) },
        { address: F, password: PASSWORD, tree: mockup },
      ],
      port: 0,
    });
  });

  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await sim?.stop();
  });

  beforeEach(() => {
    if (!sim) return;
    sim.setFaults(F, {});
    sim.get(F).expireSessions();
  });

  it('reads the DMTF mockup with basic authentication, collections followed', async () => {
    const c = client();
    const root = await c.get<{ RedfishVersion: string }>(target(M), '/redfish/v1', { timeoutMs: 5000 });
    expect(root?.RedfishVersion).toBe('1.15.0');
    const systems = await c.getAll<{ Id: string }>(target(M), '/redfish/v1/Systems', { timeoutMs: 5000 });
    expect(systems.map((s) => s.Id)).toEqual(['437XR1138R2']);
    expect(sim.get(M).stats.sessionsCreated).toBe(0);
  });

  it('reads the Dell capture', async () => {
    const c = client();
    const chassis = await c.getAll<{ Id: string }>(target(D), '/redfish/v1/Chassis', { timeoutMs: 5000 });
    expect(chassis.map((x) => x.Id)).toEqual(['System.Embedded.1']);
    const thermal = await c.get<{ Temperatures?: unknown[]; Fans?: unknown[] }>(target(D), '/redfish/v1/Chassis/System.Embedded.1/Thermal', { timeoutMs: 5000 });
    expect(Array.isArray(thermal?.Temperatures) || Array.isArray(thermal?.Fans)).toBe(true);
  });

  it('follows Members@odata.nextLink pages', async () => {
    sim.setFaults(F, { pageSize: 10 });
    const c = client();
    const sensors = await c.getAll<{ Id: string }>(target(F), '/redfish/v1/Chassis/1U/Sensors', { timeoutMs: 10_000 });
    const all = (mockup.get('/redfish/v1/Chassis/1U/Sensors') as { Members: unknown[] }).Members;
    expect(sensors).toHaveLength(all.length);
    expect(sensors[0]?.Id).toBe('AmbientTemp');
    expect(sim.get(F).paths.filter((p) => p.startsWith('/redfish/v1/Chassis/1U/Sensors?$skip=')).length).toBe(Math.ceil(all.length / 10) - 1);
  });

  it('logs in once, reuses the session and deletes it on close', async () => {
    const h = sim.get(F);
    const before = { ...h.stats };
    const c = new RedfishClient();
    const t = target(F, { auth: 'session' });
    await Promise.all([1, 2, 3, 4, 5].map(() => c.get(t, '/redfish/v1/Systems/437XR1138R2', { timeoutMs: 5000 })));
    await c.getAll(t, '/redfish/v1/Chassis', { timeoutMs: 5000 });
    expect(h.stats.sessionsCreated - before.sessionsCreated).toBe(1);
    expect(h.stats.activeSessions).toBe(1);
    await c.close();
    expect(h.stats.activeSessions).toBe(0);
    expect(h.stats.sessionsDeleted - before.sessionsDeleted).toBe(1);
    const closed = await failure(c.get(t, '/redfish/v1', { timeoutMs: 1000 }));
    expect(closed.code).toBe(ErrorCodes.REDFISH_CLOSED);
  });

  it('logs in again once when the BMC drops the session', async () => {
    const h = sim.get(F);
    const before = h.stats.sessionsCreated;
    const c = new RedfishClient();
    const t = target(F, { auth: 'session' });
    await c.get(t, '/redfish/v1', { timeoutMs: 5000 });
    h.expireSessions();
    await expect(c.get(t, '/redfish/v1/Systems', { timeoutMs: 5000 })).resolves.toMatchObject({ 'Members@odata.count': 1 });
    expect(h.stats.sessionsCreated - before).toBe(2);
    await c.close();
    expect(h.stats.activeSessions).toBe(0);
  });

  it('a 401 after the new login is an authentication error (one re-login only)', async () => {
    const h = sim.get(F);
    sim.setFaults(F, { status401: true });
    const before = h.stats.sessionsCreated;
    const c = new RedfishClient();
    const err = await failure(c.get(target(F, { auth: 'session' }), '/redfish/v1/Systems', { timeoutMs: 5000 }));
    expect(err.code).toBe(ErrorCodes.REDFISH_AUTH);
    expect(err.target).toBe(`bmc-${F}`);
    expect(err.message).toContain('after a new session login');
    expect(h.stats.sessionsCreated - before).toBe(2);
    await c.close();
    expect(h.stats.activeSessions).toBe(0);

    const basic = await failure(client().get(target(F), '/redfish/v1/Systems', { timeoutMs: 5000 }));
    expect(basic.code).toBe(ErrorCodes.REDFISH_AUTH);
  });

  it('a wrong password is an authentication error, basic or session', async () => {
    const wrong = { password: new Secret('not-the-password') };
    const basic = await failure(client().get(target(M, wrong), '/redfish/v1', { timeoutMs: 5000 }));
    expect(basic.code).toBe(ErrorCodes.REDFISH_AUTH);
    const session = await failure(client().get(target(M, { ...wrong, auth: 'session' }), '/redfish/v1', { timeoutMs: 5000 }));
    expect(session.code).toBe(ErrorCodes.REDFISH_AUTH);
    expect(session.message).toMatch(/session login/);
  });

  it('a 404 is undefined on an optional resource and an error naming the URL on a required one', async () => {
    sim.setFaults(F, { status404For: ['/redfish/v1/Chassis/1U/Thermal'] });
    const c = client();
    const t = target(F);
    await expect(c.get(t, '/redfish/v1/Chassis/1U/Thermal', { timeoutMs: 5000, optional: true })).resolves.toBeUndefined();
    await expect(c.getAll(t, '/redfish/v1/NoSuchCollection', { timeoutMs: 5000, optional: true })).resolves.toEqual([]);
    const err = await failure(c.get(t, '/redfish/v1/Chassis/1U/Thermal', { timeoutMs: 5000 }));
    expect(err.code).toBe(ErrorCodes.REDFISH_NOT_FOUND);
    expect(err.message).toContain(`https://${F}:${sim.port}/redfish/v1/Chassis/1U/Thermal`);
  });

  it('retries 5xx answers with backoff, at most twice', async () => {
    const c = client();
    const t = target(F);
    sim.setFaults(F, { status500Times: 2 });
    const sent = c.requests;
    await expect(c.get(t, '/redfish/v1', { timeoutMs: 5000 })).resolves.toMatchObject({ Id: 'RootService' });
    expect(c.requests - sent).toBe(3);

    sim.setFaults(F, { status500Times: 3 });
    const err = await failure(c.get(t, '/redfish/v1', { timeoutMs: 5000 }));
    expect(err.code).toBe(ErrorCodes.REDFISH_HTTP);
    expect(err.message).toMatch(/HTTP 500.*after 2 retries/);

    // The retries stop at the deadline.
    sim.setFaults(F, { status500Times: 100 });
    const slow = client({ retryBaseMs: 2000 });
    const t0 = Date.now();
    await failure(slow.get(t, '/redfish/v1', { timeoutMs: 500 }));
    expect(Date.now() - t0).toBeLessThan(1500);
  });

  it('retries a connection reset', async () => {
    sim.setFaults(F, { resetTimes: 2 });
    const c = client();
    const sent = c.requests;
    await expect(c.get(target(F), '/redfish/v1/Systems', { timeoutMs: 5000 })).resolves.toMatchObject({ 'Members@odata.count': 1 });
    expect(c.requests - sent).toBe(3);
    sim.setFaults(F, { resetTimes: 3 });
    const err = await failure(c.get(target(F), '/redfish/v1/Systems', { timeoutMs: 5000 }));
    expect(err.code).toBe(ErrorCodes.REDFISH_CONNECT);
    expect(err.message).toMatch(/connection reset.*after 2 retries/);
  });

  it('a session limit reached is a clear error', async () => {
    sim.setFaults(F, { maxSessions: 0 });
    const c = client();
    const sent = c.requests;
    const err = await failure(c.get(target(F, { auth: 'session' }), '/redfish/v1', { timeoutMs: 5000 }));
    expect(c.requests - sent).toBe(1); // not retried
    expect(err.code).toBe(ErrorCodes.REDFISH_SESSION_LIMIT);
    expect(err.message).toMatch(/HTTP 503.*simultaneous sessions/);
  });

  it('malformed JSON is an error naming the path', async () => {
    sim.setFaults(F, { malformedJson: ['/redfish/v1/Managers'] });
    const err = await failure(client().get(target(F), '/redfish/v1/Managers', { timeoutMs: 5000 }));
    expect(err.code).toBe(ErrorCodes.REDFISH_BAD_RESPONSE);
    expect(err.message).toContain('/redfish/v1/Managers');
    expect(err.message).toContain('not JSON');
  });

  it('a hung BMC times out, naming the target', async () => {
    sim.setFaults(F, { hang: true });
    const t0 = Date.now();
    const err = await failure(client().get(target(F), '/redfish/v1', { timeoutMs: 300 }));
    expect(err.code).toBe(ErrorCodes.REDFISH_TIMEOUT);
    expect(err.message).toContain(`bmc-${F}`);
    expect(Date.now() - t0).toBeLessThan(2000);

    const ac = new AbortController();
    setTimeout(() => ac.abort(), 100);
    const cancelled = await failure(client().get(target(F), '/redfish/v1', { timeoutMs: 10_000, signal: ac.signal }));
    expect(cancelled.code).toBe(ErrorCodes.REDFISH_TIMEOUT);
    expect(cancelled.message).toMatch(/cancelled/);
  });

  it('never has more requests in flight to one BMC than the limit', async () => {
    const h = sim.get(F);
    sim.setFaults(F, { delayMs: 30 });
    h.stats.maxInFlight = 0;
    const sensors = await client().getAll(target(F), '/redfish/v1/Chassis/1U/Sensors', { timeoutMs: 20_000 });
    expect(sensors.length).toBeGreaterThan(20);
    expect(h.stats.maxInFlight).toBe(4);

    h.stats.maxInFlight = 0;
    const c = client({ maxConcurrentPerBmc: 2 });
    const t = target(F, { auth: 'session' });
    await Promise.all(Array.from({ length: 12 }, () => c.get(t, '/redfish/v1/Systems', { timeoutMs: 20_000 })));
    expect(h.stats.maxInFlight).toBe(2);
  });

  it('verifies the certificate: refused without the CA, accepted with caFile or insecure', async () => {
    const { caFile: _ca, ...noCa } = target(M);
    const err = await failure(client().get(noCa, '/redfish/v1', { timeoutMs: 5000 }));
    expect(err.code).toBe(ErrorCodes.REDFISH_TLS);
    expect(err.message).toMatch(/TLS certificate .* not accepted/);
    await expect(client().get(target(M), '/redfish/v1', { timeoutMs: 5000 })).resolves.toMatchObject({ Id: 'RootService' });
    await expect(client().get({ ...noCa, insecure: true }, '/redfish/v1', { timeoutMs: 5000 })).resolves.toMatchObject({ Id: 'RootService' });
    const missing = await failure(client().get(target(M, { caFile: '/nonexistent/ca.pem' }), '/redfish/v1', { timeoutMs: 5000 }));
    expect(missing.code).toBe(ErrorCodes.REDFISH_TLS);
  });

  it('connection refused is a connect error', async () => {
    const err = await failure(client().get(target(M, { baseUrl: `https://127.3.201.9:${sim.port}` }), '/redfish/v1', { timeoutMs: 5000 }));
    expect(err.code).toBe(ErrorCodes.REDFISH_CONNECT);
  });

  it('no error carries the password or the Authorization value', () => {
    expect(seen.length).toBeGreaterThan(10);
    for (const e of seen) {
      for (const text of [e.message, e.toLine(), JSON.stringify(e)]) {
        expect(text).not.toContain(PASSWORD);
        expect(text).not.toContain(BASIC);
      }
    }
  });
});
