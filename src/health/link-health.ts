/**
 * Link health between two samples of the same device: per-counter deltas, flaps, FEC and error
 * accounting, and one state per link. The rules follow the seed linkmon's classification and
 * apply to every source (node NIC, switch port, Redfish port) through the normalized fields.
 */
import type { DeviceSample, LaneCounter, LinkCounter, LinkObservation } from '../core/link.js';
import { LANE_COUNTERS, LINK_COUNTERS } from '../core/link.js';
import { counterDelta, type DeltaKind } from './counters.js';

export const HEALTH_STATES = [
  'GOOD',
  'SOME_CORRECTED',
  'MANY_CORRECTED_ERRORS',
  'UNCORRECTED_ERRORS',
  'FLAP',
  'BAD',
  'ERROR',
] as const;
export type HealthState = (typeof HEALTH_STATES)[number];

export interface HealthOptions {
  /** Corrected errors per KiB received above which a link has MANY_CORRECTED_ERRORS. Default 1. */
  readonly manyCorrectedPerKib?: number;
}

export interface LinkChange {
  readonly device: string;
  readonly port: string;
  /** The later observation (or the earlier one when the link vanished). */
  readonly link: LinkObservation;
  /** The earlier observation, when the link was in both samples. */
  readonly before?: LinkObservation;
  /** 'before' = the link was missing in the first sample, 'after' = missing in the second. */
  readonly missing?: 'before' | 'after';
  readonly intervalMs: number;
  readonly deltas: Readonly<Partial<Record<LinkCounter, bigint>>>;
  readonly laneDeltas: Readonly<Partial<Record<LaneCounter, readonly bigint[]>>>;
  /** Counters that wrapped or were reset between the samples. */
  readonly discontinuities: Readonly<Partial<Record<LinkCounter, DeltaKind>>>;
  /** Flaps in the interval (carrier transitions, or link-down events where that is all we have). */
  readonly flaps: bigint | undefined;
  /** Corrected errors (bits when known, else codewords) and which unit was used. */
  readonly corrected: bigint | undefined;
  readonly correctedUnit: 'bits' | 'codewords' | undefined;
  /** Uncorrected errors: CRC + symbol errors + uncorrectable FEC codewords. */
  readonly uncorrected: bigint | undefined;
  /** Corrected errors per KiB received in the interval. */
  readonly correctedPerKib: number | undefined;
  readonly health: HealthState;
  /** Why the link has its state, in words, for reports. */
  readonly reasons: readonly string[];
}

/** Up = carrier present and operationally up. Drivers that report operstate "unknown" are judged by carrier. */
function isUp(link: LinkObservation): boolean {
  if (link.carrier === false) return false;
  if (link.operState !== undefined && link.operState !== 'unknown') return link.operState === 'up';
  return link.carrier === true;
}

function sum(values: readonly (bigint | undefined)[]): bigint | undefined {
  let total: bigint | undefined;
  for (const v of values) if (v !== undefined) total = (total ?? 0n) + v;
  return total;
}

