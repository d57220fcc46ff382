/**
 * Simulated BMCs speaking Redfish: one HTTPS listener per BMC on its own loopback address (all on
 * one port, like the eAPI simulator), serving a tree of JSON resources by path (GET only).
 *
 * Trees come from a DMTF mockup directory (`loadMockupTree`: an `index.json` per folder, the
 * folder's path under `/redfish/v1`) or from the cluster captures (`loadCaptureTree`: file name =
 * URL path with `/` written `_`, e.g. `redfish_v1_Chassis_1.json`).
 *
 * Authentication: HTTP basic with the BMC's password (any user name), or a SessionService session
 * (POST /redfish/v1/SessionService/Sessions with `UserName`/`Password` → 201, `X-Auth-Token` and
 * `Location`; DELETE of the Location ends it). The Sessions collection and each session resource are
 * served from the live sessions, not from the tree.
 *
 * Faults per BMC, read at every request (change `handle.faults` or call `setFaults` at runtime):
 * `status401` (every resource GET is refused; the session login and logout still work, as when a
 * BMC drops its sessions), `status404For` (paths answered 404), `status500Times` (the next N requests
 * answer 500), `status500For` (paths always answered 500), `delayMs`, `malformedJson` (paths answered with broken JSON), `hang` (requests never
 * answered), `resetTimes` (the next N requests have their connection cut without an answer),
 * `maxSessions` (logins beyond it answer 503 with a Redfish error), `pageSize` (collections answer
 * at most that many Members and a `Members@odata.nextLink`).
 *
 * TLS material comes from the eAPI simulator's `generateSimTls` (openssl CLI). Loopback only.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { generateSimTls } from '../switch/eapi-server.js';
import type { SimTls } from '../switch/eapi-server.js';
import { closeAll, listenOn } from '../https.js';

/** Resource path (`/redfish/v1/Systems`, no trailing slash) → JSON body. */
export type RedfishTree = Map<string, unknown>;

export interface RedfishFaults {
  /** Every resource GET is answered 401 (session login and logout still succeed). */
  status401?: boolean;
  /** Paths answered 404 although the tree has them. */
  status404For?: readonly string[];
  /** The next N requests (any path, logins included) answer 500; decremented by each. */
  status500Times?: number;
  /** Paths always answered 500. */
  status500For?: readonly string[];
  /** Delay before each answer, in ms. */
  delayMs?: number;
  /** Paths answered 200 with a body that is not JSON. */
  malformedJson?: readonly string[];
  /** Requests are read but never answered. */
  hang?: boolean;
  /** The next N requests have their connection cut instead of an answer; decremented by each. */
  resetTimes?: number;
  /** Most sessions open at once; a login beyond it answers 503 with a Redfish error. */
  maxSessions?: number;
  /** Collections answer at most this many Members per page, with `Members@odata.nextLink`. */
  pageSize?: number;
}

export interface RedfishSimBmcSpec {
  /** Loopback address, e.g. 127.3.0.1. */
  readonly address: string;
  /** The password requests must carry (any user name is accepted). */
  readonly password: string;
  readonly tree: RedfishTree;
  /**
   * Resources computed at request time (simulated telemetry), asked before the tree; undefined
   * falls through to the tree. Called with the normalized path (no query, no trailing slash).
   */
  readonly dynamic?: (path: string) => unknown;
  readonly faults?: RedfishFaults;
}

export interface RedfishSimStats {
  /** HTTP requests received (any method, any outcome). */
  requests: number;
  /** Sessions open now. */
  activeSessions: number;
  sessionsCreated: number;
  sessionsDeleted: number;
  /** Requests being handled now, and the most at once since start (or the last resetStats). */
  inFlight: number;
  maxInFlight: number;
}

