/**
 * The change report as an aligned text table with the seed linkmon's headings, followed by one
 * line per error and a summary. Used by the stdout and files sinks.
 */
import type { LinkChange } from '../../health/link-health.js';
import type { ChangeReport, DeviceReport } from '../../health/report.js';

export const NODE_HEADINGS = [
  'Host', 'IfName', 'MAC', 'Speed', 'Carrier', 'OperState', 'DriverOK', 'Flaps', 'RxKBytes', 'RxCRCErr', 'RxPCSErr',
  'RxCorrectedBit', 'RxErrL0', 'RxErrL1', 'RxErrL2', 'RxErrL3', 'LAckTOut', 'ImpNakSeq', 'OutOfSeq', 'Health',
] as const;

const DASH = '-';

function num(v: bigint | undefined): string {
  return v === undefined ? DASH : v.toString();
}

export function formatSpeed(mbps: number | undefined): string {
  if (mbps === undefined || mbps <= 0) return DASH;
  if (mbps >= 1000 && mbps % 1000 === 0) return `${mbps / 1000}G`;
  if (mbps >= 1000) return `${(mbps / 1000).toFixed(1)}G`;
  return `${mbps}M`;
}

function healthCell(c: LinkChange): string {
  return c.missing ? `${c.health}?` : c.health;
}

export function nodeRow(host: string, c: LinkChange): string[] {
  const l = c.link;
  const d = c.deltas;
  const lanes = c.laneDeltas.fec_corrected_bits ?? [];
  return [
    host,
    c.port,
    l.mac ?? DASH,
    formatSpeed(l.speedMbps),
    l.carrier === undefined ? DASH : l.carrier ? '1' : '0',
    l.operState ?? DASH,
    l.driverOk === undefined ? DASH : l.driverOk ? 'yes' : 'no',
    num(c.flaps),
    d.rx_bytes === undefined ? DASH : (d.rx_bytes / 1024n).toString(),
    num(d.rx_crc_errors),
    num(d.rx_symbol_errors),
    num(c.corrected),
    num(lanes[0]),
    num(lanes[1]),
    num(lanes[2]),
    num(lanes[3]),
    num(d.rdma_local_ack_timeout_err),
    num(d.rdma_implied_nak_seq_err),
    num(d.rdma_out_of_sequence),
    healthCell(c),
  ];
}

function errorRow(dev: DeviceReport, width: number): string[] {
  const row = Array<string>(width).fill(DASH);
  row[0] = dev.device;
  row[width - 1] = 'ERROR';
  return row;
}

/** Aligns columns with two spaces between them; numbers right-aligned. */
export function alignTable(headings: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = headings.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const numeric = headings.map((_, i) => rows.length > 0 && rows.every((r) => /^-?\d+$|^-$/.test(r[i] ?? '')));
  const line = (cells: readonly string[]): string =>
    cells
      .map((c, i) => (numeric[i] ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(headings), ...rows.map(line)].join('\n');
}

export function formatDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 120) return `${s} s`;
  if (s < 7200) return `${Math.round(s / 60)} min`;
  return `${(s / 3600).toFixed(1)} h`;
}

export function formatNodeReport(report: ChangeReport): string {
  const nodes = report.devices.filter((d) => d.kind === 'node');
  const rows: string[][] = [];
  const errors: string[] = [];
  for (const dev of nodes) {
    if (!dev.ok && dev.changes.length === 0) rows.push(errorRow(dev, NODE_HEADINGS.length));
    for (const c of dev.changes) rows.push(nodeRow(dev.device, c));
    for (const e of dev.errors) errors.push(`${e.severity === 'warning' ? 'warning' : 'error'}: ${e.toLine()}`);
  }
  const interval = formatDuration(report.to.endedMs - report.from.endedMs);
  const counts = Object.entries(report.counts)
    .map(([state, n]) => `${n} ${state}`)
    .join(', ');
  const links = rows.length - nodes.filter((d) => !d.ok && d.changes.length === 0).length;
  const summary =
    `${nodes.length} node(s), ${links} link(s) over ${interval}` +
    (counts ? `: ${counts}` : '') +
    (report.failedDevices > 0 ? `; ${report.failedDevices} device(s) failed` : '');
  const out = [alignTable(NODE_HEADINGS, rows)];
  if (errors.length > 0) out.push('', ...errors);
  out.push('', summary);
  return `${out.join('\n')}\n`;
}
