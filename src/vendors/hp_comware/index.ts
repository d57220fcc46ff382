/**
 * HP Comware (HPE FlexFabric 12900E `gsw256` chassis, `-mhp` switches): the switch driver and the
 * registry of its parsers, keyed by parser id (= file name).
 */
import type { Parser } from '../../core/parser.js';
import type { SwitchDriver } from '../switch-driver.js';
import { comwareDialect, sweepCommands } from './commands.js';
import { debugPortCommandFecstatParser } from './debug_port_command_fecstat.js';
import { displayEnvironmentParser } from './display_environment.js';
import { displayFanParser } from './display_fan.js';
import { displayInterfaceParser } from './display_interface.js';
import { displayLinkStateChangeStatisticsParser } from './display_link_state_change_statistics.js';
import { displayPacketDropParser } from './display_packet_drop.js';
import { displayPowerParser } from './display_power.js';
import { displayPriorityFlowControlParser } from './display_priority_flow_control.js';
import { displayVersionParser } from './display_version.js';
import { mapComware } from './map.js';
import { showTransceiverDiagnosisParser } from './show_transceiver_diagnosis.js';
import { showTransceiverInterfaceParser } from './show_transceiver_interface.js';
import { showTransceiverManuinfoParser } from './show_transceiver_manuinfo.js';

export { BASE_COMMANDS, PROMPT_RE, REFUSED_RE, classifyCommand, comwareDialect, sweepCommands } from './commands.js';
export { mapComware } from './map.js';
export { normalizePortName } from './util.js';
export type { FecStat } from './debug_port_command_fecstat.js';
export type { TemperatureSensor } from './display_environment.js';
export type { FanTray } from './display_fan.js';
export type { ComwareInterface } from './display_interface.js';
export type { LinkStateChange } from './display_link_state_change_statistics.js';
export type { PacketDrop } from './display_packet_drop.js';
export type { PowerInfo, PowerSupply } from './display_power.js';
export type { PfcRow } from './display_priority_flow_control.js';
export type { ComwareBoard, ComwareVersion } from './display_version.js';
export type { TransceiverDiagnosis } from './show_transceiver_diagnosis.js';
export type { TransceiverInfo } from './show_transceiver_interface.js';
export type { TransceiverManuinfo } from './show_transceiver_manuinfo.js';

const all: readonly Parser<unknown>[] = [
  displayInterfaceParser,
  displayLinkStateChangeStatisticsParser,
  displayPriorityFlowControlParser,
  displayPacketDropParser,
  displayVersionParser,
  displayEnvironmentParser,
  displayPowerParser,
  displayFanParser,
  debugPortCommandFecstatParser,
  showTransceiverDiagnosisParser,
  showTransceiverInterfaceParser,
  showTransceiverManuinfoParser,
];

export const hpComwareParsers: Readonly<Record<string, Parser<unknown>>> = Object.fromEntries(all.map((p) => [p.id, p]));

export const hpComwareDriver: SwitchDriver = {
  os: 'hp_comware',
  dialect: comwareDialect,
  sweepCommands,
  map: mapComware,
  parsers: hpComwareParsers,
};
