import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { MetricFamily } from '../../core/metrics.js';
import {
  escapeLabelValue,
  formatValue,
  parseExposition,
  parseExpositionFamilies,
  renderExposition,
  sampleKey,
} from './exposition.js';

const PROMTOOL = '/usr/bin/promtool';
const HAVE_PROMTOOL = existsSync(PROMTOOL);

const sample: MetricFamily[] = [
  {
    desc: { name: 'linkmon_port_up', help: 'Port operational state (1 up).', type: 'gauge', labelNames: ['device', 'port'] },
    samples: [
      { labels: { device: 'sw1', port: 'Ethernet1/1' }, value: 1 },
      { labels: { device: 'sw1', port: 'Ethernet1/2' }, value: 0 },
    ],
  },
  {
    desc: { name: 'linkmon_fec_corrected_total', help: 'FEC corrected codewords.', type: 'counter', labelNames: ['device', 'port'] },
    samples: [{ labels: { device: 'sw1', port: 'Ethernet1/1' }, value: 123456789012, timestampMs: 1700000000000 }],
  },
  {
    desc: { name: 'linkmon_device_info', help: 'Device identity.', type: 'info', labelNames: ['device', 'model'] },
    samples: [{ labels: { device: 'sw1', model: 'DCS-7060CX "32S"' }, value: 1 }],
  },
  {
    desc: { name: 'linkmon_empty', help: 'A family without samples.', type: 'gauge', labelNames: [] },
    samples: [],
  },
];

describe('formatValue', () => {
  it('writes integers in full, without exponent or decimal point', () => {
    expect(formatValue(0)).toBe('0');
    expect(formatValue(-0)).toBe('0');
    expect(formatValue(192)).toBe('192');
    expect(formatValue(-7)).toBe('-7');
    expect(formatValue(1e6)).toBe('1000000');
    expect(formatValue(2 ** 53 + 2)).toBe('9007199254740994');
    expect(formatValue(1e21)).toBe('1000000000000000000000');
  });
  it('writes NaN and infinities as Prometheus does', () => {
    expect(formatValue(NaN)).toBe('NaN');
    expect(formatValue(Infinity)).toBe('+Inf');
    expect(formatValue(-Infinity)).toBe('-Inf');
  });
  it('writes fractions in the shortest exact form', () => {
    expect(formatValue(0.1)).toBe('0.1');
    expect(formatValue(-2.5)).toBe('-2.5');
    expect(Number(formatValue(1.5e-7))).toBe(1.5e-7);
  });
});

describe('renderExposition', () => {
  it('escapes backslash, double quote and newline in label values', () => {
    expect(escapeLabelValue('a\\b"c\nd')).toBe('a\\\\b\\"c\\nd');
    const text = renderExposition([
      {
        desc: { name: 'm', help: 'line1\nline2 with \\ and "quotes"', type: 'gauge', labelNames: ['v'] },
        samples: [{ labels: { v: 'C:\\dir "x"\nnext' }, value: 1 }],
      },
    ]);
    expect(text).toBe(
      ['# HELP m line1\\nline2 with \\\\ and "quotes"', '# TYPE m gauge', 'm{v="C:\\\\dir \\"x\\"\\nnext"} 1', ''].join('\n'),
    );
  });

  it('writes one HELP/TYPE per family in the given order, info as gauge, empty families too', () => {
    const text = renderExposition(sample);
    expect(text).toBe(
      [
        '# HELP linkmon_port_up Port operational state (1 up).',
        '# TYPE linkmon_port_up gauge',
        'linkmon_port_up{device="sw1",port="Ethernet1/1"} 1',
        'linkmon_port_up{device="sw1",port="Ethernet1/2"} 0',
        '# HELP linkmon_fec_corrected_total FEC corrected codewords.',
        '# TYPE linkmon_fec_corrected_total counter',
        'linkmon_fec_corrected_total{device="sw1",port="Ethernet1/1"} 123456789012 1700000000000',
        '# HELP linkmon_device_info Device identity.',
        '# TYPE linkmon_device_info gauge',
        'linkmon_device_info{device="sw1",model="DCS-7060CX \\"32S\\""} 1',
        '# HELP linkmon_empty A family without samples.',
        '# TYPE linkmon_empty gauge',
        '',
      ].join('\n'),
    );
  });

  it('orders labels as declared, then undeclared ones by name', () => {
    const text = renderExposition([
      { desc: { name: 'm', help: 'h', type: 'gauge', labelNames: ['z', 'a'] }, samples: [{ labels: { y: '1', a: '2', b: '3', z: '4' }, value: 1 }] },
    ]);
    expect(text.split('\n')[2]).toBe('m{z="4",a="2",b="3",y="1"} 1');
  });

  it('writes special values', () => {
    const text = renderExposition([
      {
        desc: { name: 'm', help: 'h', type: 'gauge', labelNames: ['k'] },
        samples: [
          { labels: { k: 'nan' }, value: NaN },
          { labels: { k: 'pinf' }, value: Infinity },
          { labels: { k: 'ninf' }, value: -Infinity },
          { labels: {}, value: 3.25 },
        ],
      },
    ]);
    expect(text.split('\n').slice(2, 6)).toEqual(['m{k="nan"} NaN', 'm{k="pinf"} +Inf', 'm{k="ninf"} -Inf', 'm 3.25']);
  });

  it('rejects invalid metric and label names', () => {
    expect(() => renderExposition([{ desc: { name: '1bad', help: '', type: 'gauge', labelNames: [] }, samples: [] }])).toThrow(/metric name/);
    expect(() =>
      renderExposition([{ desc: { name: 'ok', help: '', type: 'gauge', labelNames: [] }, samples: [{ labels: { 'a-b': 'x' }, value: 1 }] }]),
    ).toThrow(/label name/);
  });

  it('renders nothing for no families', () => {
    expect(renderExposition([])).toBe('');
  });
});

