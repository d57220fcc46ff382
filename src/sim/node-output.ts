/**
 * Synthetic node collection output in the exact frame format of collect.sh, with mlx5-style
 * ethtool text, for the node simulator, tests and benchmarks. Counters advance with each sample
 * so that deltas and health states are exercised; faults can be injected per interface.
 */

export interface SimInterfaceFaults {
  /** Carrier transitions added per sample (2 = one down/up flap). */
  readonly flapsPerSample?: number;
  readonly crcPerSample?: number;
  readonly correctedBitsPerSample?: number;
}

export interface SimNodeSpec {
  readonly hostname: string;
  /** 100G interfaces, named ens1f0, ens1f1, … */
  readonly interfaces: number;
  readonly faults?: Readonly<Record<string, SimInterfaceFaults>>;
  /** Extra ethtool -S counters per interface (real mlx5 NICs print 250–700). */
  readonly extraCounters?: number;
  readonly ethtoolMissing?: boolean;
}

const MLX5_BASE = [
  'rx_packets', 'rx_bytes', 'tx_packets', 'tx_bytes', 'rx_csum_complete', 'rx_csum_unnecessary', 'tx_csum_partial',
  'rx_out_of_buffer', 'rx_wqe_err', 'tx_cqe_err', 'rx_packets_phy', 'rx_bytes_phy', 'tx_packets_phy', 'tx_bytes_phy',
  'rx_crc_errors_phy', 'rx_pcs_symbol_err_phy', 'rx_corrected_bits_phy', 'rx_err_lane_0_phy', 'rx_err_lane_1_phy',
  'rx_err_lane_2_phy', 'rx_err_lane_3_phy', 'link_down_events_phy', 'rx_discards_phy', 'tx_discards_phy',
  'rx_prio5_pause', 'tx_prio5_pause', 'rx_prio5_pause_duration', 'module_bad_shorted', 'module_high_temp',
];

const RDMA = [
  'local_ack_timeout_err', 'implied_nak_seq_err', 'packet_seq_err', 'out_of_sequence', 'rnr_nak_retry_err',
  'out_of_buffer', 'req_cqe_error', 'resp_cqe_error', 'np_cnp_sent', 'np_ecn_marked_roce_packets', 'rp_cnp_handled',
];

const SETTINGS = (name: string): string => `Settings for ${name}:
\tSupported ports: [ FIBRE ]
\tSupported link modes:   25000baseSR/Full
\t                        100000baseSR4/Full
\t                        100000baseCR4/Full
\tSupported pause frame use: Symmetric
\tSupports auto-negotiation: Yes
\tSupported FEC modes: None\t RS\t BASER
\tAdvertised link modes:  100000baseSR4/Full
\tAdvertised pause frame use: No
\tAdvertised auto-negotiation: Yes
\tAdvertised FEC modes: RS
\tSpeed: 100000Mb/s
\tDuplex: Full
\tAuto-negotiation: on
\tPort: FIBRE
\tPHYAD: 0
\tTransceiver: internal
\tLink detected: yes`;

const DRIVER = (i: number): string => `driver: mlx5_core
version: 6.1.0
firmware-version: 16.35.2000 (MT_0000000012)
expansion-rom-version: 
bus-info: 0000:${(0x18 + i).toString(16).padStart(2, '0')}:00.0
supports-statistics: yes
supports-test: yes
supports-eeprom-access: no
supports-register-dump: no
supports-priv-flags: yes`;

const MODULE = (serial: string): string => {
  const lines = [
    '\tIdentifier                                : 0x11 (QSFP28)',
    '\tVendor name                               : Sim Optics',
    '\tVendor OUI                                : 00:00:00',
    '\tVendor PN                                 : SIM-100G-SR4',
    '\tVendor rev                                : 01',
    `\tVendor SN                                 : ${serial}`,
    '\tModule temperature                        : 41.25 degrees C / 106.25 degrees F',
    '\tModule voltage                            : 3.2900 V',
  ];
  for (let c = 1; c <= 4; c++) lines.push(`\tLaser tx bias current (Channel ${c})         : 7.500 mA`);
  for (let c = 1; c <= 4; c++) lines.push(`\tTransmit avg optical power (Channel ${c})    : 0.9000 mW / -0.46 dBm`);
  for (let c = 1; c <= 4; c++) lines.push(`\tRcvr signal avg optical power(Channel ${c})  : 0.8500 mW / -0.71 dBm`);
  return lines.join('\n');
};

