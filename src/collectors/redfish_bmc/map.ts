/**
 * Maps the Redfish resources of one BMC (service root, ComputerSystems, Chassis, Thermal and
 * optionally Power, as parsed JSON) to metric families. Pure; never throws on odd input: a
 * missing or mistyped field leaves its series out.
 *
 * The names, labels, values and HELP texts of the seed's node IPMI exporter are reproduced
 * exactly (`node_ipmi_*`, `node_thermals_*`, checked against real Dell iDRAC 9 and HPE iLO 5
 * captures); power supplies (`node_power_*`) are linkmon's addition and appear only when Power
 * resources are given. See README.md in this folder.
 */
import type { Labels, MetricDesc, MetricFamily, Sample } from '../../core/metrics.js';
import { asArr, asObj, at, finite, type JsonObject } from '../../core/json.js';

/** One Redfish resource as parsed JSON; typed loosely on purpose (vendors differ). */
export type RedfishResource = unknown;

/** What the collector fetched from one BMC. */
export interface RedfishBmcResources {
  /** GET /redfish/v1 */
  readonly root: RedfishResource;
  /** Members of /redfish/v1/Systems; the first one is "the" node. */
  readonly systems: readonly RedfishResource[];
  /** Members of /redfish/v1/Chassis. */
  readonly chassis: readonly RedfishResource[];
  /** The Thermal resource of each chassis that has one (`Chassis/<id>/Thermal`). */
  readonly thermal: readonly RedfishResource[];
  /** The Power resource of each chassis that has one; when absent, no `node_power_*` family. */
  readonly power?: readonly RedfishResource[];
}

/** Health codes: the seed's convention (0 ok, 1 warning, 2 critical/error, 3 unknown). */
export const HEALTH_CODES: Readonly<Record<string, number>> = { OK: 0, Warning: 1, Critical: 2 };
export const HEALTH_UNKNOWN = 3;

export const DESC = {
  health: {
    name: 'node_ipmi_health_status',
    help: 'Node health: ok=0, other values indicate warning/error',
    type: 'gauge',
    labelNames: ['category', 'node'],
  },
  info: { name: 'node_ipmi_info', help: 'Node Info', type: 'info', labelNames: ['model', 'node', 'vendor'] },
  memory: {
    name: 'node_ipmi_memory_installed',
    help: 'Node installed memory, in GiB as reported by IPMI',
    type: 'gauge',
    labelNames: ['node'],
  },
  fan: {
    name: 'node_thermals_fan',
    help: 'Fan speed (pct of max for HPE, RPM for Dell)',
    type: 'gauge',
    labelNames: ['description', 'health', 'index', 'node', 'units'],
  },
  fanThresh: {
    name: 'node_thermals_fan_thresh',
    help: 'Fan speed threshold (type label indicates criticality)',
    type: 'gauge',
    labelNames: ['description', 'health', 'index', 'node', 'type', 'units'],
  },
  thermometer: {
    name: 'node_thermals_thermometer',
    help: 'Node temperature at labelled sensor',
    type: 'gauge',
    labelNames: ['description', 'health', 'index', 'node', 'units'],
  },
  thermometerThresh: {
    name: 'node_thermals_thermometer_thresh',
    help: 'Node temperature threshold (type label indicates criticality)',
    type: 'gauge',
    labelNames: ['description', 'health', 'index', 'node', 'type', 'units'],
  },
  psuHealth: {
    name: 'node_power_supply_health',
    help: 'Power supply health: ok=0, warning=1, critical=2, unknown=3',
    type: 'gauge',
    labelNames: ['description', 'index', 'node'],
  },
  psuInput: {
    name: 'node_power_supply_input_watts',
    help: 'Power supply input power, in watts (PowerInputWatts)',
    type: 'gauge',
    labelNames: ['description', 'index', 'node'],
  },
  psuOutput: {
    name: 'node_power_supply_output_watts',
    help: 'Power supply output power, in watts (LastPowerOutputWatts)',
    type: 'gauge',
    labelNames: ['description', 'index', 'node'],
  },
  psuCapacity: {
    name: 'node_power_supply_capacity_watts',
    help: 'Power supply rated capacity, in watts (PowerCapacityWatts)',
    type: 'gauge',
    labelNames: ['description', 'index', 'node'],
  },
  powerConsumed: {
    name: 'node_power_consumed_watts',
    help: 'Power consumed by the chassis, in watts (first PowerControl PowerConsumedWatts)',
    type: 'gauge',
    labelNames: ['node'],
  },
} as const satisfies Record<string, MetricDesc>;

// --- defensive accessors ----------------------------------------------------------------------

