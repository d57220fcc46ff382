/** Builds the node collector a command asked for: over SSH (with host key checks) or local. */
import os from 'node:os';
import path from 'node:path';
import { LocalScriptRunner, NodeNicCollector, SshScriptRunner } from '../collectors/node_nic/index.js';
import type { Target } from '../core/target.js';
import { credentialsFor, type Env } from '../inventory/host-list.js';
import { KnownHosts } from '../transports/ssh/known-hosts.js';
import { SshPool, type HostKeyPolicy } from '../transports/ssh/pool.js';

export interface NodeCollectorSettings {
  readonly local: boolean;
  readonly minSpeedMbps: number;
  readonly timeoutS: number;
  readonly knownHosts?: string;
  readonly hostKeyPolicy: HostKeyPolicy;
  readonly connectConcurrency: number;
}

export function defaultKnownHostsPath(): string {
  return path.join(os.homedir(), '.ssh', 'known_hosts');
}

export async function createNodeCollector(s: NodeCollectorSettings): Promise<{ collector: NodeNicCollector; pool?: SshPool }> {
  const opts = { minSpeedMbps: s.minSpeedMbps, timeoutMs: s.timeoutS * 1000 };
  if (s.local) return { collector: new NodeNicCollector(new LocalScriptRunner(), opts) };
  const knownHosts = await KnownHosts.load(s.knownHosts ?? defaultKnownHostsPath());
  const pool = new SshPool({ knownHosts, hostKeyPolicy: s.hostKeyPolicy, connectConcurrency: s.connectConcurrency });
  return { collector: new NodeNicCollector(new SshScriptRunner(pool), opts), pool };
}

/** The target that stands for this machine in `--local` runs. */
export function localTarget(env: Env): Target {
  const name = os.hostname();
  return Object.freeze({
    id: name,
    kind: 'node',
    host: name,
    labels: Object.freeze({ local: 'true' }),
    credentials: credentialsFor('node', env),
    source: '--local',
  });
}
