/**
 * The vendor-neutral link model. Every source (node NIC, switch port, Redfish port) maps its raw
 * counters into these fields; health/ computes deltas and states from them. Field names are
 * documented in docs/data-model.md and are part of the product's interface.
 */
import type { LinkmonError } from './errors.js';
import type { Target, TargetKind } from './target.js';

/** Monotonic counters of a link, as unsigned integers. */
export const LINK_COUNTERS = [
  'carrier_changes',
  'carrier_up_count',
  'carrier_down_count',
  'link_down_events',
  'rx_bytes',
  'tx_bytes',
  'rx_packets',
  'tx_packets',
  'rx_errors',
  'tx_errors',
  'rx_crc_errors',
  'rx_symbol_errors',
  'rx_runts',
  'rx_alignment_errors',
  'rx_discards',
  'tx_discards',
  'fec_corrected_codewords',
  'fec_uncorrected_codewords',
  'fec_corrected_bits',
  'rx_pfc_frames',
  'tx_pfc_frames',
  'rdma_local_ack_timeout_err',
  'rdma_implied_nak_seq_err',
  'rdma_out_of_sequence',
  'rdma_packet_seq_err',
] as const;
export type LinkCounter = (typeof LINK_COUNTERS)[number];

/** Counters kept per lane (index = lane number). */
export const LANE_COUNTERS = ['fec_corrected_bits', 'fec_corrected_codewords', 'fec_uncorrected_codewords'] as const;
export type LaneCounter = (typeof LANE_COUNTERS)[number];

export interface OpticsLane {
  readonly lane: number;
  readonly txBiasMa?: number;
  readonly txPowerMw?: number;
  readonly rxPowerMw?: number;
}

export interface Optics {
  readonly identifier?: string;
  readonly vendor?: string;
  readonly vendorOui?: string;
  readonly partNumber?: string;
  readonly revision?: string;
  readonly serial?: string;
  readonly temperatureC?: number;
  readonly voltageV?: number;
  readonly lanes: readonly OpticsLane[];
}

/** What one sample saw of one link. */
export interface LinkObservation {
  readonly port: string;
  readonly mac?: string;
  readonly description?: string;
  /** Current speed in Mb/s, if the link reports one. */
  readonly speedMbps?: number;
  /** Highest speed the port supports, in Mb/s. */
  readonly maxSpeedMbps?: number;
  /** Operational state as the device words it, lower case: up, down, lowerlayerdown, … */
  readonly operState?: string;
  readonly carrier?: boolean;
  /** False when the driver query failed (ethtool exit code on nodes). */
  readonly driverOk?: boolean;
  readonly counters: Readonly<Partial<Record<LinkCounter, bigint>>>;
  readonly laneCounters: Readonly<Partial<Record<LaneCounter, readonly bigint[]>>>;
  readonly optics?: Optics;
  /**
   * Every raw counter under its source's own name, e.g. `ethtool.rx_out_of_buffer`,
   * `sysfs.rx_dropped`. A Map: hundreds of keys per link are built every sweep.
   */
  readonly raw: ReadonlyMap<string, bigint>;
  /** Descriptive facts: driver, firmware, bus address, FEC mode, … */
  readonly info: Readonly<Record<string, string>>;
}

/** One device's sample: its links, or why it could not be read. */
export interface DeviceSample {
  readonly target: Target;
  readonly kind: TargetKind;
  /** Vendor or OS as the collector established it (switches: the CLI dialect). */
  readonly vendor?: string;
  /** Wall-clock time when the sample was taken (ms since the epoch). */
  readonly timestampMs: number;
  readonly durationMs: number;
  /** Changes when the device reboots; a changed id means every counter restarted. */
  readonly bootId?: string;
  /** True when the device answered; links may still be partial (see errors). */
  readonly reachable: boolean;
  readonly links: readonly LinkObservation[];
  readonly errors: readonly LinkmonError[];
}
