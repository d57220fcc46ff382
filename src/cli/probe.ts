/**
 * `linkmon probe node [user@]host[:port]` / `linkmon probe node --local`: one sample of one device,
 * printed as JSON with every normalized record, every raw counter and every error. The debugging
 * twin of a sweep: same collector, same parsers.
 */
import { UsageError } from '../core/errors.js';
import type { Target } from '../core/target.js';
import { credentialsFor, parseHostEntry } from '../inventory/host-list.js';
import type { CliIo } from './audit.js';
import { EXIT_FAILURES, EXIT_OK } from './audit.js';
import { createNodeCollector, localTarget } from './node-collector.js';
import { createSwitchCollector } from './switch-collector.js';
import { parseSwitchOs } from '../vendors/select.js';
import { SWITCH_OSES } from '../vendors/switch-driver.js';

export interface ProbeNodeFlags {
  local?: boolean;
  show1g?: boolean;
  nodeSshKey?: string;
  knownHosts?: string;
  acceptNewHostKeys?: boolean;
  hostKeyCheck: boolean;
  timeout: string;
  raw: boolean;
}

/** JSON.stringify replacer: counters are bigints, printed as exact decimal strings; maps as objects. */
export function jsonReplacer(_key: string, value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Map) return Object.fromEntries(value);
  return value;
}

export async function runProbeNode(host: string | undefined, f: ProbeNodeFlags, io: CliIo): Promise<number> {
  if (f.local && host !== undefined) throw new UsageError('probe node takes either a host or --local, not both');
  if (!f.local && host === undefined) throw new UsageError('probe node needs a host ([user@]host[:port]) or --local');
  const timeoutS = Number(f.timeout);
  if (!Number.isFinite(timeoutS) || timeoutS <= 0) throw new UsageError(`--timeout must be a positive number, not "${f.timeout}"`);
  if (f.acceptNewHostKeys && !f.hostKeyCheck) throw new UsageError('--accept-new-host-keys and --no-host-key-check are exclusive');

  let target: Target;
  if (f.local) {
    target = localTarget(io.env);
  } else {
    const entry = parseHostEntry(host as string);
    if (typeof entry === 'string') throw new UsageError(`probe node ${host}: ${entry}`);
    target = Object.freeze({
      id: entry.host,
      kind: 'node',
      host: entry.host,
      ...(entry.port === undefined ? {} : { port: entry.port }),
      labels: {},
      credentials: credentialsFor('node', io.env, { nodeSshKey: f.nodeSshKey }, entry.user === undefined ? {} : { user: entry.user }),
      source: 'command line',
    });
  }
  const { collector } = await createNodeCollector({
    local: f.local ?? false,
    minSpeedMbps: f.show1g ? 0 : 100_000,
    timeoutS,
    knownHosts: f.knownHosts,
    hostKeyPolicy: !f.hostKeyCheck ? 'off' : f.acceptNewHostKeys ? 'accept-new' : 'strict',
    connectConcurrency: 1,
  });
  try {
    const result = await collector.collect(target, io.signal);
    const s = result.sample;
    const out = {
      device: s.target.id,
      kind: s.kind,
      timestamp: new Date(s.timestampMs).toISOString(),
      durationMs: s.durationMs,
      reachable: s.reachable,
      bootId: s.bootId,
      hostname: result.raw?.hostname,
      links: s.links.map((l) => (f.raw ? l : { ...l, raw: undefined })),
      skipped: result.skipped,
      errors: s.errors.map((e) => e.toJSON()),
    };
    io.stdout.write(`${JSON.stringify(out, jsonReplacer, 2)}\n`);
    return s.reachable && !s.errors.some((e) => e.severity === 'error') ? EXIT_OK : EXIT_FAILURES;
  } finally {
    await collector.close();
  }
}

export interface ProbeSwitchFlags {
  vendor?: string;
  knownHosts?: string;
  acceptNewHostKeys?: boolean;
  hostKeyCheck: boolean;
  timeout: string;
  raw: boolean;
  outputs?: boolean;
  eapi?: boolean;
  eapiPort?: string;
  eapiCaFile?: string;
  eapiInsecure?: boolean;
}

/** `linkmon probe switch [user@]host[:port] [--vendor OS]`: one sweep of one switch as JSON. */
export async function runProbeSwitch(host: string, f: ProbeSwitchFlags, io: CliIo): Promise<number> {
  const timeoutS = Number(f.timeout);
  if (!Number.isFinite(timeoutS) || timeoutS <= 0) throw new UsageError(`--timeout must be a positive number, not "${f.timeout}"`);
  if (f.acceptNewHostKeys && !f.hostKeyCheck) throw new UsageError('--accept-new-host-keys and --no-host-key-check are exclusive');
  if (f.vendor !== undefined && parseSwitchOs(f.vendor) === undefined) {
    throw new UsageError(`--vendor: unknown switch OS "${f.vendor}" (known: ${SWITCH_OSES.join(', ')})`);
  }
  const entry = parseHostEntry(host);
  if (typeof entry === 'string') throw new UsageError(`probe switch ${host}: ${entry}`);
  if (!f.eapi && (f.eapiPort !== undefined || f.eapiCaFile !== undefined || f.eapiInsecure)) {
    throw new UsageError('--eapi-port, --eapi-ca-file and --eapi-insecure need --eapi');
  }
  const eapiPort = f.eapiPort === undefined ? undefined : Number(f.eapiPort);
  if (eapiPort !== undefined && (!Number.isInteger(eapiPort) || eapiPort < 1 || eapiPort > 65535)) {
    throw new UsageError(`--eapi-port must be a port number, not "${f.eapiPort}"`);
  }
  const target: Target = Object.freeze({
    id: entry.host,
    kind: 'switch',
    host: entry.host,
    ...(entry.port === undefined ? {} : { port: entry.port }),
    ...(f.vendor === undefined ? {} : { os: f.vendor }),
    ...(f.eapi
      ? {
          transport: 'eapi' as const,
          eapi: {
            ...(eapiPort === undefined ? {} : { port: eapiPort }),
            ...(f.eapiCaFile === undefined ? {} : { caFile: f.eapiCaFile }),
            ...(f.eapiInsecure ? { insecure: true } : {}),
          },
        }
      : {}),
    labels: {},
    credentials: credentialsFor('switch', io.env, {}, entry.user === undefined ? {} : { user: entry.user }),
    source: 'command line',
  });
  const collector = await createSwitchCollector({
    timeoutS,
    knownHosts: f.knownHosts,
    hostKeyPolicy: !f.hostKeyCheck ? 'off' : f.acceptNewHostKeys ? 'accept-new' : 'strict',
    connectConcurrency: 1,
    fastPoll: false,
  });
  try {
    const r = await collector.collect(target, io.signal);
    const s = r.sample;
    const out = {
      device: s.target.id,
      kind: s.kind,
      os: r.os,
      timestamp: new Date(s.timestampMs).toISOString(),
      durationMs: s.durationMs,
      reachable: s.reachable,
      info: r.info,
      links: s.links.map((l) => (f.raw ? l : { ...l, raw: undefined })),
      errors: s.errors.map((e) => e.toJSON()),
      ...(f.outputs ? { outputs: r.outputs } : {}),
    };
    io.stdout.write(`${JSON.stringify(out, jsonReplacer, 2)}\n`);
    return s.reachable && !s.errors.some((e) => e.severity === 'error') ? EXIT_OK : EXIT_FAILURES;
  } finally {
    await collector.close();
  }
}
