/**
 * The commands one Onyx sweep sends, and the reverse: which parser reads the output of a command
 * as it was typed (Onyx accepts any unambiguous keyword prefix: `show int eth 1/1 trans count` is
 * `show interfaces ethernet 1/1 transceiver counters`).
 */
import { PORT_ID_RE } from './util.js';

/** The per-switch commands, in the seed linkmon's order and spelling (seed-systems.md 5.3). */
export const ONYX_BASE_COMMANDS: readonly string[] = [
  'show int eth',
  'show interfaces ethernet counters pfc prio 5',
  'show interfaces ethernet counters tc 5',
  'show int ethernet rates',
  'show version',
  'show inventory',
  'show power',
  'show temperature',
  'show fan',
  'show hosts',
];

export const transceiverCommand = (portId: string): string => `show int eth ${portId} trans`;
export const diagnosticsCommand = (portId: string): string => `show int eth ${portId} trans diag`;
export const countersCommand = (portId: string): string => `show int eth ${portId} trans count`;

/** `Eth1/1` → `1/1`; undefined for anything that is not an Onyx Ethernet port (never sent). */
export function portIdOf(port: string): string | undefined {
  const id = port.startsWith('Eth') ? port.slice(3) : port;
  return PORT_ID_RE.test(id) ? id : undefined;
}

/**
 * The commands of one sweep: the base commands, then `trans` and `trans diag` of every port, then
 * `trans count` of every port (the seed's order). `ports` are the previous sweep's ports; when
 * none is usable (a first sweep), the base commands only: the switch_cli collector then asks again
 * with the ports `show int eth` listed, within the same sweep.
 */
export function onyxSweepCommands(ports: readonly string[]): string[] {
  const ids: string[] = [];
  const seen = new Set<string>();
  for (const p of ports) {
    const id = portIdOf(p);
    if (id !== undefined && !seen.has(id)) {
      seen.add(id);
      ids.push(id);
    }
  }
  const out = [...ONYX_BASE_COMMANDS];
  if (ids.length === 0) return out;
  for (const id of ids) out.push(transceiverCommand(id), diagnosticsCommand(id));
  for (const id of ids) out.push(countersCommand(id));
  return out;
}

const PORT = '<port>';

/** Parser id → the command's full keywords (`<port>` = a port id). */
const TEMPLATES: readonly (readonly [string, readonly string[]])[] = [
  ['show_interfaces_ethernet', ['show', 'interfaces', 'ethernet']],
  ['show_interfaces_ethernet_counters_pfc_prio_5', ['show', 'interfaces', 'ethernet', 'counters', 'pfc', 'prio', '5']],
  ['show_interfaces_ethernet_counters_tc_5', ['show', 'interfaces', 'ethernet', 'counters', 'tc', '5']],
  ['show_interfaces_ethernet_rates', ['show', 'interfaces', 'ethernet', 'rates']],
  ['show_version', ['show', 'version']],
  ['show_inventory', ['show', 'inventory']],
  ['show_power', ['show', 'power']],
  ['show_temperature', ['show', 'temperature']],
  ['show_fan', ['show', 'fan']],
  ['show_hosts', ['show', 'hosts']],
  ['show_interfaces_ethernet_transceiver', ['show', 'interfaces', 'ethernet', PORT, 'transceiver']],
  ['show_interfaces_ethernet_transceiver_diagnostics', ['show', 'interfaces', 'ethernet', PORT, 'transceiver', 'diagnostics']],
  ['show_interfaces_ethernet_transceiver_counters', ['show', 'interfaces', 'ethernet', PORT, 'transceiver', 'counters']],
];

export interface ClassifiedCommand {
  /** The parser id reading this command's output. */
  readonly id: string;
  /** The port id (`1/1`) of per-port commands. */
  readonly portId?: string;
}

function classifyUncached(command: string): ClassifiedCommand | undefined {
  const tokens = command.trim().toLowerCase().split(/\s+/);
  for (const [id, words] of TEMPLATES) {
    if (words.length !== tokens.length) continue;
    let portId: string | undefined;
    let ok = true;
    for (let i = 0; i < words.length && ok; i++) {
      const w = words[i] ?? '';
      const t = tokens[i] ?? '';
      if (w === PORT) {
        if (PORT_ID_RE.test(t)) portId = t;
        else ok = false;
      } else if (t === '' || !w.startsWith(t)) {
        ok = false;
      }
    }
    if (ok) return portId === undefined ? { id } : { id, portId };
  }
  return undefined;
}

/** Commands repeat every sweep on every switch: classify each once (bounded cache). */
const cache = new Map<string, ClassifiedCommand | null>();
const CACHE_LIMIT = 50_000;

/** Which parser reads the output of `command` (abbreviated or not), or undefined. */
export function classifyOnyxCommand(command: string): ClassifiedCommand | undefined {
  const hit = cache.get(command);
  if (hit !== undefined) return hit ?? undefined;
  const c = classifyUncached(command);
  if (cache.size < CACHE_LIMIT) cache.set(command, c ?? null);
  return c;
}
