/**
 * The collectors of a run, one per kind of device, created on first need and closed together.
 */
import { ErrorCodes, LinkmonError } from '../core/errors.js';
import type { DeviceSample } from '../core/link.js';
import type { Target, TargetKind } from '../core/target.js';
import type { PortLink } from '../inventory/index.js';
import type { Env } from '../inventory/host-list.js';
import { createNodeCollector } from './node-collector.js';
import { createSwitchCollector } from './switch-collector.js';
import { createSystemCollector } from './system-collector.js';
import type { AuditConfig } from './options.js';

export interface Collectors {
  collect(target: Target, signal: AbortSignal): Promise<DeviceSample>;
  close(): Promise<void>;
}

type KindCollector = { collect(t: Target, s: AbortSignal): Promise<{ sample: DeviceSample }>; close(): Promise<void> };

export async function createCollectors(cfg: AuditConfig, _env: Env): Promise<Collectors> {
  const made = new Map<TargetKind, Promise<KindCollector>>();
  const make = (kind: TargetKind): Promise<KindCollector> | undefined => {
    let c = made.get(kind);
    if (c) return c;
    if (kind === 'node') {
      c = createNodeCollector({
        local: cfg.local,
        minSpeedMbps: cfg.minSpeedMbps,
        timeoutS: cfg.timeoutS,
        knownHosts: cfg.knownHosts,
        hostKeyPolicy: cfg.hostKeyPolicy,
        connectConcurrency: cfg.connectConcurrency,
      }).then((r) => r.collector);
    } else if (kind === 'switch') {
      c = createSwitchCollector({
        timeoutS: cfg.timeoutS,
        knownHosts: cfg.knownHosts,
        hostKeyPolicy: cfg.hostKeyPolicy,
        connectConcurrency: cfg.connectConcurrency,
        osOverrides: cfg.switchOs,
        transportOverrides: cfg.switchTransport,
        eapiCaFile: cfg.eapiCaFile,
        fastPoll: cfg.fastPoll,
      });
    } else if (kind === 'system') {
      c = Promise.resolve(
        createSystemCollector({
          timeoutS: cfg.timeoutS,
          ...(cfg.redfishCaFile !== undefined ? { redfishCaFile: cfg.redfishCaFile } : {}),
          redfishInsecure: cfg.redfishInsecure,
        }),
      );
    } else {
      return undefined;
    }
    made.set(kind, c);
    return c;
  };
  return {
    async collect(target, signal) {
      const c = make(target.kind);
      if (!c) {
        const e = new LinkmonError(ErrorCodes.COLLECT_UNSUPPORTED, `${target.kind} collection is not part of this version`, { target: target.id });
        return { target, kind: target.kind, timestampMs: Date.now(), durationMs: 0, reachable: false, links: [], errors: [e] };
      }
      return (await (await c).collect(target, signal)).sample;
    },
    async close() {
      await Promise.all([...made.values()].map(async (c) => (await c).close()));
    },
  };
}

/** The comparable part of a port name: `Ethernet1/1`, `Et1/1` and `Eth1/1` all give `1/1`. */
export function portKey(port: string): string {
  return port.trim().replace(/^[A-Za-z-]+\s*/, '').toLowerCase();
}

/** Applies --labelled-ports-only and --network-config-ports-only to a switch's sample. */
export function filterSwitchPorts(
  sample: DeviceSample,
  cfg: Pick<AuditConfig, 'labelledPortsOnly' | 'networkConfigPortsOnly'>,
  links: readonly PortLink[],
): DeviceSample {
  if (!cfg.labelledPortsOnly && !cfg.networkConfigPortsOnly) return sample;
  let wanted: Set<string> | undefined;
  if (cfg.networkConfigPortsOnly) {
    wanted = new Set();
    for (const l of links) {
      for (const end of [l.a, l.b]) if (end.device === sample.target.id) wanted.add(portKey(end.port));
    }
  }
  const kept = sample.links.filter(
    (l) => (!cfg.labelledPortsOnly || (l.description ?? '').trim() !== '') && (!wanted || wanted.has(portKey(l.port))),
  );
  return { ...sample, links: kept };
}
