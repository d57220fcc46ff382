/**
 * redfish_bmc: one sample of a node's BMC over Redfish (Dell iDRAC, HPE iLO, Supermicro, Lenovo
 * XCC, any DMTF implementation): the service root, the Systems and Chassis members and each
 * chassis's Thermal and Power resources, fetched with as much concurrency as the client allows,
 * then mapped by mapRedfishBmc.
 *
 * The service root is required (without it the BMC is not answering Redfish). Everything else is
 * best effort: a Thermal or Power resource the BMC does not have (404, or no link) leaves its
 * series out, and a resource that fails is an error of that BMC while the rest is kept.
 */
import { ErrorCodes, LinkmonError, toLinkmonError } from '../../core/errors.js';
import type { MetricFamily } from '../../core/metrics.js';
import type { RedfishClient, RedfishTarget } from '../../transports/http/redfish.js';
import { mapRedfishBmc } from './map.js';
import { odataLink } from '../../core/json.js';

export interface BmcCollectOptions {
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
}

export interface BmcCollectResult {
  readonly families: MetricFamily[];
  readonly errors: LinkmonError[];
}

/** `node` is the node's name, the `node` label of every series. */
export async function collectRedfishBmc(client: RedfishClient, target: RedfishTarget, node: string, opts: BmcCollectOptions): Promise<BmcCollectResult> {
  const req = { timeoutMs: opts.timeoutMs, ...(opts.signal ? { signal: opts.signal } : {}) };
  const errors: LinkmonError[] = [];
  const keep = async <T>(p: Promise<T>, fallback: T): Promise<T> => {
    try {
      return await p;
    } catch (err) {
      errors.push(toLinkmonError(err, ErrorCodes.REDFISH_CONNECT, target.id));
      return fallback;
    }
  };

  const rootP = client.get(target, '/redfish/v1', req);
  const systemsP = keep(client.getAll(target, '/redfish/v1/Systems', req), [] as unknown[]);
  const chassisP = keep(client.getAll(target, '/redfish/v1/Chassis', req), [] as unknown[]);
  let root: unknown;
  try {
    root = await rootP;
  } catch (err) {
    await Promise.allSettled([systemsP, chassisP]);
    throw toLinkmonError(err, ErrorCodes.REDFISH_CONNECT, target.id);
  }
  const [systems, chassis] = await Promise.all([systemsP, chassisP]);

  const sub = (prop: string): Promise<unknown[]> =>
    Promise.all(
      chassis.map((c) => {
        const path = odataLink(c, prop);
        return path === undefined ? Promise.resolve(undefined) : keep(client.get(target, path, { ...req, optional: true }), undefined);
      }),
    ).then((list) => list.filter((r) => r !== undefined));
  const [thermal, power] = await Promise.all([sub('Thermal'), sub('Power')]);

  if (systems.length === 0 && chassis.length === 0 && errors.length === 0) {
    errors.push(new LinkmonError(ErrorCodes.REDFISH_PARTIAL, 'the BMC lists no Systems and no Chassis', { target: target.id, severity: 'warning' }));
  }
  return { families: mapRedfishBmc(node, { root, systems, chassis, thermal, ...(power.length > 0 ? { power } : {}) }), errors };
}
