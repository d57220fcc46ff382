/**
 * Splits the framed output of collect.sh into per-interface sections. Pure; the command outputs
 * inside each section are parsed by the ethtool parsers in src/vendors/linux/ (see map.ts).
 */
import type { Unmatched } from '../../core/parser.js';

export interface CommandOutput {
  readonly exitCode: number;
  readonly output: string;
}

export interface RdmaCounter {
  readonly device: string;
  readonly port: string;
  readonly name: string;
  readonly value: bigint;
}

export interface RawInterface {
  readonly name: string;
  readonly sys: Record<string, string>;
  readonly stats: Record<string, bigint>;
  readonly rdma: RdmaCounter[];
  readonly commands: Record<string, CommandOutput>;
  /** Set when the interface was below the speed floor: only sysfs facts were read. */
  skipped?: string;
}

export interface RawNodeSample {
  formatVersion?: number;
  hostname?: string;
  bootId?: string;
  /** Path of ethtool on the node, or undefined when it is missing. */
  ethtool?: string;
  ethtoolMissing: boolean;
  /** True when the `@@lm:end` frame arrived: the output is complete. */
  complete: boolean;
  readonly interfaces: RawInterface[];
  readonly unmatched: Unmatched[];
}

const FRAME = '@@lm:';
const DECIMAL = /^-?\d+$/;

/** Parses a counter value; the kernel prints them as unsigned decimals. */
function toBigInt(text: string): bigint | undefined {
  return DECIMAL.test(text) ? BigInt(text) : undefined;
}

function splitOnce(text: string): [string, string] {
  const sp = text.indexOf(' ');
  return sp < 0 ? [text, ''] : [text.slice(0, sp), text.slice(sp + 1)];
}

/**
 * Splits the script's output. The raw output of each command is kept as one slice of `raw`
 * (no per-line copies): this runs for every node of every sweep.
 */
export function parseNodeOutput(raw: string): RawNodeSample {
  const sample: RawNodeSample = { ethtoolMissing: false, complete: false, interfaces: [], unmatched: [] };
  let iface: RawInterface | undefined;
  let cmd: { id: string; exitCode: number; start: number } | undefined;

  const closeCommand = (end: number): void => {
    if (iface && cmd) {
      // `end` is the offset of the newline before the next frame (or the end of the text).
      iface.commands[cmd.id] = { exitCode: cmd.exitCode, output: cmd.start >= end ? '' : raw.slice(cmd.start, end) };
    }
    cmd = undefined;
  };

  let lineNo = 0;
  let pos = 0;
  const length = raw.length;
  while (pos < length) {
    let eol = raw.indexOf('\n', pos);
    if (eol < 0) eol = length;
    lineNo++;
    if (!raw.startsWith(FRAME, pos)) {
      if (cmd === undefined) sample.unmatched.push({ line: lineNo, text: raw.slice(pos, eol) });
      pos = eol + 1;
      continue;
    }
    closeCommand(pos - 1);
    const line = raw.slice(pos, eol);
    const n = lineNo;
    pos = eol + 1;
    const [kind, rest] = splitOnce(line.slice(FRAME.length));
    switch (kind) {
      case 'begin':
        sample.formatVersion = Number(rest);
        break;
      case 'host':
        sample.hostname = rest;
        break;
      case 'boot_id':
        sample.bootId = rest;
        break;
      case 'ethtool':
        if (rest === 'missing') sample.ethtoolMissing = true;
        else sample.ethtool = rest;
        break;
      case 'if':
        iface = { name: rest, sys: {}, stats: {}, rdma: [], commands: {} };
        sample.interfaces.push(iface);
        break;
      case 'sys':
      case 'stat': {
        const [attr, value] = splitOnce(rest);
        if (!iface || attr === '') {
          sample.unmatched.push({ line: n, text: line });
        } else if (kind === 'sys') {
          iface.sys[attr] = value;
        } else {
          const v = toBigInt(value);
          if (v === undefined) sample.unmatched.push({ line: n, text: line });
          else iface.stats[attr] = v;
        }
        break;
      }
      case 'rdma': {
        const parts = rest.split(' ');
        const v = parts.length === 4 ? toBigInt(parts[3] as string) : undefined;
        if (!iface || v === undefined) sample.unmatched.push({ line: n, text: line });
        else iface.rdma.push({ device: parts[0] as string, port: parts[1] as string, name: parts[2] as string, value: v });
        break;
      }
      case 'skip':
        if (iface) iface.skipped = rest;
        else sample.unmatched.push({ line: n, text: line });
        break;
      case 'cmd': {
        const [id, code] = splitOnce(rest);
        if (!iface || !DECIMAL.test(code)) sample.unmatched.push({ line: n, text: line });
        else cmd = { id, exitCode: Number(code), start: Math.min(pos, length) };
        break;
      }
      case 'end':
        sample.complete = true;
        break;
      default:
        sample.unmatched.push({ line: n, text: line });
    }
  }
  // Output that ends inside a command: keep it without the final newline.
  closeCommand(raw.endsWith('\n') ? length - 1 : length);
  return sample;
}