export interface RedfishSimBmcHandle {
  readonly address: string;
  readonly tree: RedfishTree;
  /** Read at every request: change it (or call setFaults) to inject a fault at runtime. */
  faults: RedfishFaults;
  readonly stats: RedfishSimStats;
  /** Paths requested, in order (the query string kept). */
  readonly paths: string[];
  /** Ends every session without telling the clients (their next request gets 401). */
  expireSessions(): void;
}

export interface RedfishSimulator {
  readonly port: number;
  /** PEM of the CA that signed the BMCs' certificate, and the same as a file (removed by stop()). */
  readonly caPem: string;
  readonly caFile: string;
  get(address: string): RedfishSimBmcHandle;
  setFaults(address: string, faults: RedfishFaults): void;
  stop(): Promise<void>;
}

const SESSIONS = '/redfish/v1/SessionService/Sessions';
const MAX_BODY = 64 * 1024;

function normalize(p: string): string {
  const clean = p.split('?')[0] ?? '';
  return clean.length > 1 && clean.endsWith('/') ? clean.slice(0, -1) : clean;
}

async function isDir(p: string): Promise<boolean> {
  try {
    return (await stat(p)).isDirectory();
  } catch {
    return false;
  }
}

/** A DMTF mockup directory (its top `index.json` is the service root, `/redfish/v1`). */
export async function loadMockupTree(dir: string): Promise<RedfishTree> {
  const tree: RedfishTree = new Map();
  const walk = async (abs: string, rel: string): Promise<void> => {
    const entries = await readdir(abs, { withFileTypes: true });
    for (const e of entries) {
      const child = path.join(abs, e.name);
      if (e.isDirectory() || (e.isSymbolicLink() && (await isDir(child)))) {
        await walk(child, `${rel}/${e.name}`);
      } else if (e.name === 'index.json') {
        tree.set(rel === '' ? '/redfish/v1' : `/redfish/v1${rel}`, JSON.parse(await readFile(child, 'utf8')) as unknown);
      }
    }
  };
  await walk(dir, '');
  if (!tree.has('/redfish/v1')) throw new Error(`${dir} is not a Redfish mockup (no index.json at its top)`);
  tree.set('/redfish', { v1: '/redfish/v1/' });
  return tree;
}

/** A cluster-captures directory: `redfish_v1_Chassis_1.json` is `/redfish/v1/Chassis/1` (the body's `@odata.id` wins). */
export async function loadCaptureTree(dir: string): Promise<RedfishTree> {
  const tree: RedfishTree = new Map();
  for (const name of (await readdir(dir)).sort()) {
    if (!name.startsWith('redfish_') || !name.endsWith('.json')) continue;
    const body = JSON.parse(await readFile(path.join(dir, name), 'utf8')) as unknown;
    const id = typeof body === 'object' && body !== null ? (body as Record<string, unknown>)['@odata.id'] : undefined;
    const p = typeof id === 'string' && id.startsWith('/redfish') ? normalize(id) : `/${name.slice(0, -'.json'.length).split('_').join('/')}`;
    tree.set(p, body);
  }
  if (tree.size === 0) throw new Error(`${dir} holds no redfish_*.json capture`);
  return tree;
}

