/**
 * Builds the system (CS-X) collector: Redfish over HTTPS with the certificate verified against the
 * system CAs plus the system's CA file (network JSON `redfish_ca_file`, else --redfish-ca-file),
 * unless the system (or --redfish-insecure) opts out.
 */
import { collectCsx } from '../collectors/redfish_system/collect.js';
import { ErrorCodes, LinkmonError, toLinkmonError } from '../core/errors.js';
import type { DeviceSample } from '../core/link.js';
import { Secret } from '../core/secret.js';
import type { Target } from '../core/target.js';
import { RedfishClient, type RedfishTarget } from '../transports/http/redfish.js';

export interface SystemCollectorSettings {
  readonly timeoutS: number;
  /** CA bundle for systems whose inventory entry names none. */
  readonly redfishCaFile?: string;
  /** Do not verify any system's certificate. */
  readonly redfishInsecure?: boolean;
  /** Requests in flight to one system. Default 4. */
  readonly maxConcurrentPerBmc?: number;
}

/** `https://host[:port]`, IPv6 literals in brackets. */
export function redfishBaseUrl(host: string, port?: number): string {
  const h = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
  return `https://${h}${port === undefined ? '' : `:${port}`}`;
}

export function redfishTargetOf(t: Target, s: Pick<SystemCollectorSettings, 'redfishCaFile' | 'redfishInsecure'>): RedfishTarget {
  const caFile = t.redfish?.caFile ?? s.redfishCaFile;
  const insecure = t.redfish?.insecure ?? s.redfishInsecure ?? false;
  return {
    id: t.id,
    baseUrl: redfishBaseUrl(t.host, t.port),
    user: t.credentials.user ?? 'admin',
    password: t.credentials.password ?? new Secret(''),
    ...(caFile !== undefined ? { caFile } : {}),
    ...(insecure ? { insecure: true } : {}),
    ...(t.redfish?.auth !== undefined ? { auth: t.redfish.auth } : {}),
  };
}

export interface SystemCollector {
  collect(target: Target, signal?: AbortSignal): Promise<{ sample: DeviceSample }>;
  close(): Promise<void>;
}

export function createSystemCollector(s: SystemCollectorSettings): SystemCollector {
  const client = new RedfishClient({ ...(s.maxConcurrentPerBmc !== undefined ? { maxConcurrentPerBmc: s.maxConcurrentPerBmc } : {}) });
  const timeoutMs = s.timeoutS * 1000;
  return {
    async collect(target, signal) {
      const started = Date.now();
      const base = { target, kind: 'system' as const, vendor: 'cs-x', timestampMs: started };
      try {
        const res = await collectCsx(client, redfishTargetOf(target, s), { timeoutMs, ...(signal ? { signal } : {}) });
        return { sample: { ...base, durationMs: Date.now() - started, reachable: true, links: res.links, errors: res.errors } };
      } catch (err) {
        const e = err instanceof LinkmonError ? err : toLinkmonError(err, ErrorCodes.REDFISH_CONNECT, target.id);
        return { sample: { ...base, durationMs: Date.now() - started, reachable: false, links: [], errors: [e] } };
      }
    },
    close: () => client.close(),
  };
}
