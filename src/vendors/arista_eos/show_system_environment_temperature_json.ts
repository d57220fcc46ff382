/**
 * `show system environment temperature | json`: every temperature sensor of the system, of each
 * power supply slot and of each card slot.
 *
 *   { "systemStatus": "temperatureOk", "tempSensors": [ { "name": "TempSensor1",
 *       "description": "Cpu temp sensor", "hwStatus": "ok", "currentTemperature": 36.69,
 *       "overheatThreshold": 90.0, "criticalThreshold": 95.0, … } ],
 *     "powerSupplySlots": [ { "relPos": "1", "tempSensors": [ … ] } ], "cardSlots": [] }
 */
import type { ParseResult, Parser } from '../../core/parser.js';
import { allUnmatched, bool, isObject, num, readJsonOutput, str } from './common.js';

export interface EosTempSensor {
  name: string;
  description?: string;
  /** Where the sensor is: the system, a power supply slot or a card slot. */
  location: 'system' | 'powerSupply' | 'card';
  /** The slot's `relPos` for power supply and card sensors. */
  slot?: string;
  /** `ok`, `Overheating`, `Critical`, `Unknown`, … as printed. */
  hwStatus?: string;
  temperatureC?: number;
  overheatThresholdC?: number;
  criticalThresholdC?: number;
  maxTemperatureC?: number;
  inAlertState?: boolean;
}

export interface EosTemperature {
  systemStatus?: string;
  ambientThresholdC?: number;
  sensors: EosTempSensor[];
}

function sensorsOf(list: unknown, location: EosTempSensor['location'], slot: string | undefined, out: EosTempSensor[]): void {
  if (!Array.isArray(list)) return;
  for (const s of list) {
    if (!isObject(s)) continue;
    const name = str(s.name);
    if (name === undefined) continue;
    const rec: EosTempSensor = { name, location };
    if (slot !== undefined) rec.slot = slot;
    const description = str(s.description);
    if (description !== undefined) rec.description = description;
    const status = str(s.hwStatus);
    if (status !== undefined) rec.hwStatus = status;
    const pairs = [
      ['currentTemperature', 'temperatureC'],
      ['overheatThreshold', 'overheatThresholdC'],
      ['criticalThreshold', 'criticalThresholdC'],
      ['maxTemperature', 'maxTemperatureC'],
    ] as const;
    for (const [from, to] of pairs) {
      const v = num(s[from]);
      if (v !== undefined) rec[to] = v;
    }
    const alert = bool(s.inAlertState);
    if (alert !== undefined) rec.inAlertState = alert;
    out.push(rec);
  }
}

export function parseShowSystemEnvironmentTemperatureJson(raw: string): ParseResult<EosTemperature> {
  const { value, unmatched } = readJsonOutput(raw);
  if (!value) return { records: [], unmatched };
  if (!Array.isArray(value.tempSensors) && !Array.isArray(value.powerSupplySlots)) {
    return { records: [], unmatched: allUnmatched(raw) };
  }
  const rec: EosTemperature = { sensors: [] };
  const status = str(value.systemStatus);
  if (status !== undefined) rec.systemStatus = status;
  const ambient = num(value.ambientThreshold);
  if (ambient !== undefined) rec.ambientThresholdC = ambient;
  sensorsOf(value.tempSensors, 'system', undefined, rec.sensors);
  for (const [key, location] of [
    ['powerSupplySlots', 'powerSupply'],
    ['cardSlots', 'card'],
  ] as const) {
    const slots = value[key];
    if (!Array.isArray(slots)) continue;
    for (const slot of slots) {
      if (isObject(slot)) sensorsOf(slot.tempSensors, location, str(slot.relPos), rec.sensors);
    }
  }
  const { sensors, ...head } = rec;
  return { records: [{ ...head, sensors }], unmatched };
}

export const showSystemEnvironmentTemperatureJsonParser: Parser<EosTemperature> = {
  id: 'show_system_environment_temperature_json',
  command: 'show system environment temperature | json',
  parse: parseShowSystemEnvironmentTemperatureJson,
};
