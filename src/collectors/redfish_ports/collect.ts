/**
 * redfish_ports: one sample of the network ports of any Redfish service (NIC, SmartNIC, storage or
 * network appliance, server BMC). Walks
 *
 *   service root → Chassis → each chassis's NetworkAdapters → each adapter's Ports (or the older
 *   NetworkPorts) → each Port, its Metrics (PortMetrics) and its EnvironmentMetrics;
 *   service root → Systems → each system's EthernetInterfaces → each EthernetInterface;
 *
 * with every independent GET in flight at once (the client keeps at most its per-BMC limit on the
 * wire) and each path read once, then maps them with map.ts. `timeoutMs` is the deadline of the
 * whole walk.
 *
 * Partial results are the rule: a link the service does not have (NetworkAdapters, Ports,
 * EthernetInterfaces, Metrics) leaves its part out without a word; a member a collection lists but
 * the service does not have (404) is a warning; a resource that fails (HTTP error after the
 * client's retries, not JSON, timeout) is an error of the device while everything else is kept.
 * Only a failing service root throws (the device did not answer Redfish).
 *
 * Names: `<adapter>/<port>` from the last segments of their URIs (e.g. `Slot1/SC2KP1`), prefixed
 * `<chassis>/` when two chassis would give the same name; `<system>/<interface>` for
 * EthernetInterfaces. See README.md in this folder.
 */
import { ErrorCodes, LinkmonError, toLinkmonError } from '../../core/errors.js';
import { isObject, odataLink, type JsonObject } from '../../core/json.js';
import type { LinkObservation } from '../../core/link.js';
import type { RedfishClient, RedfishTarget } from '../../transports/http/redfish.js';
import { adapterInfo, mapEthernetInterface, mapRedfishPort, normalizeMac, withEnvironmentMetrics } from './map.js';

export interface RedfishPortsCollectOptions {
  /** Deadline of the whole walk. */
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
}

export interface RedfishPortsCollectResult {
  readonly links: LinkObservation[];
  readonly errors: LinkmonError[];
}

const ROOT = '/redfish/v1';
/** Failures listed one by one before the rest are summed up in one error. */
const MAX_LISTED_FAILURES = 10;
/** Pages of one collection followed at most. */
const MAX_PAGES = 1000;
/** What keep() answers for a request that failed. */
const FAILED: unique symbol = Symbol('failed');

type Obj = JsonObject;

/** The `@odata.id` of a navigation property, normalized, or undefined. */
function link(resource: unknown, prop: string): string | undefined {
  const id = odataLink(resource, prop);
  return id === undefined ? undefined : normalizePath(id);
}

