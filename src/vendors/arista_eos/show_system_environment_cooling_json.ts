/**
 * `show system environment cooling | json`: every fan, in power supplies and fan trays. Speeds are
 * percentages of the fan's `maxSpeed` (RPM).
 *
 *   { "systemStatus": "coolingOk", "fanTraySlots": [ { "label": "1", "status": "ok",
 *       "fans": [ { "label": "1/1", "status": "ok", "actualSpeed": 51, "maxSpeed": 17500, … } ] } ],
 *     "powerSupplySlots": [ … ], "ambientTemperature": 41.0, "airflowDirection": "frontToBackAirflow" }
 */
import type { ParseResult, Parser } from '../../core/parser.js';
import { allUnmatched, bool, isObject, num, readJsonOutput, str } from './common.js';

export interface EosFan {
  label: string;
  kind: 'powerSupply' | 'fanTray';
  /** The slot's label (`PowerSupply1`, `1`). */
  slot?: string;
  /** `ok`, `Not Inserted`, `Failed`, … as printed. */
  status?: string;
  actualSpeedPercent?: number;
  configuredSpeedPercent?: number;
  maxSpeedRpm?: number;
  speedStable?: boolean;
}

export interface EosCooling {
  systemStatus?: string;
  coolingMode?: string;
  ambientTemperatureC?: number;
  airflowDirection?: string;
  fans: EosFan[];
}

export function parseShowSystemEnvironmentCoolingJson(raw: string): ParseResult<EosCooling> {
  const { value, unmatched } = readJsonOutput(raw);
  if (!value) return { records: [], unmatched };
  if (!Array.isArray(value.fanTraySlots) && !Array.isArray(value.powerSupplySlots)) {
    return { records: [], unmatched: allUnmatched(raw) };
  }
  const rec: EosCooling = { fans: [] };
  const texts = [
    ['systemStatus', 'systemStatus'],
    ['coolingMode', 'coolingMode'],
    ['airflowDirection', 'airflowDirection'],
  ] as const;
  for (const [from, to] of texts) {
    const v = str(value[from]);
    if (v !== undefined) rec[to] = v;
  }
  const ambient = num(value.ambientTemperature);
  if (ambient !== undefined) rec.ambientTemperatureC = ambient;
  for (const [key, kind] of [
    ['powerSupplySlots', 'powerSupply'],
    ['fanTraySlots', 'fanTray'],
  ] as const) {
    const slots = value[key];
    if (!Array.isArray(slots)) continue;
    for (const slot of slots) {
      if (!isObject(slot) || !Array.isArray(slot.fans)) continue;
      for (const f of slot.fans) {
        if (!isObject(f)) continue;
        const label = str(f.label);
        if (label === undefined) continue;
        const fan: EosFan = { label, kind };
        const slotLabel = str(slot.label);
        if (slotLabel !== undefined) fan.slot = slotLabel;
        const status = str(f.status);
        if (status !== undefined) fan.status = status;
        const nums = [
          ['actualSpeed', 'actualSpeedPercent'],
          ['configuredSpeed', 'configuredSpeedPercent'],
          ['maxSpeed', 'maxSpeedRpm'],
        ] as const;
        for (const [from, to] of nums) {
          const v = num(f[from]);
          if (v !== undefined) fan[to] = v;
        }
        const stable = bool(f.speedStable);
        if (stable !== undefined) fan.speedStable = stable;
        rec.fans.push(fan);
      }
    }
  }
  const { fans, ...head } = rec;
  return { records: [{ ...head, fans }], unmatched };
}

export const showSystemEnvironmentCoolingJsonParser: Parser<EosCooling> = {
  id: 'show_system_environment_cooling_json',
  command: 'show system environment cooling | json',
  parse: parseShowSystemEnvironmentCoolingJson,
};
