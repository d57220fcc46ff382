/**
 * The vendor-neutral link series of one device, from its normalized link observations (any source:
 * node NIC, switch port, Redfish port): `linkmon_link_*` with the labels `device` and `port`, and
 * `lane` for per-lane optics. Pure, no I/O.
 *
 * - `linkmon_link_info` (TYPE gauge, value 1): identity and state as labels;
 * - `linkmon_link_up` (1/0) when the state is known; `linkmon_link_speed_bytes_per_second`;
 * - one counter family `linkmon_link_<counter>_total` per LINK_COUNTERS entry that some link has
 *   (`fec_corrected_bits` is exposed as `linkmon_link_fec_corrected_bit_errors_total`: Prometheus'
 *   base unit rule reserves the word "bits");
 * - optics in base units: °C, V, A (bias), W (optical power).
 *
 * Families without samples are left out. A port listed twice is exposed once (its first
 * observation): a series may not appear twice in one exposition.
 */
import { LINK_COUNTERS } from '../../core/link.js';
import type { LinkCounter, LinkObservation } from '../../core/link.js';
import type { Labels, MetricDesc, MetricFamily, Sample } from '../../core/metrics.js';

const PORT_LABELS = ['device', 'port'] as const;
const LANE_LABELS = ['device', 'port', 'lane'] as const;

/** Labels of `linkmon_link_info` after device and port; absent facts are left out of a sample. */
export const LINK_INFO_LABELS = [
  'device',
  'port',
  'mac',
  'description',
  'oper_state',
  'firmware_version',
  'optic_identifier',
  'optic_vendor',
  'optic_part_number',
  'optic_serial',
] as const;

const COUNTER_HELP: Readonly<Record<LinkCounter, string>> = {
  carrier_changes: 'Carrier transitions of the link (one flap, down and up, counts 2).',
  carrier_up_count: 'Carrier up transitions of the link.',
  carrier_down_count: 'Carrier down transitions of the link.',
  link_down_events: 'Physical link-down events.',
  rx_bytes: 'Bytes received.',
  tx_bytes: 'Bytes transmitted.',
  rx_packets: 'Packets (frames) received.',
  tx_packets: 'Packets (frames) transmitted.',
  rx_errors: 'Receive errors.',
  tx_errors: 'Transmit errors.',
  rx_crc_errors: 'Frames received with a bad FCS (CRC errors).',
  rx_symbol_errors: 'PCS symbol errors not corrected by FEC.',
  rx_runts: 'Undersize frames received.',
  rx_alignment_errors: 'Frames received with alignment errors.',
  rx_discards: 'Frames discarded on receive.',
  tx_discards: 'Frames discarded on transmit.',
  fec_corrected_codewords: 'FEC codewords (blocks) corrected.',
  fec_uncorrected_codewords: 'FEC codewords (blocks) that could not be corrected.',
  fec_corrected_bits: 'Bit errors corrected by FEC.',
  rx_pfc_frames: 'Priority flow control (PFC) pause frames received, all priorities.',
  tx_pfc_frames: 'Priority flow control (PFC) pause frames transmitted, all priorities.',
  rdma_local_ack_timeout_err: 'RDMA local ACK timeouts.',
  rdma_implied_nak_seq_err: 'RDMA implied NAK sequence errors.',
  rdma_out_of_sequence: 'RDMA packets received out of sequence.',
  rdma_packet_seq_err: 'RDMA packet sequence errors.',
};

/** The series name of a normalized counter. */
export function counterMetricName(counter: LinkCounter): string {
  return counter === 'fec_corrected_bits' ? 'linkmon_link_fec_corrected_bit_errors_total' : `linkmon_link_${counter}_total`;
}

function desc(name: string, help: string, type: MetricDesc['type'], labelNames: readonly string[]): MetricDesc {
  return { name, help, type, labelNames };
}

export const LINK_DESC = {
  info: desc('linkmon_link_info', 'Link identity and state (value 1).', 'info', LINK_INFO_LABELS),
  up: desc('linkmon_link_up', 'Link operational state: 1 up, 0 not up.', 'gauge', PORT_LABELS),
  speed: desc('linkmon_link_speed_bytes_per_second', 'Current link speed, in bytes per second.', 'gauge', PORT_LABELS),
  temperature: desc('linkmon_link_optic_temperature_celsius', 'Transceiver module temperature, in degrees Celsius.', 'gauge', PORT_LABELS),
  voltage: desc('linkmon_link_optic_voltage_volts', 'Transceiver supply voltage, in volts.', 'gauge', PORT_LABELS),
  txBias: desc('linkmon_link_optic_tx_bias_amperes', 'Transceiver laser bias current per lane, in amperes.', 'gauge', LANE_LABELS),
  txPower: desc('linkmon_link_optic_tx_power_watts', 'Transceiver transmit optical power per lane, in watts.', 'gauge', LANE_LABELS),
  rxPower: desc('linkmon_link_optic_rx_power_watts', 'Transceiver receive optical power per lane, in watts.', 'gauge', LANE_LABELS),
} as const satisfies Record<string, MetricDesc>;

