/** Builds the switch collector: CLI sessions with host key checks, every OS driver, fast polling. */
import { SwitchCliCollector } from '../collectors/switch_cli/collect.js';
import { CliSessionPool } from '../transports/ssh/cli-session.js';
import { KnownHosts } from '../transports/ssh/known-hosts.js';
import type { HostKeyPolicy } from '../transports/ssh/pool.js';
import { aristaFecPoller } from '../vendors/arista_eos/fec-poll.js';
import { SWITCH_DRIVERS } from '../vendors/drivers.js';
import { defaultKnownHostsPath } from './node-collector.js';

export interface SwitchCollectorSettings {
  readonly timeoutS: number;
  readonly knownHosts?: string;
  readonly hostKeyPolicy: HostKeyPolicy;
  readonly connectConcurrency: number;
  readonly osOverrides?: ReadonlyMap<string, string>;
  readonly fastPoll: boolean;
}

export async function createSwitchCollector(s: SwitchCollectorSettings): Promise<SwitchCliCollector> {
  const knownHosts = await KnownHosts.load(s.knownHosts ?? defaultKnownHostsPath());
  const pool = new CliSessionPool({ knownHosts, hostKeyPolicy: s.hostKeyPolicy, connectConcurrency: s.connectConcurrency });
  return new SwitchCliCollector(pool, {
    drivers: SWITCH_DRIVERS,
    timeoutMs: s.timeoutS * 1000,
    osOverrides: s.osOverrides,
    ...(s.fastPoll ? { fastPoll: { poller: aristaFecPoller } } : {}),
  });
}
