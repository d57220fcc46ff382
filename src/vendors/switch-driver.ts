/**
 * The contract of a switch OS driver: how to talk to its CLI, which commands one sweep runs and
 * how their outputs map into normalized links. One folder per OS in src/vendors/<os>/, one parser
 * file per command. Drivers are pure; the switch_cli collector does the I/O.
 */
import type { LinkmonError } from '../core/errors.js';
import type { LinkObservation } from '../core/link.js';
import type { Parser } from '../core/parser.js';

export const SWITCH_OSES = ['arista_eos', 'mellanox_onyx', 'hp_comware'] as const;
export type SwitchOs = (typeof SWITCH_OSES)[number];

/** 0 ok, 1 warning or not present, 2 error, 3 unknown (the seed's health scale). */
export type ComponentHealth = 0 | 1 | 2 | 3;

export interface SwitchComponent {
  readonly name: string;
  readonly health: ComponentHealth;
  /** Temperature in °C, fan speed in RPM, PSU output in W: depending on the list it is in. */
  readonly value?: number;
}

export interface SwitchInfo {
  readonly hostname?: string;
  readonly vendor?: string;
  readonly model?: string;
  readonly firmwareVersion?: string;
  readonly serial?: string;
  readonly uptimeSeconds?: number;
  readonly psus: readonly SwitchComponent[];
  readonly temperatures: readonly SwitchComponent[];
  readonly fans: readonly SwitchComponent[];
}

/**
 * Arista's FEC counters are not cumulative: `value` is the latest reading of an internal register
 * and `changes` counts how often it was updated (show interfaces phy detail). The collector turns
 * them into cumulative totals (see src/collectors/switch_cli/arista-fec.ts).
 */
export interface FecRegisterReading {
  readonly value: bigint;
  readonly changes: bigint;
  /** "Last Change" column as printed (e.g. "0:00:04 ago"), when present. */
  readonly lastChange?: string;
}

export interface SwitchLink extends LinkObservation {
  readonly aristaFec?: { readonly corrected?: FecRegisterReading; readonly uncorrected?: FecRegisterReading };
}

export interface SwitchMapResult {
  readonly links: SwitchLink[];
  readonly info: SwitchInfo;
  /** Unmatched lines (PARSE_UNMATCHED warnings), refused commands, missing outputs. */
  readonly errors: LinkmonError[];
}

export interface CliDialect {
  /** Matches the prompt at the end of the output so far (the text after the last newline). */
  readonly prompt: RegExp;
  /** Sent once after login: paging off, width, mode changes. */
  readonly setup: readonly string[];
  /** Sent to leave cleanly. */
  readonly exit: readonly string[];
  /** A line of output that means the switch refused the command ("% Invalid input", …). */
  readonly refused: RegExp;
}

export interface SwitchDriver {
  readonly os: SwitchOs;
  readonly dialect: CliDialect;
  /**
   * The commands of one sweep, in order. `ports` are the ports seen in the previous sweep, for OSes
   * whose per-port commands need them (empty on the first sweep).
   */
  sweepCommands(known: { readonly ports: readonly string[] }): readonly string[];
  /** Maps the outputs of one sweep (command as sent → raw text) into links and switch facts. */
  map(outputs: ReadonlyMap<string, string>, device: string): SwitchMapResult;
  /** Every parser of this OS by id (the command with underscores), for `linkmon parse`. */
  readonly parsers: Readonly<Record<string, Parser<unknown>>>;
}
