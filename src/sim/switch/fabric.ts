/**
 * A simulated fabric: N switches of a mix of OSes on loopback addresses, with what a client needs
 * to reach them: a host list for `-s`, a network JSON for `-j` (with credentials) and known_hosts.
 */
import { SWITCH_OSES, type SwitchOs } from '../../vendors/switch-driver.js';
import { SIM_CLIS } from './clis.js';
import { startEapiSimulator, type EapiSimulator } from './eapi-server.js';
import { startSwitchSimulator, simSwitchAddress, type SwitchSimulator, type SimSwitchSpec } from './ssh-server.js';
import { createSimSwitch, type SimSwitch } from './state.js';

export interface FabricOptions {
  readonly switches: number;
  readonly ports: number;
  /** OSes used in turn: switch i runs oses[i % oses.length]. Default: all three. */
  readonly oses?: readonly SwitchOs[];
  readonly port: number;
  readonly user?: string;
  readonly password: string;
  /** First switch index, to run several fabrics side by side. */
  readonly firstIndex?: number;
  /**
   * Also serve Arista eAPI (HTTPS) for the Arista switches, on this port (0 = a free one); the
   * network JSON then reads them over eAPI. Both transports see the same switch state.
   */
  readonly eapiPort?: number;
}

export interface Fabric {
  readonly sim: SwitchSimulator;
  /** The eAPI simulator, when eapiPort was given. */
  readonly eapi?: EapiSimulator;
  readonly switches: readonly { readonly sw: SimSwitch; readonly address: string }[];
  readonly user: string;
  readonly password: string;
  /** `-s` host list: `user@address:port` per line (the password goes in SWITCH_PASSWORD). */
  hostList(): string;
  /** `-j` network JSON: switches with vendor, address, ssh_port and credentials. */
  networkJson(): object;
  stop(): Promise<void>;
}

/** A name that also selects the OS by linkmon's hostname rules. */
export function simSwitchName(i: number, os: SwitchOs): string {
  const n = String(i + 1).padStart(4, '0');
  if (os === 'arista_eos') return `sim-${n}-100gsw-arista`;
  if (os === 'mellanox_onyx') return `sim-${n}-100gsw-hpe`;
  return `sim-${n}-100gsw256-hpe`;
}

const VENDOR: Readonly<Record<SwitchOs, string>> = { arista_eos: 'arista', mellanox_onyx: 'hpe', hp_comware: 'hpe' };

export async function startFabric(opts: FabricOptions): Promise<Fabric> {
  const oses = opts.oses && opts.oses.length > 0 ? opts.oses : SWITCH_OSES;
  const first = opts.firstIndex ?? 0;
  const specs: SimSwitchSpec[] = [];
  for (let k = 0; k < opts.switches; k++) {
    const i = first + k;
    const os = oses[k % oses.length] as SwitchOs;
    const sw = createSimSwitch({ name: simSwitchName(i, os), os, ports: opts.ports, seed: i + 1 });
    specs.push({ sw, cli: SIM_CLIS[os], address: simSwitchAddress(i), password: opts.password });
  }
  const sim = await startSwitchSimulator({ switches: specs, port: opts.port });
  let eapi: EapiSimulator | undefined;
  if (opts.eapiPort !== undefined) {
    const arista = specs.filter((s) => s.sw.os === 'arista_eos').map((s) => ({ sw: s.sw, address: s.address, password: s.password }));
    try {
      eapi = await startEapiSimulator({ switches: arista, port: opts.eapiPort });
    } catch (err) {
      await sim.stop();
      throw err;
    }
  }
  const user = opts.user ?? 'admin';
  const switches = specs.map((s) => ({ sw: s.sw, address: s.address }));
  return {
    sim,
    ...(eapi ? { eapi } : {}),
    switches,
    user,
    password: opts.password,
    hostList: () => `# linkmon sim: ${switches.length} switch(es); password in SWITCH_PASSWORD\n${switches.map((s) => `${user}@${s.address}:${opts.port}`).join('\n')}\n`,
    networkJson: () => ({
      switches: switches.map((s) => ({
        name: s.sw.name,
        vendor: VENDOR[s.sw.os],
        management_address: s.address,
        ssh_port: opts.port,
        username: user,
        password: opts.password,
        ...(eapi && s.sw.os === 'arista_eos' ? { transport: 'eapi', eapi_port: eapi.port, eapi_ca_file: eapi.caFile } : {}),
      })),
    }),
    stop: async () => {
      await Promise.all([sim.stop(), eapi?.stop()]);
    },
  };
}