type Obj = JsonObject;

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

const num = finite;

/** Redfish `Status.Health` (or another health string) as a code; undefined when missing. */
export function healthCode(v: unknown): number | undefined {
  const s = str(v);
  if (s === undefined || s === '') return undefined;
  return HEALTH_CODES[s] ?? HEALTH_UNKNOWN;
}

/** `Status.Health`, falling back to `Status.HealthRollup`. */
function statusHealth(resource: unknown): number | undefined {
  return healthCode(at(resource, 'Status', 'Health')) ?? healthCode(at(resource, 'Status', 'HealthRollup'));
}

function worst(codes: readonly (number | undefined)[]): number | undefined {
  let w: number | undefined;
  for (const c of codes) if (c !== undefined && (w === undefined || c > w)) w = c;
  return w;
}

function isAbsent(item: unknown): boolean {
  return str(at(item, 'Status', 'State')) === 'Absent';
}

// --- mapping ----------------------------------------------------------------------------------

interface Sensor {
  readonly index: number;
  readonly item: Obj;
}

/** Members of one array property over all resources, indexed by position (running across resources). */
function members(resources: readonly unknown[], prop: string): Sensor[] {
  const out: Sensor[] = [];
  let index = 0;
  for (const r of resources) {
    for (const item of asArr(at(r, prop))) {
      const o = asObj(item);
      if (o) out.push({ index, item: o });
      index++;
    }
  }
  return out;
}

function sensorName(item: Obj): string {
  return str(item['Name']) ?? str(item['FanName']) ?? str(item['MemberId']) ?? '';
}

function sensorLabels(node: string, s: Sensor, units: string): Record<string, string> {
  const h = statusHealth(s.item);
  return {
    description: sensorName(s.item),
    health: String(h ?? HEALTH_UNKNOWN),
    index: String(s.index),
    node,
    units,
  };
}

function thresholds(base: Labels, item: Obj, warnKey: string, errorKey: string): Sample[] {
  const out: Sample[] = [];
  const warn = num(item[warnKey]);
  if (warn !== undefined) out.push({ labels: { ...base, type: 'warn' }, value: warn });
  const error = num(item[errorKey]);
  if (error !== undefined) out.push({ labels: { ...base, type: 'error' }, value: error });
  return out;
}

/** The rollup categories: Oem rollups of Dell (DellSystem) and HPE (AggregateHealthStatus), else derived. */
function healthSamples(node: string, res: RedfishBmcResources, fanCodes: readonly (number | undefined)[], tempCodes: readonly (number | undefined)[]): Sample[] {
  const system = res.systems[0];
  const dell = at(system, 'Oem', 'Dell', 'DellSystem');
  const hpe = at(system, 'Oem', 'Hpe', 'AggregateHealthStatus');
  const hpeCat = (k: string): number | undefined => healthCode(at(hpe, k, 'Status', 'Health'));
  const psuCodes = members(res.power ?? [], 'PowerSupplies')
    .filter((s) => !isAbsent(s.item))
    .map((s) => statusHealth(s.item));

  const categories: [string, number | undefined][] = [
    ['Overall', statusHealth(system) ?? worst(res.chassis.map(statusHealth))],
    ['Processor', statusHealth(at(system, 'ProcessorSummary'))],
    ['Memory', statusHealth(at(system, 'MemorySummary'))],
    ['CPU', healthCode(at(dell, 'CPURollupStatus')) ?? hpeCat('Processors')],
    ['Fan', healthCode(at(dell, 'FanRollupStatus')) ?? hpeCat('Fans') ?? worst(fanCodes)],
    ['Power supply', healthCode(at(dell, 'PSRollupStatus')) ?? hpeCat('PowerSupplies') ?? worst(psuCodes)],
    ['Storage', healthCode(at(dell, 'StorageRollupStatus')) ?? hpeCat('Storage')],
    ['Temperatures', healthCode(at(dell, 'TempRollupStatus')) ?? hpeCat('Temperatures') ?? worst(tempCodes)],
  ];
  const out: Sample[] = [];
  for (const [category, code] of categories) {
    if (code !== undefined) out.push({ labels: { category, node }, value: code });
  }
  return out;
}

function infoSamples(node: string, res: RedfishBmcResources): Sample[] {
  const system = res.systems[0];
  const chassis = res.chassis[0];
  const model = str(at(system, 'Model')) ?? str(at(chassis, 'Model')) ?? str(at(res.root, 'Product'));
  const vendor = str(at(res.root, 'Vendor')) ?? str(at(system, 'Manufacturer')) ?? str(at(chassis, 'Manufacturer'));
  if (model === undefined && vendor === undefined) return [];
  return [{ labels: { model: (model ?? '').trim(), node, vendor: (vendor ?? '').trim() }, value: 1 }];
}