/** 1/0 when the link's state is known: its operState when it has one, else its carrier. */
function upValue(l: LinkObservation): number | undefined {
  if (l.operState !== undefined) return l.operState === 'up' && l.carrier !== false ? 1 : 0;
  if (l.carrier !== undefined) return l.carrier ? 1 : 0;
  return undefined;
}

function infoLabels(device: string, l: LinkObservation): Labels {
  const labels: Record<string, string> = { device, port: l.port };
  const put = (k: string, v: string | undefined): void => {
    if (v !== undefined && v !== '') labels[k] = v;
  };
  put('mac', l.mac);
  put('description', l.description);
  put('oper_state', l.operState);
  put('firmware_version', l.info['firmware_version']);
  put('optic_identifier', l.optics?.identifier);
  put('optic_vendor', l.optics?.vendor);
  put('optic_part_number', l.optics?.partNumber);
  put('optic_serial', l.optics?.serial);
  return labels;
}

function finite(v: number | undefined): v is number {
  return v !== undefined && Number.isFinite(v);
}

/**
 * mA → A, mW → W. Rounded to 15 significant digits, the precision a double holds for a decimal
 * reading, so that 0.06 mW is written 0.00006 and not 0.000059999999999999995.
 */
function fromMilli(v: number): number {
  return Number((v / 1000).toPrecision(15));
}

/** The `linkmon_link_*` families of one device's links. */
export function linkFamilies(device: string, links: readonly LinkObservation[]): MetricFamily[] {
  const seen = new Set<string>();
  const unique = links.filter((l) => {
    if (seen.has(l.port)) return false;
    seen.add(l.port);
    return true;
  });

  const info: Sample[] = [];
  const up: Sample[] = [];
  const speed: Sample[] = [];
  const counters = new Map<LinkCounter, Sample[]>();
  const temperature: Sample[] = [];
  const voltage: Sample[] = [];
  const txBias: Sample[] = [];
  const txPower: Sample[] = [];
  const rxPower: Sample[] = [];

  for (const l of unique) {
    const labels = { device, port: l.port };
    info.push({ labels: infoLabels(device, l), value: 1 });
    const u = upValue(l);
    if (u !== undefined) up.push({ labels, value: u });
    if (finite(l.speedMbps)) speed.push({ labels, value: (l.speedMbps * 1_000_000) / 8 });
    for (const c of LINK_COUNTERS) {
      const v = l.counters[c];
      if (v === undefined) continue;
      let list = counters.get(c);
      if (!list) {
        list = [];
        counters.set(c, list);
      }
      list.push({ labels, value: Number(v) });
    }
    const o = l.optics;
    if (o === undefined) continue;
    if (finite(o.temperatureC)) temperature.push({ labels, value: o.temperatureC });
    if (finite(o.voltageV)) voltage.push({ labels, value: o.voltageV });
    const lanesSeen = new Set<number>();
    for (const lane of o.lanes) {
      if (lanesSeen.has(lane.lane)) continue;
      lanesSeen.add(lane.lane);
      const laneLabels = { ...labels, lane: String(lane.lane) };
      if (finite(lane.txBiasMa)) txBias.push({ labels: laneLabels, value: fromMilli(lane.txBiasMa) });
      if (finite(lane.txPowerMw)) txPower.push({ labels: laneLabels, value: fromMilli(lane.txPowerMw) });
      if (finite(lane.rxPowerMw)) rxPower.push({ labels: laneLabels, value: fromMilli(lane.rxPowerMw) });
    }
  }

  const families: MetricFamily[] = [
    { desc: LINK_DESC.info, samples: info },
    { desc: LINK_DESC.up, samples: up },
    { desc: LINK_DESC.speed, samples: speed },
    ...LINK_COUNTERS.map((c) => ({ desc: desc(counterMetricName(c), COUNTER_HELP[c], 'counter', PORT_LABELS), samples: counters.get(c) ?? [] })),
    { desc: LINK_DESC.temperature, samples: temperature },
    { desc: LINK_DESC.voltage, samples: voltage },
    { desc: LINK_DESC.txBias, samples: txBias },
    { desc: LINK_DESC.txPower, samples: txPower },
    { desc: LINK_DESC.rxPower, samples: rxPower },
  ];
  return families.filter((f) => f.samples.length > 0);
}
