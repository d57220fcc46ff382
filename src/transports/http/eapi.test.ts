import https from 'node:https';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SwitchCliCollector } from '../../collectors/switch_cli/collect.js';
import type { SwitchCliTransport } from '../../collectors/switch_cli/collect.js';
import { ErrorCodes } from '../../core/errors.js';
import type { LinkmonError } from '../../core/errors.js';
import { Secret } from '../../core/secret.js';
import type { Target } from '../../core/target.js';
import { opensslAvailable, startEapiSimulator, type EapiSimulator } from '../../sim/switch/eapi-server.js';
import { advanceSimSwitch, applySimEvent, createSimSwitch, type SimSwitch } from '../../sim/switch/state.js';
import { SWITCH_DRIVERS } from '../../vendors/drivers.js';
import { aristaEapiFecPoller, aristaEosEapiDriver, EAPI_COMMANDS, mapAristaEapi } from '../../vendors/arista_eos/eapi-map.js';
import { aristaEosDialect } from '../../vendors/arista_eos/index.js';
import type { SshEndpoint } from '../ssh/connect.js';
import { EapiClient, eapiCommandOf, readRpcAnswer } from './eapi.js';

const HAVE_OPENSSL = await opensslAvailable();
const PASSWORD = 'eApi-S3cret-pw!';
const BASIC = Buffer.from(`admin:${PASSWORD}`).toString('base64');
const A = '127.2.201.1';
const B = '127.2.201.2';
const NOBODY = '127.2.201.9';

/** Every error any test saw: none may carry the password. */
const seen: LinkmonError[] = [];

function note<T extends { errors: LinkmonError[] }>(r: T): T {
  seen.push(...r.errors);
  return r;
}

function endpoint(host: string, port: number, id = `sw-${host}`, password = PASSWORD): SshEndpoint {
  return { id, host, port, user: 'admin', password: new Secret(password) };
}

function eventful(name: string, seed: number): SimSwitch {
  // The simulator advances switches to the wall clock: start them in the past.
  const sw = createSimSwitch({ name, os: 'arista_eos', ports: 6, seed, nowMs: Date.now() - 10_000 });
  applySimEvent(sw, { kind: 'flap', port: 0 });
  applySimEvent(sw, { kind: 'fec_burst', port: 1, corrected: 777, uncorrected: 2 });
  applySimEvent(sw, { kind: 'crc', port: 2, count: 9 });
  applySimEvent(sw, { kind: 'port_down', port: 3 });
  const p = sw.ports[4];
  if (p) p.rxBytes = 2n ** 62n + 3n; // above 2^53: must keep every digit
  advanceSimSwitch(sw, Date.now() - 5000);
  return sw;
}