/** One sample's output for `spec`, the `sample`-th (0-based) since the node booted. */
export function simNodeOutput(spec: SimNodeSpec, sample: number): string {
  const out: string[] = ['@@lm:begin 1', `@@lm:host ${spec.hostname}`, `@@lm:boot_id 00000000-0000-4000-8000-${spec.hostname.length.toString().padStart(12, '0')}`];
  out.push(spec.ethtoolMissing ? '@@lm:ethtool missing' : '@@lm:ethtool /usr/sbin/ethtool');
  const extra = spec.extraCounters ?? 200;
  for (let i = 0; i < spec.interfaces; i++) {
    const name = `ens${1 + (i >> 1)}f${i & 1}`;
    const f = spec.faults?.[name] ?? {};
    const base = BigInt(sample) * 1_250_000_000n + BigInt(i) * 1_000_000n;
    const flaps = 2 + sample * (f.flapsPerSample ?? 0);
    out.push(`@@lm:if ${name}`);
    out.push(`@@lm:sys address 0c:42:a1:00:${i.toString(16).padStart(2, '0')}:01`);
    out.push('@@lm:sys carrier 1', `@@lm:sys carrier_changes ${flaps}`, `@@lm:sys carrier_up_count ${flaps / 2}`);
    out.push(`@@lm:sys carrier_down_count ${flaps / 2}`, '@@lm:sys operstate up', '@@lm:sys speed 100000', '@@lm:sys type 1', '@@lm:sys mtu 9000');
    out.push(`@@lm:stat rx_bytes ${base}`, `@@lm:stat tx_bytes ${base}`, `@@lm:stat rx_packets ${base / 4000n}`, `@@lm:stat tx_packets ${base / 4000n}`);
    out.push('@@lm:stat rx_errors 0', '@@lm:stat tx_errors 0', `@@lm:stat rx_crc_errors ${sample * (f.crcPerSample ?? 0)}`, '@@lm:stat rx_dropped 0');
    if (spec.ethtoolMissing) continue;
    out.push('@@lm:cmd ethtool 0', SETTINGS(name), '@@lm:cmd ethtool_i 0', DRIVER(i), '@@lm:cmd ethtool_s 0', 'NIC statistics:');
    const corrected = BigInt(sample * (f.correctedBitsPerSample ?? 0));
    for (const c of MLX5_BASE) {
      let v = base / 7n;
      if (c === 'rx_crc_errors_phy') v = BigInt(sample * (f.crcPerSample ?? 0));
      else if (c === 'rx_corrected_bits_phy') v = corrected;
      else if (c.startsWith('rx_err_lane_')) v = corrected / 4n;
      else if (c === 'link_down_events_phy') v = BigInt(flaps / 2);
      else if (c.includes('err') || c.includes('discard') || c.startsWith('module_')) v = 0n;
      else if (c === 'rx_bytes_phy' || c === 'tx_bytes_phy') v = base;
      out.push(`     ${c}: ${v}`);
    }
    for (let q = 0; q < extra; q++) out.push(`     rx${q >> 3}_stat_${q & 7}: ${base / BigInt(q + 3)}`);
    out.push('@@lm:cmd ethtool_show_fec 0', `FEC parameters for ${name}:`, 'Supported/Configured FEC encodings: Auto RS', 'Active FEC encoding: RS');
    out.push('@@lm:cmd ethtool_m 0', MODULE(`SIM${spec.hostname.length}${i}`));
    for (const r of RDMA) out.push(`@@lm:rdma mlx5_${i} 1 ${r} ${r.endsWith('err') ? 0 : sample * 10}`);
  }
  out.push('@@lm:end');
  return `${out.join('\n')}\n`;
}