describe('parseExposition', () => {
  it('round-trips rendered samples, labels with escapes and special values', () => {
    const tricky = ['', 'plain', 'a,b}c', 'q"uote', 'back\\slash', 'new\nline', '\\n literal', 'ünïcødé', '{x="y"}'];
    const fams: MetricFamily[] = [
      ...sample,
      {
        desc: { name: 'tricky', help: 'Help with \\ and\nnewline', type: 'gauge', labelNames: ['v', 'i'] },
        samples: [
          ...tricky.map((v, i) => ({ labels: { v, i: String(i) }, value: i + 0.5 })),
          { labels: { v: 'nan', i: 'x' }, value: NaN },
          { labels: { v: 'inf', i: 'x' }, value: Infinity },
          { labels: { v: '-inf', i: 'x' }, value: -Infinity },
        ],
      },
    ];
    const parsed = parseExposition(renderExposition(fams));
    const expected = fams.flatMap((f) =>
      f.samples.map((s) => ({
        name: f.desc.name,
        labels: { ...s.labels },
        value: s.value,
        ...(s.timestampMs === undefined ? {} : { timestampMs: s.timestampMs }),
      })),
    );
    expect(parsed).toEqual(expected);
    expect(new Set(parsed.map(sampleKey))).toEqual(new Set(expected.map(sampleKey)));

    const meta = parseExpositionFamilies(renderExposition(fams));
    expect(meta.get('tricky')).toEqual({ help: 'Help with \\ and\nnewline', type: 'gauge' });
    expect(meta.get('linkmon_device_info')).toEqual({ help: 'Device identity.', type: 'gauge' });
    expect(meta.get('linkmon_empty')).toEqual({ help: 'A family without samples.', type: 'gauge' });
    expect([...meta.keys()]).toEqual(['linkmon_port_up', 'linkmon_fec_corrected_total', 'linkmon_device_info', 'linkmon_empty', 'tricky']);
  });

  it('reads the Python client style (1.0, 0.0) and plain comments', () => {
    const text = '# a comment\n# HELP x X\n# TYPE x gauge\nx{a="1"} 192.0\nx 0.0\nx{} 1e+06\n';
    expect(parseExposition(text)).toEqual([
      { name: 'x', labels: { a: '1' }, value: 192 },
      { name: 'x', labels: {}, value: 0 },
      { name: 'x', labels: {}, value: 1e6 },
    ]);
  });

  it('throws on malformed lines', () => {
    expect(() => parseExposition('x{a="1} 1\n')).toThrow(/line 1/);
    expect(() => parseExposition('ok 1\nx{a=1} 1\n')).toThrow(/line 2/);
    expect(() => parseExposition('x abc\n')).toThrow(/invalid value/);
    expect(() => parseExposition('x\n')).toThrow(/expected value/);
  });
});

describe.skipIf(!HAVE_PROMTOOL)(`promtool check metrics (${HAVE_PROMTOOL ? PROMTOOL : `skipped: ${PROMTOOL} not installed`})`, () => {
  it('accepts a rendered exposition', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'linkmon-prom-'));
    try {
      const file = path.join(dir, 'metrics.prom');
      writeFileSync(file, renderExposition(sample));
      // promtool reads the exposition on stdin; exit status 0 means no errors (lint warnings aside).
      const out = execFileSync('/bin/sh', ['-c', `${PROMTOOL} check metrics < "${file}"; echo "rc=$?"`], { encoding: 'utf8' });
      expect(out).toMatch(/rc=0/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
