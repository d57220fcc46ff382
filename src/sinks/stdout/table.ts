/**
 * The change report as an aligned text table with the seed linkmon's headings, followed by one
 * line per error and a summary. Used by the stdout and files sinks.
 */
import type { LinkChange } from '../../health/link-health.js';
import type { TargetKind } from '../../core/target.js';
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

export const SWITCH_HEADINGS = [
  'Switch', 'Vendor', 'Port', 'MAC', 'Description', 'OperState', 'Flaps', 'RxKBytes', 'CRC errors', 'FEC align',
  'FEC cor. cword', 'FEC uncor. cword', 'Health',
] as const;

export function switchRow(dev: DeviceReport, c: LinkChange): string[] {
  const l = c.link;
  const d = c.deltas;
  return [
    dev.device,
    dev.vendor ?? DASH,
    c.port,
    l.mac ?? DASH,
    l.description ?? DASH,
    l.operState ?? DASH,
    num(c.flaps),
    d.rx_bytes === undefined ? DASH : (d.rx_bytes / 1024n).toString(),
    num(d.rx_crc_errors),
    l.info.fec_alignment_lock ?? DASH,
    num(c.corrected),
    num(d.fec_uncorrected_codewords ?? d.rx_symbol_errors),
    healthCell(c),
  ];
}

export const SYSTEM_HEADINGS = [
  'CS2', 'Port', 'MAC', 'LinkStatus', 'Flaps', 'RxKBytes', 'Bad FCS Pkt', 'FEC Corr Blk', 'FEC Uncorr Blk', 'Health',
] as const;

/** Redfish LinkStatus of the link, `LinkUp -> LinkDown` when it changed between the samples. */
function linkStatusCell(c: LinkChange): string {
  const after = c.link.info.link_status ?? c.link.operState ?? DASH;
  if (c.missing === 'before') return `? -> ${after}`;
  if (c.missing === 'after') return `${after} -> ?`;
  const before = c.before?.info.link_status ?? c.before?.operState;
  return before !== undefined && before !== after ? `${before} -> ${after}` : after;
}

export function systemRow(dev: DeviceReport, c: LinkChange): string[] {
  const l = c.link;
  const d = c.deltas;
  return [
    dev.device,
    c.port,
    l.mac ?? DASH,
    linkStatusCell(c),
    num(c.flaps),
    d.rx_bytes === undefined ? DASH : (d.rx_bytes / 1024n).toString(),
    num(d.rx_crc_errors),
    num(d.fec_corrected_codewords),
    num(d.fec_uncorrected_codewords),
    healthCell(c),
  ];
}

interface KindTable {
  readonly noun: string;
  readonly headings: readonly string[];
  row(dev: DeviceReport, c: LinkChange): string[];
}

const TABLES: Readonly<Record<TargetKind, KindTable>> = {
  node: { noun: 'node', headings: NODE_HEADINGS, row: (dev, c) => nodeRow(dev.device, c) },
  switch: { noun: 'switch', headings: SWITCH_HEADINGS, row: switchRow },
  system: { noun: 'system', headings: SYSTEM_HEADINGS, row: systemRow },
};

function errorRow(dev: DeviceReport, width: number): string[] {
  const row = Array<string>(width).fill(DASH);
  row[0] = dev.device;
  row[width - 1] = 'ERROR';
  return row;
}

/** A cell holds no line breaks or runs of spaces, so columns stay readable (and splittable). */
function cell(text: string): string {
  const t = text.replace(/\s+/g, ' ').trim();
  return t === '' ? DASH : t;
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

/** The change table of one kind of device, its errors and a summary line. */
export function formatKindReport(report: ChangeReport, kind: TargetKind): string {
  const table = TABLES[kind];
  const devices = report.devices.filter((d) => d.kind === kind);
  const rows: string[][] = [];
  const errors: string[] = [];
  const counts = new Map<string, number>();
  let links = 0;
  let failed = 0;
  for (const dev of devices) {
    if (!dev.ok) failed++;
    if (!dev.ok && dev.changes.length === 0) rows.push(errorRow(dev, table.headings.length));
    for (const c of dev.changes) {
      rows.push(table.row(dev, c).map(cell));
      counts.set(c.health, (counts.get(c.health) ?? 0) + 1);
      links++;
    }
    for (const e of dev.errors) errors.push(`${e.severity === 'warning' ? 'warning' : 'error'}: ${e.toLine()}`);
  }
  const interval = formatDuration(report.to.endedMs - report.from.endedMs);
  const states = [...counts].map(([state, n]) => `${n} ${state}`).join(', ');
  const noun = kind === 'switch' ? 'switch(es)' : `${table.noun}(s)`;
  const summary =
    `${devices.length} ${noun}, ${links} link(s) over ${interval}` +
    (states ? `: ${states}` : '') +
    (failed > 0 ? `; ${failed} device(s) failed` : '');
  const out = [alignTable(table.headings, rows)];
  if (errors.length > 0) out.push('', ...errors);
  out.push('', summary);
  return `${out.join('\n')}\n`;
}

/** Every kind present in the report, nodes first, separated by a blank line. */
export function formatReport(report: ChangeReport): string {
  const kinds = (['node', 'switch', 'system'] as const).filter((k) => report.devices.some((d) => d.kind === k));
  return kinds.map((k) => formatKindReport(report, k)).filter((t) => t !== '').join('\n');
}
