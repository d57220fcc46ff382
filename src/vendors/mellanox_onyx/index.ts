/**
 * HPE (Mellanox) Onyx, a.k.a. MLNX-OS: the switch OS driver and its parsers.
 *
 * One interactive CLI session in the standard (`>`) mode, as the seed linkmon's capture shows:
 * paging off with `no cli session paging enable`, then every `show` of the sweep, then `exit`.
 * No `enable` is needed: all the commands are available in the standard mode.
 *
 * First sweep: no port is known yet, so only the base commands are sent; the switch_cli collector
 * then asks for the per-port commands of the ports `show int eth` listed, within the same sweep.
 * Outputs of ports that `show int eth` does not list are dropped by `map`.
 */
import type { Parser } from '../../core/parser.js';
import type { CliDialect, SwitchDriver } from '../switch-driver.js';
import { onyxSweepCommands } from './commands.js';
import { mapOnyxOutputs, ONYX_REFUSED_RE } from './map.js';
import { showFanParser } from './show_fan.js';
import { showHostsParser } from './show_hosts.js';
import { showInterfacesEthernetParser } from './show_interfaces_ethernet.js';
import { showInterfacesEthernetCountersPfcPrio5Parser } from './show_interfaces_ethernet_counters_pfc_prio_5.js';
import { showInterfacesEthernetCountersTc5Parser } from './show_interfaces_ethernet_counters_tc_5.js';
import { showInterfacesEthernetRatesParser } from './show_interfaces_ethernet_rates.js';
import { showInterfacesEthernetTransceiverParser } from './show_interfaces_ethernet_transceiver.js';
import { showInterfacesEthernetTransceiverCountersParser } from './show_interfaces_ethernet_transceiver_counters.js';
import { showInterfacesEthernetTransceiverDiagnosticsParser } from './show_interfaces_ethernet_transceiver_diagnostics.js';
import { showInventoryParser } from './show_inventory.js';
import { showPowerParser } from './show_power.js';
import { showTemperatureParser } from './show_temperature.js';
import { showVersionParser } from './show_version.js';

export {
  classifyOnyxCommand,
  ONYX_BASE_COMMANDS,
  onyxSweepCommands,
  portIdOf,
  type ClassifiedCommand,
} from './commands.js';
export { mapOnyxOutputs, onyxHealth, refusalOf } from './map.js';
export type { OnyxFan } from './show_fan.js';
export type { OnyxHosts } from './show_hosts.js';
export type { OnyxInterface } from './show_interfaces_ethernet.js';
export type { OnyxPfcCounters } from './show_interfaces_ethernet_counters_pfc_prio_5.js';
export type { OnyxTcCounters } from './show_interfaces_ethernet_counters_tc_5.js';
export type { OnyxRate } from './show_interfaces_ethernet_rates.js';
export type { OnyxTransceiver } from './show_interfaces_ethernet_transceiver.js';
export type { OnyxBer, OnyxTransceiverCounters } from './show_interfaces_ethernet_transceiver_counters.js';
export type { OnyxDomLane, OnyxTransceiverDiagnostics } from './show_interfaces_ethernet_transceiver_diagnostics.js';
export type { OnyxInventoryItem } from './show_inventory.js';
export type { OnyxPower, OnyxPowerSupply } from './show_power.js';
export type { OnyxTemperature } from './show_temperature.js';
export type { OnyxVersion } from './show_version.js';

const all: readonly Parser<unknown>[] = [
  showInterfacesEthernetParser,
  showInterfacesEthernetCountersPfcPrio5Parser,
  showInterfacesEthernetCountersTc5Parser,
  showInterfacesEthernetRatesParser,
  showVersionParser,
  showInventoryParser,
  showPowerParser,
  showTemperatureParser,
  showFanParser,
  showHostsParser,
  showInterfacesEthernetTransceiverParser,
  showInterfacesEthernetTransceiverDiagnosticsParser,
  showInterfacesEthernetTransceiverCountersParser,
];

/** Every Onyx parser by id (= file name = the command's full keywords with underscores). */
export const mellanoxOnyxParsers: Readonly<Record<string, Parser<unknown>>> = Object.fromEntries(all.map((p) => [p.id, p]));

/**
 * Prompts as the capture shows them, `sc-r15ra1-100gsw64-hpe [standalone: master] > `, plus the
 * enable (`#`) and configuration (`(config) #`) forms; the bracket holds the HA role
 * (`standalone: master`, `mlag-cluster: standby`, …).
 */
export const ONYX_PROMPT_RE = /^\S+ \[[^\]\r\n]*\] (?:\([^)\r\n]*\) )?[>#] ?$/;

export const mellanoxOnyxDialect: CliDialect = {
  prompt: ONYX_PROMPT_RE,
  setup: ['no cli session paging enable'],
  exit: ['exit'],
  refused: ONYX_REFUSED_RE,
};

export const mellanoxOnyxDriver: SwitchDriver = {
  os: 'mellanox_onyx',
  dialect: mellanoxOnyxDialect,
  sweepCommands: ({ ports }) => onyxSweepCommands(ports),
  map: mapOnyxOutputs,
  parsers: mellanoxOnyxParsers,
};