/** A URI path without query, fragment or trailing slash. */
function normalizePath(p: string): string {
  const clean = p.split(/[?#]/)[0] ?? '';
  return clean.length > 1 ? clean.replace(/\/+$/, '') : clean;
}

/** The last segment of a URI path, decoded: the resource's identifier in names. */
function lastSegment(p: string): string {
  const seg = normalizePath(p).split('/').pop() ?? '';
  try {
    return decodeURIComponent(seg);
  } catch {
    return seg;
  }
}

interface Member {
  /** The path the resource was read at (or, expanded, its `@odata.id`). */
  readonly path: string;
  readonly body: Obj;
}

interface PortRecord {
  readonly chassis: Member;
  readonly adapter: Member;
  readonly port: Member;
  readonly metrics: unknown;
  readonly env: unknown;
}

interface IfaceRecord {
  readonly system: Member;
  readonly iface: Member;
}

export async function collectRedfishPorts(client: RedfishClient, target: RedfishTarget, opts: RedfishPortsCollectOptions): Promise<RedfishPortsCollectResult> {
  const deadline = Date.now() + opts.timeoutMs;
  const failures: LinkmonError[] = [];
  const warnings: LinkmonError[] = [];

  const get = (path: string, optional: boolean): Promise<unknown> =>
    client.get(target, path, { timeoutMs: Math.max(1, deadline - Date.now()), optional, ...(opts.signal ? { signal: opts.signal } : {}) });
  /**
   * The resource; undefined when it is absent (optional 404); FAILED when it failed (the failure
   * recorded). Each path is read once per walk, however many links lead to it.
   */
  const read = new Map<string, Promise<unknown>>();
  const keep = (path: string, optional: boolean): Promise<unknown> => {
    const key = `${optional ? '?' : '!'}${path}`;
    let p = read.get(key);
    if (!p) {
      p = get(path, optional).catch((err: unknown) => {
        failures.push(toLinkmonError(err, ErrorCodes.REDFISH_CONNECT, target.id));
        return FAILED;
      });
      read.set(key, p);
    }
    return p;
  };
  /** An optional sub-resource: undefined when absent or failed. */
  const subResource = async (path: string | undefined): Promise<unknown> => {
    if (path === undefined) return undefined;
    const r = await keep(path, true);
    return r === FAILED ? undefined : r;
  };
  const bad = (message: string): void => {
    failures.push(new LinkmonError(ErrorCodes.REDFISH_BAD_RESPONSE, message, { target: target.id }));
  };

  /** Every member of a collection, each read on its own so that one failing member loses only itself. */
  const members = async (collection: string, mayBeAbsent: boolean): Promise<Member[]> => {
    const refs: unknown[] = [];
    const seen = new Set<string>();
    let next: string | undefined = collection;
    let first = true;
    while (next !== undefined) {
      if (seen.has(next) || seen.size >= MAX_PAGES) {
        bad(`Redfish collection ${collection} pages loop or exceed ${MAX_PAGES} pages; the members read so far are kept`);
        break;
      }
      seen.add(next);
      const page = await keep(next, first && mayBeAbsent);
      first = false;
      if (page === undefined || page === FAILED) break;
      if (!isObject(page) || !Array.isArray(page['Members'])) {
        bad(`Redfish resource ${next} is not a collection (no Members array)`);
        break;
      }
      refs.push(...page['Members']);
      const nl = page['Members@odata.nextLink'];
      next = typeof nl === 'string' && nl !== '' ? nl : undefined;
    }
    const got = await Promise.all(
      refs.map(async (m, i): Promise<Member | undefined> => {
        const id = isObject(m) ? m['@odata.id'] : undefined;
        if (isObject(m) && Object.keys(m).some((k) => !k.startsWith('@odata.'))) {
          // An expanded member: it is its own body.
          const path = typeof id === 'string' && id !== '' ? normalizePath(id) : `${collection}/${typeof m['Id'] === 'string' ? m['Id'] : String(i)}`;
          return { path, body: m };
        }
        if (typeof id !== 'string' || id === '') {
          bad(`member ${i} of the Redfish collection ${collection} is not a link (no @odata.id)`);
          return undefined;
        }
        const path = normalizePath(id);
        const body = await keep(path, true);
        if (body === FAILED) return undefined;
        if (body === undefined) {
          warnings.push(
            new LinkmonError(ErrorCodes.REDFISH_NOT_FOUND, `the Redfish collection ${collection} lists ${path}, which does not exist (HTTP 404)`, {
              target: target.id,
              severity: 'warning',
            }),
          );
          return undefined;
        }
        if (!isObject(body)) {
          bad(`Redfish resource ${path} is not a JSON object`);
          return undefined;
        }
        return { path, body };
      }),
    );
    return got.filter((m): m is Member => m !== undefined);
  };

  // The service root: without it the device does not answer Redfish.
  let root: unknown;
  try {
    root = await get(ROOT, false);
  } catch (err) {
    throw toLinkmonError(err, ErrorCodes.REDFISH_CONNECT, target.id);
  }
  if (!isObject(root)) {
    throw new LinkmonError(ErrorCodes.REDFISH_BAD_RESPONSE, `the Redfish service root ${ROOT} of ${target.id} is not a JSON object`, { target: target.id });
  }

  const walkPorts = async (): Promise<PortRecord[]> => {
    const chassisLink = link(root, 'Chassis');
    const chassis = await members(chassisLink ?? `${ROOT}/Chassis`, chassisLink === undefined);
    const perChassis = await Promise.all(
      chassis.map(async (c) => {
        const adaptersPath = link(c.body, 'NetworkAdapters');
        if (adaptersPath === undefined) return [];
        const adapters = await members(adaptersPath, true);
        const perAdapter = await Promise.all(
          adapters.map(async (a) => {
            const portsPath = link(a.body, 'Ports');
            const legacyPath = portsPath === undefined ? link(a.body, 'NetworkPorts') : undefined;
            const collection = portsPath ?? legacyPath;
            if (collection === undefined) return [];
            const ports = await members(collection, true);
            return Promise.all(
              ports.map(async (p): Promise<PortRecord> => {
                // A Port without a Metrics link may still have one at the usual place (the DMTF
                // mockups do); a NetworkPort never has one.
                const metricsPath = link(p.body, 'Metrics') ?? (portsPath !== undefined ? `${p.path}/Metrics` : undefined);
                const envPath = link(p.body, 'EnvironmentMetrics');
                const [metrics, env] = await Promise.all([subResource(metricsPath), subResource(envPath)]);
                return { chassis: c, adapter: a, port: p, metrics, env };
              }),
            );
          }),
        );
        return perAdapter.flat();
      }),
    );
    return perChassis.flat();
  };

  const walkInterfaces = async (): Promise<IfaceRecord[]> => {
    const systemsLink = link(root, 'Systems');
    const systems = await members(systemsLink ?? `${ROOT}/Systems`, systemsLink === undefined);
    const perSystem = await Promise.all(
      systems.map(async (s) => {
        const path = link(s.body, 'EthernetInterfaces');
        if (path === undefined) return [];
        return (await members(path, true)).map((iface) => ({ system: s, iface }));
      }),
    );
    return perSystem.flat();
  };

  const [portRecords, ifaceRecords] = await Promise.all([walkPorts(), walkInterfaces()]);
  const links = mapAll(dedupe(portRecords, (r) => r.port.path), dedupe(ifaceRecords, (r) => r.iface.path));
  return { links, errors: [...summarize(failures, target.id), ...warnings] };
}

/** The first record of each resource (a collection may list a member twice). */
function dedupe<T>(records: readonly T[], key: (r: T) => string): T[] {
  const seen = new Set<string>();
  return records.filter((r) => {
    const k = key(r);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** Maps the records, names them, and fills in what one resource tells about another. */
function mapAll(ports: readonly PortRecord[], ifaces: readonly IfaceRecord[]): LinkObservation[] {
  const ifaceByPath = new Map(ifaces.map((r) => [r.iface.path, r.iface.body] as const));

  // `<adapter>/<port>`, prefixed with the chassis wherever two chassis give the same name.
  const base = (r: PortRecord): string => `${lastSegment(r.adapter.path)}/${lastSegment(r.port.path)}`;
  const chassisOf = new Map<string, Set<string>>();
  for (const r of ports) {
    const b = base(r);
    let s = chassisOf.get(b);
    if (!s) {
      s = new Set();
      chassisOf.set(b, s);
    }
    s.add(r.chassis.path);
  }

  const out: LinkObservation[] = [];
  const used = new Map<string, number>();
  const unique = (n: string): string => {
    const k = (used.get(n) ?? 0) + 1;
    used.set(n, k);
    return k === 1 ? n : `${n}#${k}`;
  };

  for (const r of ports) {
    const b = base(r);
    const portName = unique((chassisOf.get(b)?.size ?? 0) > 1 ? `${lastSegment(r.chassis.path)}/${b}` : b);
    let l = mapRedfishPort(r.port.body, r.metrics, portName);
    l = withEnvironmentMetrics(l, r.env);
    const mac = l.mac ?? linkedMac(r.port.body, ifaceByPath);
    l = {
      ...l,
      ...(mac !== undefined ? { mac } : {}),
      info: {
        ...adapterInfo(r.adapter.body),
        ...l.info,
        'redfish.uri': r.port.path,
        'redfish.chassis': lastSegment(r.chassis.path),
        'redfish.adapter': lastSegment(r.adapter.path),
      },
    };
    out.push(l);
  }
  for (const r of ifaces) {
    const l = mapEthernetInterface(r.iface.body, unique(`${lastSegment(r.system.path)}/${lastSegment(r.iface.path)}`));
    out.push({ ...l, info: { ...l.info, 'redfish.uri': r.iface.path, 'redfish.system': lastSegment(r.system.path) } });
  }
  return out;
}

/** The MAC of an EthernetInterface the port links to, when the walk read that interface anyway. */
function linkedMac(port: Obj, ifaceByPath: ReadonlyMap<string, Obj>): string | undefined {
  const links = isObject(port['Links']) ? port['Links']['EthernetInterfaces'] : undefined;
  for (const ref of Array.isArray(links) ? links : []) {
    const id = isObject(ref) ? ref['@odata.id'] : undefined;
    const iface = typeof id === 'string' ? ifaceByPath.get(normalizePath(id)) : undefined;
    const mac = normalizeMac(iface?.['MACAddress']) ?? normalizeMac(iface?.['PermanentMACAddress']);
    if (mac !== undefined) return mac;
  }
  return undefined;
}

/** The first failures one by one, the rest summed up (a cancelled walk fails every request). */
function summarize(failures: readonly LinkmonError[], target: string): LinkmonError[] {
  if (failures.length <= MAX_LISTED_FAILURES) return [...failures];
  const rest = failures.slice(MAX_LISTED_FAILURES);
  return [
    ...failures.slice(0, MAX_LISTED_FAILURES),
    new LinkmonError(rest[0]?.code ?? ErrorCodes.REDFISH_HTTP, `${rest.length} more Redfish request(s) failed (first: ${rest[0]?.message ?? ''})`, { target }),
  ];
}