export function compareLinks(
  device: string,
  before: LinkObservation | undefined,
  after: LinkObservation | undefined,
  intervalMs: number,
  opts: HealthOptions & { reset?: boolean } = {},
): LinkChange {
  const link = after ?? before;
  if (link === undefined) throw new Error('compareLinks needs at least one observation');
  if (before === undefined || after === undefined) {
    const missing = before === undefined ? 'before' : 'after';
    return {
      device,
      port: link.port,
      link,
      missing,
      intervalMs,
      deltas: {},
      laneDeltas: {},
      discontinuities: {},
      flaps: undefined,
      corrected: undefined,
      correctedUnit: undefined,
      uncorrected: undefined,
      correctedPerKib: undefined,
      health: 'BAD',
      reasons: [missing === 'before' ? 'port missing in the first sample' : 'port missing in the second sample'],
    };
  }

  const deltas: Partial<Record<LinkCounter, bigint>> = {};
  const discontinuities: Partial<Record<LinkCounter, DeltaKind>> = {};
  for (const name of LINK_COUNTERS) {
    const d = counterDelta(before.counters[name], after.counters[name], { reset: opts.reset });
    if (d.delta !== undefined) deltas[name] = d.delta;
    if (d.kind === 'wrap32' || d.kind === 'wrap64' || d.kind === 'reset') discontinuities[name] = d.kind;
  }
  const laneDeltas: Partial<Record<LaneCounter, bigint[]>> = {};
  for (const name of LANE_COUNTERS) {
    const a = before.laneCounters[name];
    const b = after.laneCounters[name];
    if (a === undefined || b === undefined) continue;
    laneDeltas[name] = b.map((v, i) => counterDelta(a[i], v, { reset: opts.reset }).delta ?? 0n);
  }

  const flaps = deltas.carrier_changes ?? deltas.link_down_events;
  const correctedUnit =
    deltas.fec_corrected_bits !== undefined ? 'bits' : deltas.fec_corrected_codewords !== undefined ? 'codewords' : undefined;
  const corrected = correctedUnit === 'bits' ? deltas.fec_corrected_bits : deltas.fec_corrected_codewords;
  const uncorrected = sum([deltas.rx_crc_errors, deltas.rx_symbol_errors, deltas.fec_uncorrected_codewords]);
  const rxBytes = deltas.rx_bytes ?? 0n;
  const correctedPerKib =
    corrected === undefined ? undefined : (Number(corrected) * 1024) / (1 + Number(rxBytes));
  const threshold = opts.manyCorrectedPerKib ?? 1;

  const reasons: string[] = [];
  let health: HealthState;
  if (flaps !== undefined && flaps > 0n) {
    health = 'FLAP';
    reasons.push(`${flaps} carrier change${flaps === 1n ? '' : 's'}`);
  } else if (!isUp(after)) {
    health = 'BAD';
    reasons.push(`link is ${after.carrier === false ? 'without carrier' : (after.operState ?? 'down')}`);
  } else if (uncorrected !== undefined && uncorrected > 0n) {
    health = 'UNCORRECTED_ERRORS';
    const parts: string[] = [];
    if (deltas.rx_crc_errors) parts.push(`${deltas.rx_crc_errors} CRC`);
    if (deltas.rx_symbol_errors) parts.push(`${deltas.rx_symbol_errors} symbol`);
    if (deltas.fec_uncorrected_codewords) parts.push(`${deltas.fec_uncorrected_codewords} uncorrectable FEC`);
    reasons.push(`${parts.join(', ')} error(s)`);
  } else if (correctedPerKib !== undefined && correctedPerKib > threshold) {
    health = 'MANY_CORRECTED_ERRORS';
    reasons.push(`${correctedPerKib.toPrecision(3)} corrected ${correctedUnit} per KiB received`);
  } else if (corrected !== undefined && corrected > 0n) {
    health = 'SOME_CORRECTED';
    reasons.push(`${corrected} corrected ${correctedUnit}`);
  } else {
    health = 'GOOD';
  }
  for (const [name, kind] of Object.entries(discontinuities)) reasons.push(`${name} ${kind === 'reset' ? 'was reset' : 'wrapped'}`);

  return {
    device,
    port: after.port,
    link: after,
    before,
    intervalMs,
    deltas,
    laneDeltas,
    discontinuities,
    flaps,
    corrected,
    correctedUnit,
    uncorrected,
    correctedPerKib,
    health,
    reasons,
  };
}

/** Every link of a device between two samples; links present in only one sample are BAD. */
export function compareDeviceSamples(
  before: DeviceSample,
  after: DeviceSample,
  opts: HealthOptions = {},
): LinkChange[] {
  const reset = before.bootId !== undefined && after.bootId !== undefined && before.bootId !== after.bootId;
  const intervalMs = after.timestampMs - before.timestampMs;
  const earlier = new Map(before.links.map((l) => [l.port, l]));
  const changes: LinkChange[] = [];
  const seen = new Set<string>();
  for (const link of after.links) {
    seen.add(link.port);
    changes.push(compareLinks(after.target.id, earlier.get(link.port), link, intervalMs, { ...opts, reset }));
  }
  // A device that failed in the second sample says nothing about its links: no "missing" rows.
  if (after.reachable) {
    for (const link of before.links) {
      if (!seen.has(link.port)) changes.push(compareLinks(after.target.id, link, undefined, intervalMs, opts));
    }
  }
  return changes;
}