function memorySamples(node: string, res: RedfishBmcResources): Sample[] {
  const gib = num(at(res.systems[0], 'MemorySummary', 'TotalSystemMemoryGiB'));
  return gib === undefined ? [] : [{ labels: { node }, value: gib }];
}

function fanReading(item: Obj): { value: number; units: string } | undefined {
  const reading = num(item['Reading']);
  if (reading !== undefined) return { value: reading, units: str(item['ReadingUnits']) ?? '' };
  const rpm = num(item['ReadingRPM']); // Thermal v1_0 schema
  return rpm === undefined ? undefined : { value: rpm, units: 'RPM' };
}

function powerFamilies(node: string, power: readonly unknown[]): MetricFamily[] {
  const health: Sample[] = [];
  const input: Sample[] = [];
  const output: Sample[] = [];
  const capacity: Sample[] = [];
  for (const s of members(power, 'PowerSupplies')) {
    if (isAbsent(s.item)) continue;
    const labels = { description: sensorName(s.item), index: String(s.index), node };
    const h = statusHealth(s.item);
    if (h !== undefined) health.push({ labels, value: h });
    const i = num(s.item['PowerInputWatts']);
    if (i !== undefined) input.push({ labels, value: i });
    const o = num(s.item['LastPowerOutputWatts']);
    if (o !== undefined) output.push({ labels, value: o });
    const c = num(s.item['PowerCapacityWatts']);
    if (c !== undefined) capacity.push({ labels, value: c });
  }
  const consumed: Sample[] = [];
  const firstControl = members(power, 'PowerControl')[0];
  const watts = firstControl ? num(firstControl.item['PowerConsumedWatts']) : undefined;
  if (watts !== undefined) consumed.push({ labels: { node }, value: watts });
  return [
    { desc: DESC.psuHealth, samples: health },
    { desc: DESC.psuInput, samples: input },
    { desc: DESC.psuOutput, samples: output },
    { desc: DESC.psuCapacity, samples: capacity },
    { desc: DESC.powerConsumed, samples: consumed },
  ];
}

/**
 * The metric families of one BMC, `node` being the node's name in the inventory. The seven
 * seed families are always present (possibly without samples, as the seed wrote them); the
 * `node_power_*` families only when `res.power` is given.
 */
export function mapRedfishBmc(node: string, res: RedfishBmcResources): MetricFamily[] {
  const safe: RedfishBmcResources = {
    root: res?.root,
    systems: asArr(res?.systems),
    chassis: asArr(res?.chassis),
    thermal: asArr(res?.thermal),
    ...(Array.isArray(res?.power) ? { power: res.power } : {}),
  };

  const fans: Sample[] = [];
  const fanThresh: Sample[] = [];
  const fanCodes: (number | undefined)[] = [];
  for (const s of members(safe.thermal, 'Fans')) {
    if (isAbsent(s.item)) continue;
    const r = fanReading(s.item);
    if (!r) continue;
    const labels = sensorLabels(node, s, r.units);
    fanCodes.push(statusHealth(s.item));
    fans.push({ labels, value: r.value });
    fanThresh.push(...thresholds(labels, s.item, 'LowerThresholdNonCritical', 'LowerThresholdCritical'));
  }

  const temps: Sample[] = [];
  const tempThresh: Sample[] = [];
  const tempCodes: (number | undefined)[] = [];
  for (const s of members(safe.thermal, 'Temperatures')) {
    if (isAbsent(s.item)) continue;
    const celsius = num(s.item['ReadingCelsius']);
    if (celsius === undefined) continue;
    const labels = sensorLabels(node, s, 'degreesC');
    tempCodes.push(statusHealth(s.item));
    temps.push({ labels, value: celsius });
    tempThresh.push(...thresholds(labels, s.item, 'UpperThresholdNonCritical', 'UpperThresholdCritical'));
  }

  const families: MetricFamily[] = [
    { desc: DESC.health, samples: healthSamples(node, safe, fanCodes, tempCodes) },
    { desc: DESC.info, samples: infoSamples(node, safe) },
    { desc: DESC.memory, samples: memorySamples(node, safe) },
    { desc: DESC.fan, samples: fans },
    { desc: DESC.fanThresh, samples: fanThresh },
    { desc: DESC.thermometer, samples: temps },
    { desc: DESC.thermometerThresh, samples: tempThresh },
  ];
  if (safe.power) families.push(...powerFamilies(node, safe.power));
  return families;
}
