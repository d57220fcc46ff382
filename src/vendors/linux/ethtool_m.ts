/**
 * `ethtool -m <if>`: module EEPROM / digital optical monitoring, as decoded by ethtool for
 * SFF-8472 (SFP), SFF-8636 (QSFP/QSFP28) and CMIS (QSFP-DD/OSFP) modules.
 *
 *   \tIdentifier                                : 0x11 (QSFP28)
 *   \tVendor rev                                :                    <- empty value
 *   \tModule temperature                        : 44.69 degrees C / 112.44 degrees F
 *   \tLaser tx bias current (Channel 1)         : 8.110 mA           <- SFF-8636 / CMIS
 *   \tRcvr signal avg optical power(Channel 4)  : 0.7225 mW / -1.41 dBm
 *   \tLaser bias current high alarm   (Chan 1)  : Off
 *   \tLaser bias current                        : 6.656 mA           <- SFF-8472: single lane = lane 1
 *   \tReceiver signal average optical power     : 0.5921 mW / -2.28 dBm
 *
 * Every `key : value` line is kept in `fields` in order (keys repeat, e.g. `Transceiver type`).
 */
import { splitLines } from '../../core/parser.js';
import type { ParseResult, Parser, Unmatched } from '../../core/parser.js';

export interface ModuleLane {
  /** 1-based, as printed (`Channel 1`, `Chan 1`, `Lane 1`). */
  lane: number;
  txBiasMa?: number;
  txPowerMw?: number;
  rxPowerMw?: number;
}

export interface ModuleInfo {
  fields: { key: string; value: string }[];
  identifier?: string;
  vendorName?: string;
  vendorOui?: string;
  vendorPn?: string;
  vendorRev?: string;
  vendorSn?: string;
  temperatureC?: number;
  voltageV?: number;
  lanes: ModuleLane[];
  /** Alarm and warning flags (`... alarm`/`... warning` keys with an On/Off value), in order. */
  alarms: { key: string; on: boolean }[];
}

type VendorField = 'identifier' | 'vendorName' | 'vendorOui' | 'vendorPn' | 'vendorRev' | 'vendorSn';
type LaneField = 'txBiasMa' | 'txPowerMw' | 'rxPowerMw';

const TEXT_FIELDS: Readonly<Record<string, VendorField>> = {
  Identifier: 'identifier',
  'Vendor name': 'vendorName',
  'Vendor OUI': 'vendorOui',
  'Vendor PN': 'vendorPn',
  'Vendor rev': 'vendorRev',
  'Vendor SN': 'vendorSn',
};

/** Monitor keys (lane suffix removed) → lane field. Thresholds and flags never match these. */
const LANE_FIELDS: Readonly<Record<string, LaneField>> = {
  'laser bias current': 'txBiasMa', // SFF-8472
  'laser tx bias current': 'txBiasMa', // SFF-8636, CMIS
  'laser output power': 'txPowerMw', // SFF-8472
  'transmit avg optical power': 'txPowerMw', // SFF-8636, CMIS
  'receiver signal average optical power': 'rxPowerMw', // SFF-8472
  'receiver signal oma': 'rxPowerMw', // SFF-8472/8636/CMIS when the module reports OMA
  'rcvr signal avg optical power': 'rxPowerMw', // SFF-8636, CMIS
  'rcvr signal oma': 'rxPowerMw',
};

const LANE_SUFFIX_RE = /\s*\(\s*(?:Channel|Chan|Lane)\s*(\d+)\s*\)$/i;
const MA_RE = /^(-?\d+(?:\.\d+)?)\s*mA\b/;
const MW_RE = /^(-?\d+(?:\.\d+)?)\s*mW\b/;
const TEMP_RE = /^(-?\d+(?:\.\d+)?)\s*degrees C\b/;
const VOLT_RE = /^(-?\d+(?:\.\d+)?)\s*V\b/;
const FLAG_KEY_RE = /\b(?:alarm|warning)\b/i;

export function parseEthtoolM(raw: string): ParseResult<ModuleInfo> {
  const lines = splitLines(raw);
  const unmatched: Unmatched[] = [];
  const rec: ModuleInfo = { fields: [], lanes: [], alarms: [] };
  const lanes = new Map<number, ModuleLane>();

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const t = line.trim();
    if (t === '') continue;

    let key: string;
    let value: string;
    const sep = t.indexOf(' : ');
    if (sep >= 0) {
      key = t.slice(0, sep).trim();
      value = t.slice(sep + 3).trim();
    } else if (t.endsWith(' :')) {
      key = t.slice(0, -2).trim();
      value = '';
    } else {
      unmatched.push({ line: i + 1, text: line });
      continue;
    }
    if (key === '') {
      unmatched.push({ line: i + 1, text: line });
      continue;
    }
    rec.fields.push({ key, value });

    const text = TEXT_FIELDS[key];
    if (text) {
      if (rec[text] === undefined) rec[text] = value;
      continue;
    }
    if (key === 'Module temperature') {
      const m = TEMP_RE.exec(value);
      if (m && rec.temperatureC === undefined) rec.temperatureC = Number(m[1]);
      continue;
    }
    if (key === 'Module voltage') {
      const m = VOLT_RE.exec(value);
      if (m && rec.voltageV === undefined) rec.voltageV = Number(m[1]);
      continue;
    }
    if (/threshold/i.test(key)) continue;
    if (FLAG_KEY_RE.test(key)) {
      if (value === 'On' || value === 'Off') rec.alarms.push({ key, on: value === 'On' });
      continue;
    }

    const suffix = LANE_SUFFIX_RE.exec(key);
    const base = (suffix ? key.slice(0, suffix.index) : key).trim().toLowerCase();
    const field = LANE_FIELDS[base];
    if (!field) continue;
    const m = (field === 'txBiasMa' ? MA_RE : MW_RE).exec(value);
    if (!m) continue;
    const laneNo = suffix ? Number(suffix[1]) : 1;
    let lane = lanes.get(laneNo);
    if (!lane) {
      lane = { lane: laneNo };
      lanes.set(laneNo, lane);
    }
    lane[field] = Number(m[1]);
  }

  if (rec.fields.length === 0) return { records: [], unmatched };
  const out: ModuleInfo = {
    fields: rec.fields,
    ...(rec.identifier !== undefined && { identifier: rec.identifier }),
    ...(rec.vendorName !== undefined && { vendorName: rec.vendorName }),
    ...(rec.vendorOui !== undefined && { vendorOui: rec.vendorOui }),
    ...(rec.vendorPn !== undefined && { vendorPn: rec.vendorPn }),
    ...(rec.vendorRev !== undefined && { vendorRev: rec.vendorRev }),
    ...(rec.vendorSn !== undefined && { vendorSn: rec.vendorSn }),
    ...(rec.temperatureC !== undefined && { temperatureC: rec.temperatureC }),
    ...(rec.voltageV !== undefined && { voltageV: rec.voltageV }),
    lanes: [...lanes.values()].sort((a, b) => a.lane - b.lane),
    alarms: rec.alarms,
  };
  return { records: [out], unmatched };
}

export const ethtoolMParser: Parser<ModuleInfo> = {
  id: 'ethtool_m',
  command: 'ethtool -m <if>',
  parse: parseEthtoolM,
};
