/**
 * `linkmon probe redfish URL --kind system|bmc|ports [--node NAME]`: one sample of one Redfish
 * endpoint, printed as the Prometheus text exposition the exporters serve for it, followed by the
 * scrape's own series. Errors and warnings go to stderr, one line each.
 *
 * Credentials come from the environment: CSX_USER/CSX_PASSWORD (default admin/admin) for systems,
 * BMC_USER/BMC_PASSWORD for BMCs and generic ports.
 */
import { collectRedfishBmc } from '../collectors/redfish_bmc/collect.js';
import { collectRedfishPorts } from '../collectors/redfish_ports/collect.js';
import { collectCsx } from '../collectors/redfish_system/collect.js';
import type { LinkmonError} from '../core/errors.js';
import { ErrorCodes, UsageError, toLinkmonError } from '../core/errors.js';
import type { MetricFamily } from '../core/metrics.js';
import { Secret } from '../core/secret.js';
import { linkFamilies } from '../sinks/prometheus/link-families.js';
import { renderExposition } from '../sinks/prometheus/exposition.js';
import { scrapeFamilies } from '../sinks/prometheus/self-metrics.js';
import { RedfishClient, type RedfishTarget } from '../transports/http/redfish.js';
import type { CliIo } from './audit.js';
import { EXIT_FAILURES, EXIT_OK } from './audit.js';

export const REDFISH_KINDS = ['system', 'bmc', 'ports'] as const;
export type RedfishKind = (typeof REDFISH_KINDS)[number];

export interface ProbeRedfishFlags {
  kind?: string;
  node?: string;
  caFile?: string;
  insecure?: boolean;
  session?: boolean;
  timeout: string;
}

/** The collector id of each kind (the `collector` label of the scrape series). */
const COLLECTOR: Readonly<Record<RedfishKind, string>> = { system: 'redfish_system', bmc: 'redfish_bmc', ports: 'redfish_ports' };

function env(io: CliIo, name: string): string | undefined {
  const v = io.env[name];
  return v === undefined || v === '' ? undefined : v;
}

/** `https://host[:port]` from what the user typed (a bare host means https). */
export function redfishOrigin(text: string): string {
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`;
  let u: URL;
  try {
    u = new URL(withScheme);
  } catch {
    throw new UsageError(`probe redfish: "${text}" is not a URL or host name`);
  }
  if (u.protocol !== 'https:') throw new UsageError(`probe redfish: Redfish is read over https://, not ${u.protocol}//`);
  if (u.username !== '' || u.password !== '') throw new UsageError('probe redfish: credentials do not belong in the URL; set them in the environment');
  if (u.pathname !== '/' && u.pathname !== '' && !/^\/redfish(\/v1)?\/?$/.test(u.pathname)) {
    throw new UsageError(`probe redfish: give the endpoint (https://host[:port]), not the path ${u.pathname}`);
  }
  return u.origin;
}

export async function runProbeRedfish(url: string, f: ProbeRedfishFlags, io: CliIo): Promise<number> {
  const kind = f.kind as RedfishKind | undefined;
  if (kind === undefined) throw new UsageError(`probe redfish needs --kind (${REDFISH_KINDS.join(', ')})`);
  if (!REDFISH_KINDS.includes(kind)) throw new UsageError(`probe redfish --kind must be one of ${REDFISH_KINDS.join(', ')}, not "${f.kind}"`);
  const timeoutS = Number(f.timeout);
  if (!Number.isFinite(timeoutS) || timeoutS <= 0) throw new UsageError(`--timeout must be a positive number, not "${f.timeout}"`);
  if (f.caFile !== undefined && f.insecure) throw new UsageError('--ca-file and --insecure are exclusive');
  const origin = redfishOrigin(url);
  const host = new URL(origin).hostname.replace(/^\[|\]$/g, '');
  const name = f.node ?? host;

  let user: string;
  let password: string;
  if (kind === 'system') {
    user = env(io, 'CSX_USER') ?? 'admin';
    password = env(io, 'CSX_PASSWORD') ?? 'admin';
  } else {
    const u = env(io, 'BMC_USER');
    const p = env(io, 'BMC_PASSWORD');
    if (u === undefined || p === undefined) throw new UsageError(`probe redfish --kind ${kind} reads BMC_USER and BMC_PASSWORD from the environment; set both`);
    user = u;
    password = p;
  }
  const target: RedfishTarget = {
    id: name,
    baseUrl: origin,
    user,
    password: new Secret(password),
    ...(f.caFile !== undefined ? { caFile: f.caFile } : {}),
    ...(f.insecure ? { insecure: true } : {}),
    ...(f.session ? { auth: 'session' as const } : {}),
  };

  const client = new RedfishClient();
  const opts = { timeoutMs: timeoutS * 1000, signal: io.signal };
  const started = Date.now();
  let families: MetricFamily[] = [];
  let errors: LinkmonError[] = [];
  let success = true;
  try {
    if (kind === 'system') {
      const r = await collectCsx(client, target, opts);
      families = r.families;
      errors = r.errors;
    } else if (kind === 'bmc') {
      const r = await collectRedfishBmc(client, target, name, opts);
      families = r.families;
      errors = r.errors;
    } else {
      const r = await collectRedfishPorts(client, target, opts);
      families = linkFamilies(name, r.links);
      errors = r.errors;
    }
  } catch (err) {
    success = false;
    errors = [toLinkmonError(err, ErrorCodes.REDFISH_CONNECT, name)];
  } finally {
    await client.close();
  }
  const durationMs = Date.now() - started;
  families.push(...scrapeFamilies([{ collector: COLLECTOR[kind], device: name, success, durationMs }]));
  io.stdout.write(renderExposition(families));
  for (const e of errors) io.stderr.write(`${e.severity === 'warning' ? 'warning' : 'error'}: ${e.toLine()}\n`);
  return errors.some((e) => e.severity === 'error') ? EXIT_FAILURES : EXIT_OK;
}
