import { describe, expect, it } from 'vitest';
import { parseExposition, renderExposition } from '../../sinks/prometheus/exposition.js';
import { CSX_METRICS, csxPortName, mapCsx } from './map.js';

function report(name: string, values: Record<string, unknown>): unknown {
  return {
    '@odata.id': `/redfish/v1/TelemetryService/MetricReports/NetworkInterface.${name}`,
    Id: `NetworkInterface.${name}`,
    MetricValues: Object.entries(values).map(([id, v]) => ({ MetricId: id, MetricValue: v })),
  };
}

function iface(id: string, status: string, mac: string): unknown {
  return { '@odata.id': `/redfish/v1/Systems/system/EthernetInterfaces/${id}`, Id: id, LinkStatus: status, MACAddress: mac };
}

describe('mapCsx', () => {
  it('maps EthernetInterfaces and metric reports to links and system_network_* series', () => {
    const reports = new Map<string, unknown>([
      ['link_flap_count', report('link_flap_count', { NetworkInterface_DATA_NETWORK_IF_1: '3', NetworkInterface_DATA_NETWORK_IF_2: '0', NetworkInterface_MGMT_IF_1: '9' })],
      ['rx_bytes', report('rx_bytes', { NetworkInterface_DATA_NETWORK_IF_1: '18446744073709551000', NetworkInterface_DATA_NETWORK_IF_2: '2048' })],
      ['rx_pkt_bad_fcs', report('rx_pkt_bad_fcs', { NetworkInterface_DATA_NETWORK_IF_1: '5' })],
      ['rx_fec_corr', report('rx_fec_corr', { NetworkInterface_DATA_NETWORK_IF_1: '1.2e3' })],
      ['rx_fec_uncorr', report('rx_fec_uncorr', { NetworkInterface_DATA_NETWORK_IF_1: '7' })],
      ['ack_timeouts', report('ack_timeouts', { NetworkInterface_DATA_NETWORK_IF_2: '4' })],
      ['active_qps', report('active_qps', { NetworkInterface_DATA_NETWORK_IF_1: '12' })],
      ['rx_pause', report('rx_pause', { NetworkInterface_DATA_NETWORK_IF_1: '66' })],
    ]);
    const res = mapCsx('xs1', {
      interfaces: [iface('N00', 'LinkUp', 'AA-BB-CC-00-00-01'), iface('N01', 'LinkDown', 'aa:bb:cc:00:00:02')],
      reports,
    });
    expect(res.unmatched).toEqual([]);
    expect(res.links.map((l) => l.port)).toEqual(['n00', 'n01']);
    const [n0, n1] = res.links;
    expect(n0).toMatchObject({ mac: 'aa:bb:cc:00:00:01', operState: 'up', carrier: true, info: { link_status: 'LinkUp', 'csx.active_qps': '12' } });
    expect(n0?.counters).toEqual({
      carrier_changes: 3n,
      rx_bytes: 18446744073709551000n, // exact, beyond 2^53
      rx_crc_errors: 5n,
      fec_corrected_codewords: 1200n,
      fec_uncorrected_codewords: 7n,
    });
    expect(n0?.raw.get('csx.rx_pause')).toBe(66n);
    expect(n1).toMatchObject({ operState: 'down', carrier: false, counters: { carrier_changes: 0n, rx_bytes: 2048n, rdma_local_ack_timeout_err: 4n } });

    const samples = parseExposition(renderExposition(res.families));
    expect(samples.filter((s) => s.name === 'system_network_flap_count')).toEqual([
      { name: 'system_network_flap_count', labels: { system: 'xs1', port: 'n00' }, value: 3 },
      { name: 'system_network_flap_count', labels: { system: 'xs1', port: 'n01' }, value: 0 },
    ]);
    expect(samples.find((s) => s.name === 'system_network_rx_fec_corrected_pkts')?.value).toBe(1200);
    // Families only for reports that were read.
    expect(res.families.map((f) => f.desc.name)).toHaveLength(reports.size);
  });

  it('lists what it cannot read instead of dropping it silently', () => {
    const res = mapCsx('xs1', {
      interfaces: [iface('Mgmt', 'LinkUp', 'x'), 'nonsense'],
      reports: new Map<string, unknown>([
        ['rx_bytes', report('rx_bytes', { NetworkInterface_DATA_NETWORK_IF_1: 'n/a', NetworkInterface_DATA_NETWORK_IF_2: '-5' })],
        ['rx_pause', { MetricValues: 'oops' }],
        ['tx_pause', { MetricValues: [{ MetricValue: '1' }] }],
      ]),
    });
    expect(res.unmatched).toHaveLength(6);
    expect(res.unmatched.join('\n')).toMatch(/"n\/a", not a number/);
    expect(res.unmatched.join('\n')).toMatch(/"-5", not a count/);
    expect(res.unmatched.join('\n')).toMatch(/Mgmt/);
  });

  it('has the 17 reports of the seed with unique names; ports are n00…', () => {
    expect(CSX_METRICS).toHaveLength(17);
    expect(new Set(CSX_METRICS.map((m) => m.name)).size).toBe(17);
    expect(csxPortName(0)).toBe('n00');
    expect(csxPortName(11)).toBe('n11');
  });
});
