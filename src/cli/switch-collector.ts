/**
 * Builds the switch collector: SSH CLI sessions with host key checks for every OS, and Arista eAPI
 * over HTTPS for the switches whose transport is `eapi` (network JSON or --switch-transport).
 */
import { ErrorCodes, LinkmonError } from '../core/errors.js';
import type { Target } from '../core/target.js';
import { SwitchCliCollector, type SwitchCollectResult } from '../collectors/switch_cli/collect.js';
import { EapiClient } from '../transports/http/eapi.js';
import { CliSessionPool } from '../transports/ssh/cli-session.js';
import { KnownHosts } from '../transports/ssh/known-hosts.js';
import type { HostKeyPolicy } from '../transports/ssh/pool.js';
import { aristaEapiFecPoller, aristaEosEapiDriver } from '../vendors/arista_eos/eapi-map.js';
import { aristaFecPoller } from '../vendors/arista_eos/fec-poll.js';
import { SWITCH_DRIVERS } from '../vendors/drivers.js';
import { DEFAULT_SWITCH_OS, selectSwitchOs } from '../vendors/select.js';
import { defaultKnownHostsPath } from './node-collector.js';

export type SwitchTransport = 'ssh' | 'eapi';

export interface SwitchCollectorSettings {
  readonly timeoutS: number;
  readonly knownHosts?: string;
  readonly hostKeyPolicy: HostKeyPolicy;
  readonly connectConcurrency: number;
  readonly osOverrides?: ReadonlyMap<string, string>;
  /** Transport by switch name (--switch-transport NAME=T); DEFAULT_SWITCH_OS holds the default. */
  readonly transportOverrides?: ReadonlyMap<string, SwitchTransport>;
  /** CA bundle for eAPI certificates of switches that name none. */
  readonly eapiCaFile?: string;
  readonly fastPoll: boolean;
}

export interface SwitchCollector {
  collect(target: Target, signal?: AbortSignal): Promise<SwitchCollectResult>;
  close(): Promise<void>;
}

export function switchTransport(target: Target, overrides?: ReadonlyMap<string, SwitchTransport>): SwitchTransport {
  return overrides?.get(target.id) ?? target.transport ?? overrides?.get(DEFAULT_SWITCH_OS) ?? 'ssh';
}

export async function createSwitchCollector(s: SwitchCollectorSettings): Promise<SwitchCollector> {
  const timeoutMs = s.timeoutS * 1000;
  const knownHosts = await KnownHosts.load(s.knownHosts ?? defaultKnownHostsPath());
  const ssh = new SwitchCliCollector(new CliSessionPool({ knownHosts, hostKeyPolicy: s.hostKeyPolicy, connectConcurrency: s.connectConcurrency }), {
    drivers: SWITCH_DRIVERS,
    timeoutMs,
    osOverrides: s.osOverrides,
    ...(s.fastPoll ? { fastPoll: { poller: aristaFecPoller } } : {}),
  });
  // eAPI settings per switch, as the inventory gives them (looked up by the client per request).
  const eapiTargets = new Map<string, Target['eapi']>();
  let eapi: SwitchCliCollector | undefined;
  const eapiCollector = (): SwitchCliCollector =>
    (eapi ??= new SwitchCliCollector(new EapiClient({ caFile: s.eapiCaFile, targetOptions: (e) => eapiTargets.get(e.id) }), {
      drivers: { ...SWITCH_DRIVERS, arista_eos: aristaEosEapiDriver },
      timeoutMs,
      osOverrides: s.osOverrides,
      ...(s.fastPoll ? { fastPoll: { poller: aristaEapiFecPoller } } : {}),
    }));

  return {
    async collect(target, signal) {
      if (switchTransport(target, s.transportOverrides) === 'ssh') return ssh.collect(target, signal);
      let os: string | undefined;
      try {
        os = selectSwitchOs({ name: target.id, vendor: target.vendor, explicit: s.osOverrides?.get(target.id) ?? target.os, fallback: s.osOverrides?.get(DEFAULT_SWITCH_OS) });
      } catch {
        // the collector reports the unknown OS itself
      }
      if (os !== undefined && os !== 'arista_eos') {
        const err = new LinkmonError(ErrorCodes.SWITCH_OS_UNKNOWN, `eAPI is Arista's; this switch speaks ${os}: use the SSH transport`, { target: target.id });
        return { sample: { target, kind: 'switch', vendor: os, timestampMs: Date.now(), durationMs: 0, reachable: false, links: [], errors: [err] } };
      }
      eapiTargets.set(target.id, target.eapi);
      return eapiCollector().collect(target, signal);
    },
    async close() {
      await Promise.all([ssh.close(), eapi?.close()]);
    },
  };
}
