import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorCodes, LinkmonError } from '../../core/errors.js';
import type { DeviceSample } from '../../core/link.js';
import { Secret } from '../../core/secret.js';
import type { Target } from '../../core/target.js';
import { compareDeviceSamples } from '../../health/link-health.js';
import { createSystemCollector } from '../../cli/system-collector.js';
import { createCsxSystem, type CsxSystem } from '../../sim/redfish/csx.js';
import { startRedfishSimulator, type RedfishSimulator } from '../../sim/redfish/server.js';
import { opensslAvailable } from '../../sim/switch/eapi-server.js';
import { parseExposition, renderExposition } from '../../sinks/prometheus/exposition.js';
import { RedfishClient, type RedfishTarget } from '../../transports/http/redfish.js';
import { collectCsx } from './collect.js';
import { csxReportPath } from './map.js';

const HAVE_OPENSSL = await opensslAvailable();
if (!HAVE_OPENSSL) console.warn('redfish_system/collect.test.ts: openssl CLI not found, these tests are SKIPPED');

const PASSWORD = 'csx-Adm1n-pw';
const ADDRESSES = ['127.3.70.1', '127.3.70.2', '127.3.70.3', '127.3.70.4', '127.3.70.5'] as const;

describe.skipIf(!HAVE_OPENSSL)('redfish_system collector against simulated CS-X systems', () => {
  let sim: RedfishSimulator;
  let clock = Date.UTC(2026, 10, 22, 6, 0, 0);
  const systems = new Map<string, CsxSystem>();
  const clients: RedfishClient[] = [];
  const client = (): RedfishClient => {
    const c = new RedfishClient({ retryBaseMs: 10 });
    clients.push(c);
    return c;
  };
  const target = (address: string, extra: Partial<RedfishTarget> = {}): RedfishTarget => ({
    id: `csx-${address}`,
    baseUrl: `https://${address}:${sim.port}`,
    user: 'admin',
    password: new Secret(PASSWORD),
    caFile: sim.caFile,
    ...extra,
  });
  const sys = (address: string): CsxSystem => systems.get(address) as CsxSystem;

  beforeAll(async () => {
    for (const [i, a] of ADDRESSES.entries()) systems.set(a, createCsxSystem({ name: `csx${i + 1}`, seed: 11 + i, now: () => clock }));
    sim = await startRedfishSimulator({
      bmcs: ADDRESSES.map((a) => ({ address: a, password: PASSWORD, tree: sys(a).tree, dynamic: (p: string) => sys(a).dynamic(p) })),
      port: 0,
    });
  });

  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await sim?.stop();
  });

  it('reads the 12 ports with the values the system holds, exactly', async () => {
    const a = ADDRESSES[0];
    const res = await collectCsx(client(), target(a), { timeoutMs: 10_000 });
    expect(res.errors).toEqual([]);
    expect(res.requests).toBe(18);
    const state = sys(a).state;
    expect(res.links.map((l) => l.port)).toEqual(state.ports.map((p) => p.id.toLowerCase()));
    for (const [i, l] of res.links.entries()) {
      const p = state.ports[i];
      expect(l.mac).toBe(p?.mac);
      expect(l.operState).toBe('up');
      expect(l.counters).toEqual({
        carrier_changes: p?.flaps,
        rx_bytes: p?.rxBytes,
        rx_crc_errors: p?.badFcs,
        fec_corrected_codewords: p?.fecCorrected,
        fec_uncorrected_codewords: p?.fecUncorrected,
        rdma_local_ack_timeout_err: p?.metrics.ack_timeouts,
      });
      expect(l.raw.get('csx.rx_pause')).toBe(p?.metrics.rx_pause);
    }
    expect(state.ports.some((p) => p.rxBytes > BigInt(Number.MAX_SAFE_INTEGER))).toBe(true); // exact beyond 2^53
    // The system_network_* series: 17 families × 12 ports; the management interface is not a port.
    const samples = parseExposition(renderExposition(res.families));
    expect(new Set(samples.map((s) => s.name)).size).toBe(17);
    expect(samples).toHaveLength(17 * 12);
    expect(samples.every((s) => s.labels.system === `csx-${a}` && /^n\d\d$/.test(s.labels.port ?? ''))).toBe(true);
  });

  it('events between two samples show on exactly those ports', async () => {
    const a = ADDRESSES[1];
    const s = sys(a);
    const c = client();
    const t: Target = { id: 'csx2', kind: 'system', host: a, labels: {}, credentials: {}, source: 'test' };
    const sample = async (): Promise<DeviceSample> => {
      const r = await collectCsx(c, target(a), { timeoutMs: 10_000 });
      expect(r.errors).toEqual([]);
      return { target: t, kind: 'system', timestampMs: clock, durationMs: 0, reachable: true, links: r.links, errors: [] };
    };
    const first = await sample();
    clock += 30_000;
    s.apply({ kind: 'flap', port: 3, count: 2 });
    s.apply({ kind: 'crc', port: 5, count: 7 });
    s.apply({ kind: 'fec_uncorrected', port: 6, count: 3 });
    s.apply({ kind: 'down', port: 9 });
    const second = await sample();
    const health = Object.fromEntries(compareDeviceSamples(first, second).map((ch) => [ch.port, ch.health]));
    expect(health.n03).toBe('FLAP');
    expect(health.n05).toBe('UNCORRECTED_ERRORS');
    expect(health.n06).toBe('UNCORRECTED_ERRORS');
    expect(health.n09).toBe('FLAP'); // going down is a link change; the link is down now
    expect(second.links[9]).toMatchObject({ operState: 'down', carrier: false, info: { link_status: 'LinkDown' } });
    const others = Object.entries(health).filter(([p]) => !['n03', 'n05', 'n06', 'n09'].includes(p));
    expect(others).toHaveLength(8);
    for (const [, h] of others) expect(h).toBe('SOME_CORRECTED'); // the steady trickle of corrected blocks
    const changes = compareDeviceSamples(first, second);
    expect(changes.find((ch) => ch.port === 'n03')?.flaps).toBe(2n);
    expect(changes.find((ch) => ch.port === 'n05')?.deltas.rx_crc_errors).toBe(7n);
    s.apply({ kind: 'up', port: 9 });
  });

  it('a report the system does not offer is a warning; broken JSON in another is an error; the rest is kept', async () => {
    const a = ADDRESSES[2];
    sim.setFaults(a, { status404For: [csxReportPath('sqd_qps')], malformedJson: [csxReportPath('rx_pkt_bad_fcs')] });
    const res = await collectCsx(client(), target(a), { timeoutMs: 10_000 });
    sim.setFaults(a, {});
    const byCode = new Map(res.errors.map((e) => [e.code, e]));
    expect([...byCode.keys()].sort()).toEqual([ErrorCodes.REDFISH_BAD_RESPONSE, ErrorCodes.REDFISH_PARTIAL].sort());
    expect(byCode.get(ErrorCodes.REDFISH_PARTIAL)?.severity).toBe('warning');
    expect(byCode.get(ErrorCodes.REDFISH_PARTIAL)?.message).toContain('NetworkInterface.sqd_qps');
    expect(byCode.get(ErrorCodes.REDFISH_BAD_RESPONSE)?.severity).toBe('error');
    expect(byCode.get(ErrorCodes.REDFISH_BAD_RESPONSE)?.message).toContain('NetworkInterface.rx_pkt_bad_fcs');
    expect(res.links).toHaveLength(12);
    expect(res.links.every((l) => l.counters.rx_bytes !== undefined && l.counters.rx_crc_errors === undefined)).toBe(true);
  });

  it('one sweep over systems with different faults: each fails or is partial with its cause, the others are read', async () => {
    const [ok, wrongPw, hung, slow500, sessions] = ADDRESSES;
    sim.setFaults(ok, { delayMs: 80 }); // slow, but within the deadline
    sim.setFaults(hung, { hang: true });
    sim.setFaults(slow500, { status500For: [csxReportPath('tx_pause')] }); // one report fails on every retry
    const collector = createSystemCollector({ timeoutS: 1.5 });
    const t = (address: string, over: Partial<Target> = {}): Target => ({
      id: `csx-${address}`,
      kind: 'system',
      host: address,
      port: sim.port,
      labels: {},
      credentials: { user: 'admin', password: new Secret(PASSWORD) },
      redfish: { caFile: sim.caFile },
      source: 'test',
      ...over,
    });
    const h = sim.get(sessions);
    const created = h.stats.sessionsCreated;
    const results = await Promise.all([
      collector.collect(t(ok)),
      collector.collect(t(wrongPw, { credentials: { user: 'admin', password: new Secret('not-it') } })),
      collector.collect(t(hung)),
      collector.collect(t(slow500)),
      collector.collect(t(sessions, { redfish: { caFile: sim.caFile, auth: 'session' } })),
    ]);
    sim.setFaults(ok, {});
    sim.setFaults(hung, {});
    sim.setFaults(slow500, {});
    const [r1, r2, r3, r4, r5] = results.map((r) => r.sample);
    expect(r1).toMatchObject({ reachable: true, errors: [] });
    expect(r1?.links).toHaveLength(12);
    expect(r2?.reachable).toBe(false);
    expect(r2?.errors.map((e) => e.code)).toEqual([ErrorCodes.REDFISH_AUTH]);
    expect(r2?.errors[0]?.message).not.toContain('not-it');
    expect(r3?.reachable).toBe(false);
    expect(r3?.errors.map((e) => [e.code, e.target])).toEqual([[ErrorCodes.REDFISH_TIMEOUT, `csx-${hung}`]]);
    expect(r4?.reachable).toBe(true);
    expect(r4?.errors.map((e) => e.code)).toEqual([ErrorCodes.REDFISH_HTTP]);
    expect(r4?.errors[0]?.message).toMatch(/NetworkInterface\.tx_pause answered HTTP 500.*after 2 retries/);
    expect(r4?.links.every((l) => l.raw.has('csx.rx_pause') && !l.raw.has('csx.tx_pause'))).toBe(true);
    expect(r5).toMatchObject({ reachable: true, errors: [] });
    expect(h.stats.sessionsCreated - created).toBe(1);
    expect(h.stats.activeSessions).toBe(1);
    await collector.close();
    expect(h.stats.activeSessions).toBe(0); // logged out on close: no leaked session
  });

  it('a full session table is REDFISH_SESSION_LIMIT; a forgotten session is made again and still logged out', async () => {
    const a = ADDRESSES[4];
    const h = sim.get(a);
    sim.setFaults(a, { maxSessions: 0 });
    const c = client();
    const err = await collectCsx(c, target(a, { auth: 'session' }), { timeoutMs: 5000 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LinkmonError);
    expect((err as LinkmonError).code).toBe(ErrorCodes.REDFISH_SESSION_LIMIT);
    sim.setFaults(a, {});

    const c2 = client();
    await collectCsx(c2, target(a, { auth: 'session' }), { timeoutMs: 5000 });
    h.expireSessions();
    const again = await collectCsx(c2, target(a, { auth: 'session' }), { timeoutMs: 5000 });
    expect(again.errors).toEqual([]);
    expect(h.stats.activeSessions).toBe(1);
    await c2.close();
    expect(h.stats.activeSessions).toBe(0);
  });
});