describe.skipIf(!HAVE_OPENSSL)('EapiClient against the eAPI simulator', () => {
  let sim: EapiSimulator;
  let swA: SimSwitch;
  let swB: SimSwitch;
  const clients: EapiClient[] = [];
  const client = (opts: ConstructorParameters<typeof EapiClient>[0] = {}): EapiClient => {
    const c = new EapiClient(opts);
    clients.push(c);
    return c;
  };

  beforeAll(async () => {
    swA = eventful('sim-a-100gsw-arista', 1);
    swB = eventful('sim-b-100gsw-arista', 2);
    sim = await startEapiSimulator({
      port: 0,
      switches: [
        { sw: swA, address: A, password: PASSWORD },
        { sw: swB, address: B, password: PASSWORD },
      ],
    });
  });

  afterAll(async () => {
    for (const c of clients) await c.close();
    await sim?.stop();
  });

  it('a sweep in one request: outputs keyed by command, mapped to the simulated state; one kept-alive connection', async () => {
    const c = client({ caFile: sim.caFile });
    const before = sim.get(A).stats.connections;
    const r = note(await c.runMany(endpoint(A, sim.port), aristaEosDialect, EAPI_COMMANDS, { timeoutMs: 10_000 }));
    expect(r.errors).toEqual([]);
    expect([...r.outputs.keys()]).toEqual(EAPI_COMMANDS);
    expect(c.requests).toBe(1);

    const m = mapAristaEapi(r.outputs, 'sw-a');
    expect(m.errors).toEqual([]);
    expect(m.info).toMatchObject({ hostname: swA.name, model: swA.model, firmwareVersion: swA.firmware, serial: swA.serial });
    expect(m.links).toHaveLength(swA.ports.length);
    for (const p of swA.ports) {
      const l = m.links.find((x) => x.port === `Ethernet${p.port}/1`);
      expect(l?.counters, l?.port).toMatchObject({
        carrier_changes: BigInt(p.linkChanges),
        rx_bytes: p.rxBytes,
        tx_bytes: p.txBytes,
        rx_packets: p.rxPackets,
        rx_crc_errors: p.crcErrors,
        rx_errors: p.inputErrors,
      });
      expect(l?.aristaFec).toMatchObject({
        corrected: { value: p.fecCorrectedLast, changes: BigInt(p.fecCorrectedChanges) },
        uncorrected: { value: p.fecUncorrectedLast, changes: BigInt(p.fecUncorrectedChanges) },
      });
      expect(l?.optics?.serial).toBe(p.optics?.serial);
      expect(l?.operState).toBe(p.operUp ? 'up' : 'down');
    }
    expect(m.links[4]?.counters.rx_bytes).toBe(swA.ports[4]?.rxBytes);
    expect(m.links[4]?.counters.rx_bytes).toBeGreaterThan(2n ** 62n);
    expect(m.links[1]?.aristaFec?.corrected).toMatchObject({ value: 777n, changes: 1n });

    // `| json` is dropped on the way, the key stays as given; the same connection is reused.
    const again = note(await c.runMany(endpoint(A, sim.port), aristaEosDialect, ['show version | json', 'show hostname'], { timeoutMs: 10_000 }));
    expect(again.errors).toEqual([]);
    expect(JSON.parse(again.outputs.get('show version | json') ?? '{}')).toMatchObject({ modelName: swA.model });
    expect(sim.get(A).stats.connections - before).toBe(1);
  });

  it('the collector over eAPI: the eAPI driver, the client as its transport', async () => {
    const transport: SwitchCliTransport = client({ caFile: sim.caFile });
    const collector = new SwitchCliCollector(transport, {
      drivers: { ...SWITCH_DRIVERS, arista_eos: aristaEosEapiDriver },
      timeoutMs: 10_000,
      fastPoll: { poller: aristaEapiFecPoller },
    });
    const target: Target = {
      id: 'sim-b-100gsw-arista',
      kind: 'switch',
      host: B,
      port: sim.port,
      vendor: 'arista',
      labels: {},
      credentials: { user: 'admin', password: new Secret(PASSWORD) },
      source: 'test',
    };
    const r = await collector.collect(target);
    seen.push(...r.sample.errors);
    expect(r.sample.errors).toEqual([]);
    expect(r.sample.reachable).toBe(true);
    expect(r.os).toBe('arista_eos');
    expect(r.sample.links).toHaveLength(6);
    expect(r.sample.links[1]?.raw.get('show_interfaces_phy_detail.fec_corrected_codewords.value')).toBe(777n);
    expect(r.sample.links[1]?.counters.fec_corrected_codewords).toBeDefined(); // the first reading is the baseline
    expect(r.info?.hostname).toBe('sim-b-100gsw-arista');

    // A new burst between two sweeps is counted.
    const first = r.sample.links[1]?.counters.fec_corrected_codewords ?? 0n;
    swB.fecUpdateMs = 20;
    applySimEvent(swB, { kind: 'fec_burst', port: 1, corrected: 500 });
    await new Promise((resolve) => setTimeout(resolve, 60));
    const r2 = await collector.collect(target);
    seen.push(...r2.sample.errors);
    expect(r2.sample.errors).toEqual([]);
    expect((r2.sample.links[1]?.counters.fec_corrected_codewords ?? 0n) - first).toBe(500n);
    await collector.close();
  });

  it('certificate verification: refused without the CA (clear error), accepted with caFile or insecure', async () => {
    const strict = note(await client().runMany(endpoint(A, sim.port), undefined, ['show version'], { timeoutMs: 10_000 }));
    expect(strict.outputs.size).toBe(0);
    expect(strict.errors).toHaveLength(1);
    const e = strict.errors[0];
    expect(e?.code).toBe(ErrorCodes.SSH_CONNECT);
    expect(e?.target).toBe(`sw-${A}`);
    expect(e?.message).toContain(`TLS certificate of ${A}:${sim.port} not accepted`);
    expect(e?.message).toContain('caFile');
    expect(e?.message).toContain('insecure: true');

    const withCa = note(await client({ caFile: sim.caFile }).runMany(endpoint(A, sim.port), undefined, ['show version'], { timeoutMs: 10_000 }));
    expect(withCa.errors).toEqual([]);
    const insecure = note(await client({ insecure: true }).runMany(endpoint(A, sim.port), undefined, ['show version'], { timeoutMs: 10_000 }));
    expect(insecure.errors).toEqual([]);

    // Per switch: only B is opted out.
    const perTarget = client({ targetOptions: (ep) => (ep.host === B ? { insecure: true } : undefined) });
    const a = note(await perTarget.runMany(endpoint(A, sim.port), undefined, ['show version'], { timeoutMs: 10_000 }));
    const b = note(await perTarget.runMany(endpoint(B, sim.port), undefined, ['show version'], { timeoutMs: 10_000 }));
    expect(a.errors[0]?.code).toBe(ErrorCodes.SSH_CONNECT);
    expect(b.errors).toEqual([]);

    // A certificate that does not name the host connected to.
    const wrongName = note(
      await client({ caFile: sim.caFile, servername: 'switch.example.net' }).runMany(endpoint(A, sim.port), undefined, ['show version'], { timeoutMs: 10_000 }),
    );
    expect(wrongName.errors[0]?.message).toMatch(/TLS certificate of .* not accepted \(ERR_TLS_CERT_ALTNAME_INVALID/);

    const missingCa = note(await client({ caFile: '/nonexistent/ca.pem' }).runMany(endpoint(A, sim.port), undefined, ['show version'], { timeoutMs: 10_000 }));
    expect(missingCa.errors[0]?.message).toContain('cannot read the eAPI CA file /nonexistent/ca.pem');
  });

  it('wrong password: an authentication error naming eAPI, user and host', async () => {
    const r = note(await client({ caFile: sim.caFile }).runMany(endpoint(A, sim.port, 'sw-a', 'not-the-password'), undefined, EAPI_COMMANDS, { timeoutMs: 10_000 }));
    expect(r.outputs.size).toBe(0);
    expect(r.errors.map((e) => e.code)).toEqual([ErrorCodes.SSH_AUTH]);
    expect(r.errors[0]?.message).toBe(`eAPI authentication failed for admin@${A}:${sim.port} (HTTP 401, tried password)`);
    expect(r.errors[0]?.message).not.toContain('not-the-password');

    sim.setFaults(A, { wrongPassword: true });
    try {
      const refused = note(await client({ caFile: sim.caFile }).runMany(endpoint(A, sim.port), undefined, ['show version'], { timeoutMs: 10_000 }));
      expect(refused.errors[0]?.code).toBe(ErrorCodes.SSH_AUTH);
    } finally {
      sim.setFaults(A, {});
    }

    const noPassword: SshEndpoint = { id: 'sw-a', host: A, port: sim.port, user: 'admin', keyFile: '/root/.ssh/id_ed25519' };
    const none = note(await client({ caFile: sim.caFile }).runMany(noPassword, undefined, ['show version'], { timeoutMs: 10_000 }));
    expect(none.errors[0]).toMatchObject({ code: ErrorCodes.SSH_AUTH, message: expect.stringContaining('eAPI needs one') });
  });

  it('a refused command is a warning: the commands before and after it keep their outputs', async () => {
    const c = client({ caFile: sim.caFile });
    const r = note(await c.runMany(endpoint(A, sim.port), undefined, ['show interfaces', 'show frobnicate', 'show version | json', 'show hostname'], { timeoutMs: 10_000 }));
    expect([...r.outputs.keys()]).toEqual(['show interfaces', 'show version | json', 'show hostname']);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatchObject({ code: ErrorCodes.SWITCH_COMMAND_REFUSED, severity: 'warning', target: `sw-${A}` });
    expect(r.errors[0]?.message).toBe(
      `${A}:${sim.port} refused "show frobnicate" over eAPI: CLI command 2 of 4 'show frobnicate' failed: invalid command (Invalid input (at token 1: 'frobnicate'))`,
    );
    expect(c.requests).toBe(2);

    // A command without a JSON form (EOS: unconverted), last in the list.
    const u = note(await c.runMany(endpoint(A, sim.port), undefined, ['show hostname', 'show priority-flow-control counters'], { timeoutMs: 10_000 }));
    expect([...u.outputs.keys()]).toEqual(['show hostname']);
    expect(u.errors[0]?.message).toContain('unconverted command');

    // Through the collector: an older EOS without phy detail JSON still gives its links.
    sim.setFaults(B, { refuse: ['show interfaces phy detail'] });
    try {
      const collector = new SwitchCliCollector(client({ caFile: sim.caFile }), { drivers: { ...SWITCH_DRIVERS, arista_eos: aristaEosEapiDriver }, timeoutMs: 10_000 });
      const target: Target = {
        id: 'b',
        kind: 'switch',
        host: B,
        port: sim.port,
        os: 'arista_eos',
        labels: {},
        credentials: { user: 'admin', password: new Secret(PASSWORD) },
        source: 'test',
      };
      const s = (await collector.collect(target)).sample;
      seen.push(...s.errors);
      expect(s.reachable).toBe(true);
      expect(s.links).toHaveLength(6);
      expect(s.errors.length).toBeGreaterThan(0);
      expect(s.errors.every((e) => e.severity === 'warning' && e.code === ErrorCodes.SWITCH_COMMAND_REFUSED)).toBe(true);
      expect(s.links.every((l) => l.counters.fec_corrected_codewords === undefined)).toBe(true);
      await collector.close();
    } finally {
      sim.setFaults(B, {});
    }
  });

  it('a hung eAPI: a timeout naming the switch; the next request works', async () => {
    const c = client({ caFile: sim.caFile });
    sim.setFaults(A, { hang: true });
    const started = Date.now();
    let r;
    try {
      r = note(await c.runMany(endpoint(A, sim.port, 'leaf-hung'), undefined, EAPI_COMMANDS, { timeoutMs: 400 }));
    } finally {
      sim.setFaults(A, {});
    }
    expect(Date.now() - started).toBeLessThan(5000);
    expect(r.outputs.size).toBe(0);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatchObject({ code: ErrorCodes.SSH_TIMEOUT, target: 'leaf-hung' });
    expect(r.errors[0]?.message).toBe(`eAPI request to leaf-hung (${A}:${sim.port}) timed out after 400 ms`);
    expect(r.errors[0]?.toLine()).toContain('leaf-hung');

    const ok = note(await c.runMany(endpoint(A, sim.port, 'leaf-hung'), undefined, ['show hostname'], { timeoutMs: 10_000 }));
    expect(ok.errors).toEqual([]);
  });

  it('cancelled by the AbortSignal; slow answers within the deadline are fine', async () => {
    const c = client({ caFile: sim.caFile });
    sim.setFaults(A, { delayMs: 2000 });
    try {
      const ac = new AbortController();
      setTimeout(() => ac.abort(), 100);
      const r = note(await c.runMany(endpoint(A, sim.port), undefined, ['show version'], { timeoutMs: 10_000, signal: ac.signal }));
      expect(r.errors[0]).toMatchObject({ code: ErrorCodes.SSH_TIMEOUT, message: `eAPI collection from ${A}:${sim.port} was cancelled` });
      sim.setFaults(A, { delayMs: 150 });
      const slow = note(await c.runMany(endpoint(A, sim.port), undefined, ['show version'], { timeoutMs: 10_000 }));
      expect(slow.errors).toEqual([]);
    } finally {
      sim.setFaults(A, {});
    }
  });

  it('connection refused, and the closed client', async () => {
    const c = client({ caFile: sim.caFile });
    const r = note(await c.runMany(endpoint(NOBODY, sim.port), undefined, ['show version'], { timeoutMs: 10_000 }));
    expect(r.errors[0]).toMatchObject({ code: ErrorCodes.SSH_CONNECT, message: `connection refused (${NOBODY}:${sim.port}, eAPI over HTTPS)` });
    await c.close();
    const closed = note(await c.runMany(endpoint(A, sim.port), undefined, ['show version'], { timeoutMs: 10_000 }));
    expect(closed.errors[0]?.code).toBe(ErrorCodes.SSH_CLOSED);
  });

  it('enable first when asked (its result is not an output)', async () => {
    const r = note(await client({ caFile: sim.caFile, enable: true }).runMany(endpoint(A, sim.port), undefined, ['show hostname', 'show bogus', 'show version'], { timeoutMs: 10_000 }));
    expect([...r.outputs.keys()]).toEqual(['show hostname', 'show version']);
    expect(JSON.parse(r.outputs.get('show hostname') ?? '{}')).toEqual({ hostname: swA.name, fqdn: swA.name });
    expect(r.errors.map((e) => e.message)).toEqual([expect.stringContaining(`"show bogus"`)]);
  });

  it('the simulator speaks JSON-RPC like EOS: errors with data, text format, 404 and 401', async () => {
    const post = (body: unknown, opts: { path?: string; auth?: string } = {}): Promise<{ status: number; body: string }> =>
      new Promise((resolve, reject) => {
        const text = JSON.stringify(body);
        const req = https.request(
          {
            host: A,
            port: sim.port,
            method: 'POST',
            path: opts.path ?? '/command-api',
            ca: sim.caPem,
            headers: { 'content-type': 'application/json', authorization: `Basic ${opts.auth ?? BASIC}` },
          },
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (d: Buffer) => chunks.push(d));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
          },
        );
        req.on('error', reject);
        req.end(text);
      });
    const failed = await post({ jsonrpc: '2.0', method: 'runCmds', params: { version: 1, cmds: ['show hostname', 'show foo', 'show version'], format: 'json' }, id: 7 });
    expect(failed.status).toBe(200);
    const err = JSON.parse(failed.body) as { id: number; error: { code: number; message: string; data: unknown[] } };
    expect(err.id).toBe(7);
    expect(err.error.code).toBe(1002);
    expect(err.error.message).toBe("CLI command 2 of 3 'show foo' failed: invalid command");
    expect(err.error.data).toEqual([{ hostname: swA.name, fqdn: swA.name }, { errors: ["Invalid input (at token 1: 'foo')"] }]);

    const textAnswer = await post({ jsonrpc: '2.0', method: 'runCmds', params: { version: 1, cmds: [{ cmd: 'show hostname' }], format: 'text' }, id: '1' });
    expect(JSON.parse(textAnswer.body)).toEqual({ jsonrpc: '2.0', id: '1', result: [{ output: `Hostname: ${swA.name}\nFQDN:     ${swA.name}\n` }] });

    const method = await post({ jsonrpc: '2.0', method: 'getCommands', params: {}, id: 2 });
    expect(JSON.parse(method.body)).toMatchObject({ error: { code: -32601 } });

    expect((await post({}, { path: '/other' })).status).toBe(404);
    expect((await post({}, { auth: Buffer.from('admin:nope').toString('base64') })).status).toBe(401);
  });

  it('no error message carries the password or the Authorization value', () => {
    expect(seen.length).toBeGreaterThan(10);
    for (const e of seen) {
      for (const text of [e.message, e.toLine(), JSON.stringify(e.toJSON()), String((e.cause as Error | undefined)?.message ?? '')]) {
        expect(text).not.toContain(PASSWORD);
        expect(text).not.toContain(BASIC);
      }
    }
  });
});

