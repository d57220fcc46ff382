/**
 * The state of a simulated switch, independent of its OS: the renderers in render-<os>.ts print
 * it as each CLI would. Counters advance with time; events (flap, FEC burst, port down) change it.
 */
import type { SwitchOs } from '../../vendors/switch-driver.js';

export interface SimOpticsLane {
  biasMa: number;
  txPowerDbm: number;
  rxPowerDbm: number;
}

export interface SimPort {
  /** 1-based slot (line card) and port numbers; each OS names the port its own way. */
  readonly slot: number;
  readonly port: number;
  description: string;
  readonly mac: string;
  speedMbps: number;
  adminUp: boolean;
  operUp: boolean;
  /** Link status changes (each down and each up counts one), as the switch reports them. */
  linkChanges: number;
  /** Seconds since the last link change (for "Last change" columns). */
  lastChangeAgeS: number;
  rxBytes: bigint;
  txBytes: bigint;
  rxPackets: bigint;
  txPackets: bigint;
  rxBroadcast: bigint;
  rxMulticast: bigint;
  inputErrors: bigint;
  crcErrors: bigint;
  runts: bigint;
  giants: bigint;
  alignmentErrors: bigint;
  symbolErrors: bigint;
  inDiscards: bigint;
  outDiscards: bigint;
  outDiscardsPrio5: bigint;
  /** True cumulative FEC counts (what a perfect observer would count). */
  fecCorrected: bigint;
  fecUncorrected: bigint;
  /** Arista-style register: the latest reading and how often it was updated. */
  fecCorrectedLast: bigint;
  fecCorrectedChanges: number;
  fecUncorrectedLast: bigint;
  fecUncorrectedChanges: number;
  /** Onyx/Comware-style PHY counters. */
  phyReceivedBits: bigint;
  phyCorrectedBits: bigint;
  phySymbolErrors: bigint;
  rxPfcPrio5: bigint;
  txPfcPrio5: bigint;
  ecnMarkedTc5: bigint;
  rxKbps: number;
  txKbps: number;
  /** FEC errors still to be reported, one entry per register update period. */
  readonly fecQueue: { corrected: bigint; uncorrected: bigint }[];
  errdisabled?: string;
  optics?: {
    readonly vendor: string;
    readonly partNumber: string;
    readonly serial: string;
    readonly revision: string;
    readonly type: string;
    temperatureC: number;
    voltageV: number;
    readonly lanes: SimOpticsLane[];
  };
}

export interface SimSwitch {
  readonly name: string;
  readonly os: SwitchOs;
  readonly model: string;
  readonly firmware: string;
  readonly serial: string;
  readonly systemMac: string;
  uptimeS: number;
  readonly ports: SimPort[];
  readonly psus: { name: string; ok: boolean; outputW: number }[];
  readonly temperatures: { name: string; celsius: number; ok: boolean }[];
  readonly fans: { name: string; rpm: number; ok: boolean }[];
  /** Simulated wall clock (ms since the epoch) of the last advance. */
  clockMs: number;
  /** How often the PHY publishes FEC counts (default FEC_UPDATE_MS). */
  fecUpdateMs?: number;
}

function mac(seed: number, i: number): string {
  const b = [0x02, 0x1c, (seed >> 8) & 255, seed & 255, (i >> 8) & 255, i & 255];
  return b.map((x) => x.toString(16).padStart(2, '0')).join(':');
}

/** A switch of `ports` 100G ports, all up, counters at plausible non-zero values. */
export function createSimSwitch(opts: { name: string; os: SwitchOs; ports: number; seed?: number; nowMs?: number }): SimSwitch {
  const seed = opts.seed ?? 1;
  const perSlot = opts.os === 'hp_comware' ? 48 : opts.ports;
  const ports: SimPort[] = [];
  for (let i = 0; i < opts.ports; i++) {
    const base = BigInt((seed * 7919 + i * 104729) % 1_000_000) * 1_000_000n;
    ports.push({
      slot: opts.os === 'hp_comware' ? 2 + Math.floor(i / perSlot) : 1,
      port: (i % perSlot) + 1,
      description: `to node-${String(i + 1).padStart(3, '0')} ens1f0`,
      mac: mac(seed, i),
      speedMbps: 100_000,
      adminUp: true,
      operUp: true,
      linkChanges: 2,
      lastChangeAgeS: 86_400 * 3,
      rxBytes: base * 4096n,
      txBytes: base * 4000n,
      rxPackets: base,
      txPackets: base - 1000n,
      rxBroadcast: 0n,
      rxMulticast: base / 10_000n,
      inputErrors: 0n,
      crcErrors: 0n,
      runts: 0n,
      giants: 0n,
      alignmentErrors: 0n,
      symbolErrors: 0n,
      inDiscards: 0n,
      outDiscards: 0n,
      outDiscardsPrio5: 0n,
      fecCorrected: 0n,
      fecUncorrected: 0n,
      fecCorrectedLast: 0n,
      fecCorrectedChanges: 0,
      fecUncorrectedLast: 0n,
      fecUncorrectedChanges: 0,
      phyReceivedBits: base * 32768n,
      phyCorrectedBits: 0n,
      phySymbolErrors: 0n,
      rxPfcPrio5: 0n,
      txPfcPrio5: 0n,
      ecnMarkedTc5: 0n,
      rxKbps: 1_000_000,
      txKbps: 1_000_000,
      fecQueue: [],
      optics: {
        vendor: 'SIMOPTICS',
        partNumber: 'SIM-QSFP-100G-SR4',
        serial: `SIM${String(seed).padStart(4, '0')}${String(i).padStart(4, '0')}`,
        revision: '01',
        type: '100GBASE-SR4',
        temperatureC: 38.5,
        voltageV: 3.29,
        lanes: [0, 1, 2, 3].map(() => ({ biasMa: 7.5, txPowerDbm: -0.5, rxPowerDbm: -1.2 })),
      },
    });
  }
  return {
    name: opts.name,
    os: opts.os,
    model: opts.os === 'arista_eos' ? 'DCS-7060CX-32S' : opts.os === 'mellanox_onyx' ? 'MSN2700' : 'S12516X-AF',
    firmware: opts.os === 'arista_eos' ? '4.28.3M' : opts.os === 'mellanox_onyx' ? '3.10.4006' : '7.1.070',
    serial: `SIMSW${String(seed).padStart(5, '0')}`,
    systemMac: mac(seed, 0xffff),
    uptimeS: 86_400 * 30,
    ports,
    psus: [1, 2].map((n) => ({ name: `PSU${n}`, ok: true, outputW: 180 })),
    temperatures: [1, 2, 3].map((n) => ({ name: `Sensor${n}`, celsius: 35 + n, ok: true })),
    fans: [1, 2, 3, 4].map((n) => ({ name: `Fan${n}`, rpm: 9000, ok: true })),
    clockMs: opts.nowMs ?? Date.now(),
  };
}

