/**
 * Arista EOS: the CLI dialect, the commands of one sweep, their mapping into links, and every
 * parser by id (text parsers for the SSH CLI, `eapi_*` parsers for eAPI JSON answers).
 */
import type { Parser } from '../../core/parser.js';
import type { CliDialect, SwitchDriver } from '../switch-driver.js';
import { eapiShowInterfacesParser } from './eapi_show_interfaces.js';
import { eapiShowInterfacesCountersDiscardsParser } from './eapi_show_interfaces_counters_discards.js';
import { eapiShowInterfacesCountersErrorsParser } from './eapi_show_interfaces_counters_errors.js';
import { eapiShowInterfacesPhyDetailParser } from './eapi_show_interfaces_phy_detail.js';
import { eapiShowInterfacesTransceiverParser } from './eapi_show_interfaces_transceiver.js';
import { eapiShowInterfacesTransceiverDomParser } from './eapi_show_interfaces_transceiver_dom.js';
import { eapiShowVersionParser } from './eapi_show_version.js';
import { mapAristaEos, REFUSED_RE, SWEEP } from './map.js';
import { showEnvironmentPowerJsonParser } from './show_environment_power_json.js';
import { showHostnameParser } from './show_hostname.js';
import { showInterfacesParser } from './show_interfaces.js';
import { showInterfacesCountersDiscardsParser } from './show_interfaces_counters_discards.js';
import { showInterfacesCountersQueueDetailParser } from './show_interfaces_counters_queue_detail.js';
import { showInterfacesCountersRatesParser } from './show_interfaces_counters_rates.js';
import { showInterfacesPhyDetailParser } from './show_interfaces_phy_detail.js';
import { showInterfacesStatusErrdisabledParser } from './show_interfaces_status_errdisabled.js';
import { showInterfacesTransceiverDomParser } from './show_interfaces_transceiver_dom.js';
import { showPriorityFlowControlCountersParser } from './show_priority_flow_control_counters.js';
import { showQosInterfacesEcnCountersQueueParser } from './show_qos_interfaces_ecn_counters_queue.js';
import { showSnmpMibIfmibIfindexParser } from './show_snmp_mib_ifmib_ifindex.js';
import { showSystemEnvironmentCoolingJsonParser } from './show_system_environment_cooling_json.js';
import { showSystemEnvironmentTemperatureJsonParser } from './show_system_environment_temperature_json.js';
import { showVersionJsonParser } from './show_version_json.js';

export type { EosInterface, EosInterfaceCounters, EosInterfaceRate } from './show_interfaces.js';
export type { EosPhyDetail, PhyRow, PhyLaneReading, PhyTable } from './show_interfaces_phy_detail.js';
export type { EosDom, EosDomLane } from './show_interfaces_transceiver_dom.js';
export type { EosPfcCounters } from './show_priority_flow_control_counters.js';
export type { EosIfIndex } from './show_snmp_mib_ifmib_ifindex.js';
export type { EosDiscards } from './show_interfaces_counters_discards.js';
export type { EosQueueCounters } from './show_interfaces_counters_queue_detail.js';
export type { EosRates } from './show_interfaces_counters_rates.js';
export type { EosErrdisabled } from './show_interfaces_status_errdisabled.js';
export type { EosVersion } from './show_version_json.js';
export type { EosPowerSupply } from './show_environment_power_json.js';
export type { EosTemperature, EosTempSensor } from './show_system_environment_temperature_json.js';
export type { EosCooling, EosFan } from './show_system_environment_cooling_json.js';
export type { EosEcnCounters, EosEcnQueue } from './show_qos_interfaces_ecn_counters_queue.js';
export type { EosHostname } from './show_hostname.js';
export type { EosErrorCounters } from './eapi_show_interfaces_counters_errors.js';
export { mapAristaEos, SWEEP } from './map.js';
export { aristaFecPoller } from './fec-poll.js';

const all: readonly Parser<unknown>[] = [
  showInterfacesParser,
  showInterfacesPhyDetailParser,
  showInterfacesTransceiverDomParser,
  showPriorityFlowControlCountersParser,
  showSnmpMibIfmibIfindexParser,
  showInterfacesCountersDiscardsParser,
  showInterfacesCountersQueueDetailParser,
  showInterfacesCountersRatesParser,
  showInterfacesStatusErrdisabledParser,
  showVersionJsonParser,
  showEnvironmentPowerJsonParser,
  showSystemEnvironmentTemperatureJsonParser,
  showSystemEnvironmentCoolingJsonParser,
  showQosInterfacesEcnCountersQueueParser,
  showHostnameParser,
  eapiShowInterfacesParser,
  eapiShowInterfacesPhyDetailParser,
  eapiShowInterfacesTransceiverParser,
  eapiShowInterfacesTransceiverDomParser,
  eapiShowInterfacesCountersErrorsParser,
  eapiShowInterfacesCountersDiscardsParser,
  eapiShowVersionParser,
];

/** Every Arista EOS parser by id (= file name). */
export const aristaEosParsers: Record<string, Parser<unknown>> = Object.fromEntries(all.map((p) => [p.id, p]));

/**
 * The EOS CLI: `host>` (exec) or `host#` (privileged) at the end of the output; prompts may carry a
 * mode (`host(config)#`) or a clock (`host.13:44:24#`) as some sites configure them.
 */
export const aristaEosDialect: CliDialect = {
  prompt: /^[A-Za-z0-9][\w.:()/-]*[>#] ?$/,
  setup: ['terminal length 0', 'terminal width 1000'],
  exit: ['exit'],
  refused: REFUSED_RE,
};

export const aristaEosDriver: SwitchDriver = {
  os: 'arista_eos',
  dialect: aristaEosDialect,
  sweepCommands: () => SWEEP.map((c) => c.command),
  map: mapAristaEos,
  parsers: aristaEosParsers,
};
