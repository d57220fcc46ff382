import { describe, expect, it } from 'vitest';
import { parseNodeOutput } from './parse.js';

describe('parseNodeOutput', () => {
  it('splits frames into interfaces, sysfs facts, counters and command outputs', () => {
    const raw = [
      '@@lm:begin 1', '@@lm:host n1', '@@lm:boot_id abc', '@@lm:ethtool /usr/sbin/ethtool',
      '@@lm:if eth0', '@@lm:sys address 00:11:22:33:44:55', '@@lm:sys ifalias uplink to sw1 port 3', '@@lm:stat rx_bytes 18446744073709551615',
      '@@lm:cmd ethtool_s 0', 'NIC statistics:', '     rx_bytes: 5', '@@lm:rdma mlx5_0 1 out_of_sequence 7',
      '@@lm:if eth1', '@@lm:skip speed 1000', '@@lm:end',
    ].join('\n');
    const s = parseNodeOutput(raw);
    expect(s).toMatchObject({ formatVersion: 1, hostname: 'n1', bootId: 'abc', ethtool: '/usr/sbin/ethtool', complete: true, unmatched: [] });
    expect(s.interfaces[0]?.sys).toEqual({ address: '00:11:22:33:44:55', ifalias: 'uplink to sw1 port 3' });
    expect(s.interfaces[0]?.stats.rx_bytes).toBe(18446744073709551615n);
    expect(s.interfaces[0]?.commands.ethtool_s).toEqual({ exitCode: 0, output: 'NIC statistics:\n     rx_bytes: 5' });
    expect(s.interfaces[0]?.rdma).toEqual([{ device: 'mlx5_0', port: '1', name: 'out_of_sequence', value: 7n }]);
    expect(s.interfaces[1]?.skipped).toBe('speed 1000');
  });

  it('reports stray lines, malformed frames and a missing end frame', () => {
    const s = parseNodeOutput('motd banner\n@@lm:begin 1\n@@lm:stat rx_bytes 1\n@@lm:if e\n@@lm:stat rx_bytes abc\n@@lm:bogus x\n');
    expect(s.complete).toBe(false);
    expect(s.unmatched.map((u) => u.line)).toEqual([1, 3, 5, 6]);
  });

  it('keeps empty command outputs and output cut off without a final newline', () => {
    const s = parseNodeOutput('@@lm:begin 1\n@@lm:if e\n@@lm:cmd ethtool_m 1\n@@lm:cmd ethtool_s 0\nNIC statistics:\n     a: 1');
    expect(s.interfaces[0]?.commands).toEqual({
      ethtool_m: { exitCode: 1, output: '' },
      ethtool_s: { exitCode: 0, output: 'NIC statistics:\n     a: 1' },
    });
    expect(s.complete).toBe(false);
  });

  it('notes a node without ethtool', () => {
    expect(parseNodeOutput('@@lm:begin 1\n@@lm:ethtool missing\n@@lm:end\n').ethtoolMissing).toBe(true);
  });
});