/** How often a simulated PHY publishes its FEC error counts (Arista's register update period). */
export const FEC_UPDATE_MS = 2000;

/** One register update: the errors of one period become visible in every OS's counters. */
function reportFec(p: SimPort, corrected: bigint, uncorrected: bigint): void {
  p.fecCorrected += corrected;
  p.fecUncorrected += uncorrected;
  p.phyCorrectedBits += corrected * 8n;
  p.phySymbolErrors += uncorrected;
  if (corrected > 0n) {
    p.fecCorrectedLast = corrected;
    p.fecCorrectedChanges += 1;
  }
  if (uncorrected > 0n) {
    p.fecUncorrectedLast = uncorrected;
    p.fecUncorrectedChanges += 1;
  }
}

/**
 * Advances the switch to `nowMs`: traffic counters grow at the port's rate; queued FEC errors are
 * published one register update per `fecUpdateMs` period (Arista shows only the latest update's
 * value and a count of updates, so a slow reader misses the earlier values).
 */
export function advanceSimSwitch(sw: SimSwitch, nowMs: number, opts: { fecUpdateMs?: number } = {}): void {
  const dt = Math.max(0, nowMs - sw.clockMs);
  if (dt === 0) return;
  const seconds = dt / 1000;
  sw.uptimeS += seconds;
  for (const p of sw.ports) {
    p.lastChangeAgeS += seconds;
    if (!p.operUp) continue;
    const bytes = BigInt(Math.round((p.rxKbps * 1000 * seconds) / 8));
    p.rxBytes += bytes;
    p.txBytes += BigInt(Math.round((p.txKbps * 1000 * seconds) / 8));
    p.rxPackets += bytes / 4096n;
    p.txPackets += bytes / 4096n;
    p.phyReceivedBits += bytes * 8n;
  }
  const period = opts.fecUpdateMs ?? sw.fecUpdateMs ?? FEC_UPDATE_MS;
  const updates = Math.floor(nowMs / period) - Math.floor(sw.clockMs / period);
  for (let u = 0; u < updates; u++) {
    for (const p of sw.ports) {
      const next = p.fecQueue.shift();
      if (next) reportFec(p, next.corrected, next.uncorrected);
    }
  }
  sw.clockMs = nowMs;
}

/** Events injected into a simulated switch (by tests, the demo, `linkmon sim`). */
export type SimEvent =
  | { readonly kind: 'flap'; readonly port: number; readonly times?: number }
  | { readonly kind: 'fec_burst'; readonly port: number; readonly corrected: number; readonly uncorrected?: number; readonly updates?: number }
  | { readonly kind: 'crc'; readonly port: number; readonly count: number }
  | { readonly kind: 'port_down'; readonly port: number }
  | { readonly kind: 'port_up'; readonly port: number };

/** Applies an event to port index `port` (0-based). */
export function applySimEvent(sw: SimSwitch, ev: SimEvent): void {
  const p = sw.ports[ev.port];
  if (!p) throw new Error(`${sw.name} has no port index ${ev.port}`);
  switch (ev.kind) {
    case 'flap':
      p.linkChanges += 2 * (ev.times ?? 1);
      p.lastChangeAgeS = 0;
      break;
    case 'fec_burst': {
      // The burst is reported over `updates` register periods (default: one, at the next update).
      const updates = Math.max(1, ev.updates ?? 1);
      const share = (n: number, k: number): bigint => BigInt(Math.floor(n / updates) + (k < n % updates ? 1 : 0));
      for (let k = 0; k < updates; k++) p.fecQueue.push({ corrected: share(ev.corrected, k), uncorrected: share(ev.uncorrected ?? 0, k) });
      break;
    }
    case 'crc':
      p.crcErrors += BigInt(ev.count);
      p.inputErrors += BigInt(ev.count);
      break;
    case 'port_down':
      if (p.operUp) {
        p.operUp = false;
        p.linkChanges += 1;
        p.lastChangeAgeS = 0;
      }
      break;
    case 'port_up':
      if (!p.operUp) {
        p.operUp = true;
        p.linkChanges += 1;
        p.lastChangeAgeS = 0;
      }
      break;
  }
}
