/**
 * What the HP Comware driver sends: the CLI dialect and the commands of a sweep (the seed
 * linkmon's list), and how an output's command is recognized when mapping.
 */
import type { CliDialect } from '../switch-driver.js';
import { hgeName, hgeSlotPort } from './util.js';

/**
 * Prompts: `<host>` (user view), `[host]` (system view), `[host-probe]` (probe view). The
 * `[module]`/`[channel]` headings of transceiver diagnostics are not prompts.
 */
export const PROMPT_RE = /^\s*(?:<([^\s<>]+)>|\[(?!(?:module|channel)\])([^\s[\]]+)\])\s*$/;

/** Comware's parser errors, printed under a `^` line: `% Unrecognized command found at '^' position.` */
export const REFUSED_RE =
  /^\s*%\s*(?:Unrecognized command|Incomplete command|Wrong parameter|Too many parameters|Ambiguous command) found at '\^' position\.?\s*$/;

export const comwareDialect: CliDialect = {
  prompt: PROMPT_RE,
  // Paging off (user view), then system view and probe view, where `debug port` is available.
  setup: ['screen-length disable', 'system-view', 'probe'],
  // probe → system view → user view → logout. The capture and the seed send `exit`, which this
  // Comware accepts too; `quit` is the documented command in every view.
  exit: ['quit', 'quit', 'quit'],
  refused: REFUSED_RE,
};

/** The seed's per-sweep commands (section 5.3), in its order. */
export const BASE_COMMANDS = [
  'show int HundredGigE',
  'display link-state-change statistics interface HundredGigE',
  'display priority-flow-control interface hge',
  'display packet-drop interface hge',
  'display version',
  'display environment',
  'display power',
  'display fan',
] as const;


export const fecstatCommand = (slot: number, port: number): string => `debug port command slot ${slot} phy/fecstat/0/${port}`;
export const diagnosisCommand = (slot: number, port: number): string => `show transceiver diagnosis interface hge ${slot}/0/${port}`;
export const transceiverCommand = (slot: number, port: number): string => `show transceiver interface hge ${slot}/0/${port}`;
export const manuinfoCommand = (slot: number, port: number): string => `show transceiver manuinfo interface hge ${slot}/0/${port}`;

/**
 * The commands of one sweep. `ports` are the ports the previous sweep found (any name form).
 *
 * With known ports: the base commands, then for each HundredGigE port (slot, port order) its
 * FEC registers and its three transceiver commands, as the seed does for its whole grid.
 *
 * First sweep (no ports known): the base commands only. The switch_cli collector then learns the
 * ports from their output and asks again within the same sweep, so the first sample already has
 * every port's FEC registers and optics, without probing the seed's whole slot × port grid.
 */
export function sweepCommands(known: { readonly ports: readonly string[] }): string[] {
  const cmds: string[] = [...BASE_COMMANDS];
  const seen = new Set<string>();
  const ports: { slot: number; port: number }[] = [];
  for (const name of known.ports) {
    const sp = hgeSlotPort(name);
    if (!sp) continue;
    const key = hgeName(sp.slot, sp.port);
    if (seen.has(key)) continue;
    seen.add(key);
    ports.push(sp);
  }
  if (ports.length === 0) return cmds;
  ports.sort((a, b) => a.slot - b.slot || a.port - b.port);
  for (const { slot, port } of ports) {
    cmds.push(fecstatCommand(slot, port), diagnosisCommand(slot, port), transceiverCommand(slot, port), manuinfoCommand(slot, port));
  }
  return cmds;
}

export type BaseKind = 'interface' | 'link_state' | 'pfc' | 'packet_drop' | 'version' | 'environment' | 'power' | 'fan';
export type PortKind = 'fecstat' | 'diagnosis' | 'transceiver' | 'manuinfo';

export type CommandKind = { readonly kind: BaseKind } | { readonly kind: PortKind; readonly slot: number; readonly port: number };

const VERB = String.raw`(?:display|dis|show)`;
const HGE = String.raw`(?:hge|hundredgige)`;
const BASE_PATTERNS: readonly [RegExp, BaseKind][] = [
  [new RegExp(String.raw`^${VERB}\s+int(?:erface)?(?:\s+${HGE}(?:\s*\d+/\d+/\d+)?)?$`, 'i'), 'interface'],
  [new RegExp(String.raw`^${VERB}\s+link-state-change\s+statistics(?:\s+int(?:erface)?(?:\s+${HGE}(?:\s*\S+)?)?)?$`, 'i'), 'link_state'],
  [new RegExp(String.raw`^${VERB}\s+priority-flow-control(?:\s+int(?:erface)?(?:\s+${HGE}(?:\s*\S+)?)?)?$`, 'i'), 'pfc'],
  [new RegExp(String.raw`^${VERB}\s+packet-drop(?:\s+int(?:erface)?(?:\s+${HGE}(?:\s*\S+)?)?)?$`, 'i'), 'packet_drop'],
  [new RegExp(String.raw`^${VERB}\s+version$`, 'i'), 'version'],
  [new RegExp(String.raw`^${VERB}\s+environment$`, 'i'), 'environment'],
  [new RegExp(String.raw`^${VERB}\s+power$`, 'i'), 'power'],
  [new RegExp(String.raw`^${VERB}\s+fan$`, 'i'), 'fan'],
];
const FECSTAT_RE = /^debug\s+port\s+command\s+slot\s+(\d+)\s+phy\/fecstat\/0\/(\d+)$/i;
const TRANSCEIVER_RE = new RegExp(
  String.raw`^${VERB}\s+trans(?:ceiver)?\s+(?:(diag(?:nosis)?|manu(?:info)?)\s+)?int(?:erface)?\s+${HGE}\s*(\d+)/0/(\d+)$`,
  'i',
);

/** Which output a command produced (the seed's spellings and the documented ones). */
export function classifyCommand(command: string): CommandKind | undefined {
  const c = command.trim().replace(/\s+/g, ' ');
  for (const [re, kind] of BASE_PATTERNS) if (re.test(c)) return { kind };
  let m = FECSTAT_RE.exec(c);
  if (m) return { kind: 'fecstat', slot: Number(m[1]), port: Number(m[2]) };
  m = TRANSCEIVER_RE.exec(c);
  if (m) {
    const sub = (m[1] ?? '').toLowerCase();
    const kind: PortKind = sub.startsWith('diag') ? 'diagnosis' : sub.startsWith('manu') ? 'manuinfo' : 'transceiver';
    return { kind, slot: Number(m[2]), port: Number(m[3]) };
  }
  return undefined;
}
