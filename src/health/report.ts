/**
 * A change report: what happened to every link between two sweeps. Built from the samples of
 * both sweeps; devices that failed are rows of their own carrying their errors.
 */
import type { LinkmonError } from '../core/errors.js';
import type { DeviceSample } from '../core/link.js';
import type { TargetKind } from '../core/target.js';
import { compareDeviceSamples, type HealthOptions, type HealthState, type LinkChange } from './link-health.js';

/** One sweep over all targets. */
export interface Sweep {
  /** 0-based index within the run. */
  readonly index: number;
  readonly startedMs: number;
  readonly endedMs: number;
  readonly samples: readonly DeviceSample[];
}

export interface DeviceReport {
  readonly device: string;
  readonly kind: TargetKind;
  /** Vendor or OS of the device, when known (switches: the CLI dialect). */
  readonly vendor?: string;
  readonly changes: readonly LinkChange[];
  /** Errors and warnings of the second sample (and the first, when it failed). */
  readonly errors: readonly LinkmonError[];
  /** False when the device could not be read in the second sample. */
  readonly ok: boolean;
}

export interface ChangeReport {
  readonly from: Sweep;
  readonly to: Sweep;
  readonly devices: readonly DeviceReport[];
  readonly counts: Readonly<Partial<Record<HealthState, number>>>;
  /** Devices that could not be read, or were read with an error (not ok). */
  readonly failedDevices: number;
}

export function buildChangeReport(from: Sweep, to: Sweep, opts: HealthOptions = {}): ChangeReport {
  const earlier = new Map(from.samples.map((s) => [`${s.kind}:${s.target.id}`, s]));
  const devices: DeviceReport[] = [];
  const counts: Partial<Record<HealthState, number>> = {};
  let failedDevices = 0;
  for (const after of to.samples) {
    const before = earlier.get(`${after.kind}:${after.target.id}`);
    const errors = [...after.errors];
    let changes: LinkChange[] = [];
    if (before && !before.reachable) errors.unshift(...before.errors);
    if (before && after.reachable && before.reachable) changes = compareDeviceSamples(before, after, opts);
    else if (after.reachable) {
      // No usable first sample: every link is missing "before", so its changes are unknown (BAD ?).
      changes = compareDeviceSamples({ ...after, links: [] }, after, opts);
    }
    const ok = after.reachable && !errors.some((e) => e.severity === 'error');
    if (!ok) failedDevices++;
    for (const c of changes) counts[c.health] = (counts[c.health] ?? 0) + 1;
    devices.push({ device: after.target.id, kind: after.kind, vendor: after.vendor ?? after.target.vendor, changes, errors, ok });
  }
  return { from, to, devices, counts, failedDevices };
}