function assertLoopback(address: string): void {
  if (!/^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(address)) throw new Error(`simulator address ${address} is not in 127.0.0.0/8`);
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function basicOk(header: string | undefined, password: string): boolean {
  const m = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? '');
  if (!m) return false;
  const decoded = Buffer.from(m[1] ?? '', 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon >= 0 && same(decoded.slice(colon + 1), password);
}

function redfishError(code: string, message: string): string {
  return JSON.stringify({
    error: { code: `Base.1.8.${code}`, message, '@Message.ExtendedInfo': [{ MessageId: `Base.1.8.${code}`, Message: message, Severity: 'Critical' }] },
  });
}

interface Session {
  readonly id: string;
  readonly token: string;
  readonly user: string;
}

export async function startRedfishSimulator(opts: {
  bmcs: readonly RedfishSimBmcSpec[];
  /** One port for every BMC; 0 picks a free one (on the first address) for all. */
  port: number;
  /** TLS material; made with openssl when absent. */
  tls?: SimTls;
}): Promise<RedfishSimulator> {
  for (const b of opts.bmcs) assertLoopback(b.address);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'linkmon-redfish-sim-'));
  const servers: https.Server[] = [];
  try {
    const material = opts.tls ?? (await generateSimTls(opts.bmcs.map((b) => b.address), dir));
    const caFile = path.join(dir, 'redfish-ca.pem');
    await writeFile(caFile, material.caPem);
    const handles = new Map<string, RedfishSimBmcHandle>();

    const serve = (h: RedfishSimBmcHandle, password: string, sessions: Map<string, Session>, dynamic: RedfishSimBmcSpec['dynamic']) => (req: IncomingMessage, res: ServerResponse) => {
      h.stats.requests++;
      h.stats.inFlight++;
      h.stats.maxInFlight = Math.max(h.stats.maxInFlight, h.stats.inFlight);
      let done = false;
      const finished = (): void => {
        if (done) return;
        done = true;
        h.stats.inFlight--;
      };
      res.on('close', finished);
      const send = (status: number, body: string, headers: Record<string, string> = {}): void => {
        finished();
        res.writeHead(status, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), 'odata-version': '4.0', ...headers });
        res.end(body);
      };
      const chunks: Buffer[] = [];
      let size = 0;
      req.on('data', (d: Buffer) => {
        size += d.length;
        if (size <= MAX_BODY) chunks.push(d);
      });
      req.on('error', () => undefined);
      req.on('end', () => {
        const url = req.url ?? '/';
        h.paths.push(url);
        const f = h.faults;
        if (f.hang) return; // never answered; stop() ends the connection
        if ((f.resetTimes ?? 0) > 0) {
          f.resetTimes = (f.resetTimes ?? 0) - 1;
          req.socket.destroy();
          return;
        }
        const answer = (): void => {
          const p = normalize(url);
          if ((f.status500Times ?? 0) > 0) {
            f.status500Times = (f.status500Times ?? 0) - 1;
            return send(500, redfishError('InternalError', 'The request failed due to an internal service error.'));
          }
          // Session login: no authentication needed.
          if (req.method === 'POST' && p === SESSIONS) {
            let creds: Record<string, unknown> = {};
            try {
              creds = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
            } catch {
              return send(400, redfishError('MalformedJSON', 'The request body submitted was malformed JSON.'));
            }
            if (typeof creds.Password !== 'string' || !same(creds.Password, password)) {
              return send(401, redfishError('NoValidSession', 'There is no valid session established with the implementation.'));
            }
            if (f.maxSessions !== undefined && sessions.size >= f.maxSessions) {
              return send(503, redfishError('SessionLimitExceeded', 'The session establishment failed due to the number of simultaneous sessions exceeding the limit of the implementation.'));
            }
            const id = randomBytes(8).toString('hex');
            const s: Session = { id, token: randomBytes(16).toString('hex'), user: String(creds.UserName ?? '') };
            sessions.set(s.token, s);
            h.stats.sessionsCreated++;
            h.stats.activeSessions = sessions.size;
            const location = `${SESSIONS}/${id}`;
            return send(201, JSON.stringify({ '@odata.id': location, '@odata.type': '#Session.v1_3_0.Session', Id: id, Name: 'User Session', UserName: s.user }), {
              'x-auth-token': s.token,
              location,
            });
          }
          const token = req.headers['x-auth-token'];
          const session = typeof token === 'string' ? sessions.get(token) : undefined;
          if (!session && !basicOk(req.headers.authorization, password)) {
            return send(401, redfishError('NoValidSession', 'There is no valid session established with the implementation.'), { 'www-authenticate': 'Basic realm="Redfish"' });
          }
          if (req.method === 'DELETE' && p.startsWith(`${SESSIONS}/`)) {
            const id = p.slice(SESSIONS.length + 1);
            const s = [...sessions.values()].find((x) => x.id === id);
            if (!s) return send(404, redfishError('ResourceMissingAtURI', `The resource at the URI ${p} was not found.`));
            sessions.delete(s.token);
            h.stats.sessionsDeleted++;
            h.stats.activeSessions = sessions.size;
            res.writeHead(204);
            finished();
            res.end();
            return;
          }
          if (f.status401) return send(401, redfishError('NoValidSession', 'There is no valid session established with the implementation.'));
          if (req.method !== 'GET') return send(405, redfishError('OperationNotAllowed', 'The HTTP method is not allowed on this resource.'), { allow: 'GET' });
          if (f.status500For?.includes(p)) return send(500, redfishError('InternalError', 'The request failed due to an internal service error.'));
          if (f.status404For?.includes(p)) return send(404, redfishError('ResourceMissingAtURI', `The resource at the URI ${p} was not found.`));
          if (f.malformedJson?.includes(p)) return send(200, '{"@odata.id": "' + p + '", "Name": "truncated', {});
          let body: unknown;
          if (p === SESSIONS) {
            const members = [...sessions.values()].map((s) => ({ '@odata.id': `${SESSIONS}/${s.id}` }));
            body = { '@odata.id': SESSIONS, '@odata.type': '#SessionCollection.SessionCollection', Name: 'Session Collection', 'Members@odata.count': members.length, Members: members };
          } else if (p.startsWith(`${SESSIONS}/`)) {
            const s = [...sessions.values()].find((x) => `${SESSIONS}/${x.id}` === p);
            if (s) body = { '@odata.id': p, '@odata.type': '#Session.v1_3_0.Session', Id: s.id, Name: 'User Session', UserName: s.user };
          } else {
            body = dynamic?.(p) ?? h.tree.get(p);
          }
          if (body === undefined) return send(404, redfishError('ResourceMissingAtURI', `The resource at the URI ${p} was not found.`));
          const members = (body as Record<string, unknown>).Members;
          const size = f.pageSize;
          if (size !== undefined && size > 0 && Array.isArray(members) && members.length > size) {
            const skip = Number(new URL(url, 'https://bmc').searchParams.get('$skip') ?? '0') || 0;
            const page: Record<string, unknown> = { ...(body as Record<string, unknown>), Members: members.slice(skip, skip + size) };
            if (skip + size < members.length) page['Members@odata.nextLink'] = `${p}?$skip=${skip + size}`;
            body = page;
          }
          send(200, JSON.stringify(body));
        };
        const delay = f.delayMs ?? 0;
        if (delay > 0) setTimeout(answer, delay);
        else answer();
      });
    };

    let port = opts.port;
    for (const spec of opts.bmcs) {
      if (handles.has(spec.address)) throw new Error(`BMC ${spec.address} is listed twice`);
      const sessions = new Map<string, Session>();
      const h: RedfishSimBmcHandle = {
        address: spec.address,
        tree: spec.tree,
        faults: { ...spec.faults },
        stats: { requests: 0, activeSessions: 0, sessionsCreated: 0, sessionsDeleted: 0, inFlight: 0, maxInFlight: 0 },
        paths: [],
        expireSessions() {
          sessions.clear();
          h.stats.activeSessions = 0;
        },
      };
      handles.set(spec.address, h);
      const server = https.createServer({ key: material.keyPem, cert: material.certPem }, serve(h, spec.password, sessions, spec.dynamic));
      server.on('tlsClientError', () => undefined);
      servers.push(server);
      port = await listenOn(server, port, spec.address);
    }

    const get = (address: string): RedfishSimBmcHandle => {
      const h = handles.get(address);
      if (!h) throw new Error(`no simulated BMC ${address}`);
      return h;
    };
    return {
      port,
      caPem: material.caPem,
      caFile,
      get,
      setFaults(address, faults) {
        get(address).faults = { ...faults };
      },
      async stop() {
        await closeAll(servers);
        await rm(dir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    await closeAll(servers);
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
}