describe('eAPI answers: raw results cut out unchanged', () => {
  it('big counters keep every digit; strings with brackets do not confuse the cut', () => {
    const body =
      '{"jsonrpc": "2.0", "id": "x", "result": [{"a": 18446744073709551615, "s": "}]\\"[{"}, {}, {"nested": [1, {"b": [2]}], "t": "x,y"}]}';
    const a = readRpcAnswer(body);
    expect(a).toEqual({ kind: 'ok', results: ['{"a": 18446744073709551615, "s": "}]\\"[{"}', '{}', '{"nested": [1, {"b": [2]}], "t": "x,y"}'] });
  });

  it('a per-command failure: the results before it and its index', () => {
    const body = JSON.stringify({
      jsonrpc: '2.0',
      id: 1,
      error: { code: 1002, message: "CLI command 3 of 4 'show x' failed: invalid command", data: [{ a: 1 }, { b: [2] }, { errors: ['Invalid input'] }] },
    });
    expect(readRpcAnswer(body)).toEqual({
      kind: 'error',
      code: 1002,
      message: "CLI command 3 of 4 'show x' failed: invalid command",
      done: ['{"a":1}', '{"b":[2]}'],
      failed: 2,
      failedErrors: ['Invalid input'],
    });
    expect(readRpcAnswer('not json')).toBeUndefined();
    expect(readRpcAnswer('{"jsonrpc": "2.0", "id": 1}')).toBeUndefined();
  });

  it('`| json` is dropped from the command sent', () => {
    expect(eapiCommandOf('show version | json')).toBe('show version');
    expect(eapiCommandOf('show version|json ')).toBe('show version');
    expect(eapiCommandOf('show interfaces')).toBe('show interfaces');
  });
});
