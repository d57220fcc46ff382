/** The simulated CLI of every supported switch OS. */
import type { SwitchOs } from '../../vendors/switch-driver.js';
import type { SimCli } from './cli.js';
import { aristaEosSimCli } from './render-arista_eos.js';
import { hpComwareSimCli } from './render-hp_comware.js';
import { mellanoxOnyxSimCli } from './render-mellanox_onyx.js';

export const SIM_CLIS: Readonly<Record<SwitchOs, SimCli>> = {
  arista_eos: aristaEosSimCli,
  mellanox_onyx: mellanoxOnyxSimCli,
  hp_comware: hpComwareSimCli,
};
