/**
 * `show environment power | json`: one record per power supply, in slot order.
 *
 *   { "powerSupplies": { "1": { "modelName": "PWR-2411-AC-RED", "capacity": 2400.0,
 *       "outputPower": 274.0, "state": "ok", "fans": { "FanP1/1": { "status": "ok", "speed": 34 } },
 *       "tempSensors": { "TempSensorP1/1": { "status": "ok", "temperature": 39.75 } }, … } } }
 *
 * `state` is printed as the switch words it (`ok`, `AC Loss`, `powerLoss`, `failed`, …).
 */
import type { ParseResult, Parser } from '../../core/parser.js';
import { allUnmatched, bool, isObject, num, readJsonOutput, str } from './common.js';

export interface EosPowerSupply {
  /** The slot key: `1`, `2`. */
  slot: string;
  modelName?: string;
  state?: string;
  capacityW?: number;
  outputPowerW?: number;
  inputVoltage?: number;
  outputVoltage?: number;
  inputCurrent?: number;
  outputCurrent?: number;
  managed?: boolean;
  fans: { name: string; status?: string; speedPercent?: number }[];
  tempSensors: { name: string; status?: string; temperatureC?: number }[];
}

const NUMBERS = [
  ['capacity', 'capacityW'],
  ['outputPower', 'outputPowerW'],
  ['inputVoltage', 'inputVoltage'],
  ['outputVoltage', 'outputVoltage'],
  ['inputCurrent', 'inputCurrent'],
  ['outputCurrent', 'outputCurrent'],
] as const;

export function parseShowEnvironmentPowerJson(raw: string): ParseResult<EosPowerSupply> {
  const { value, unmatched } = readJsonOutput(raw);
  if (!value) return { records: [], unmatched };
  const supplies = value.powerSupplies;
  if (!isObject(supplies)) return { records: [], unmatched: allUnmatched(raw) };
  const records: EosPowerSupply[] = [];
  const slots = Object.keys(supplies).sort((a, b) => Number(a) - Number(b) || a.localeCompare(b));
  for (const slot of slots) {
    const p = supplies[slot];
    if (!isObject(p)) continue;
    const rec: EosPowerSupply = { slot, fans: [], tempSensors: [] };
    const model = str(p.modelName);
    if (model !== undefined) rec.modelName = model;
    const state = str(p.state);
    if (state !== undefined) rec.state = state;
    for (const [from, to] of NUMBERS) {
      const v = num(p[from]);
      if (v !== undefined) rec[to] = v;
    }
    const managed = bool(p.managed);
    if (managed !== undefined) rec.managed = managed;
    if (isObject(p.fans)) {
      for (const [name, f] of Object.entries(p.fans)) {
        if (!isObject(f)) continue;
        rec.fans.push({ name, ...(str(f.status) !== undefined && { status: str(f.status) }), ...(num(f.speed) !== undefined && { speedPercent: num(f.speed) }) });
      }
    }
    if (isObject(p.tempSensors)) {
      for (const [name, s] of Object.entries(p.tempSensors)) {
        if (!isObject(s)) continue;
        rec.tempSensors.push({
          name,
          ...(str(s.status) !== undefined && { status: str(s.status) }),
          ...(num(s.temperature) !== undefined && { temperatureC: num(s.temperature) }),
        });
      }
    }
    // Keep fans and sensors last in the record.
    const { fans, tempSensors, ...head } = rec;
    records.push({ ...head, fans, tempSensors });
  }
  return { records, unmatched };
}

export const showEnvironmentPowerJsonParser: Parser<EosPowerSupply> = {
  id: 'show_environment_power_json',
  command: 'show environment power | json',
  parse: parseShowEnvironmentPowerJson,
};
