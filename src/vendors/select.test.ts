import { describe, expect, it } from 'vitest';
import { parseSwitchOs, selectSwitchOs } from './select.js';

describe('selectSwitchOs', () => {
  const cases: [string, { name: string; vendor?: string; explicit?: string }, string][] = [
    ['Comware by gsw256 even with vendor hpe', { name: 'sc-r1-100gsw256-hpe', vendor: 'hpe' }, 'hp_comware'],
    ['Comware by 256-hpe', { name: 'sc-r15ra1-100gsw256-hpe' }, 'hp_comware'],
    ['Comware by -mhp', { name: 'swx01-100gsw-mhp', vendor: 'arista' }, 'hp_comware'],
    ['Arista by vendor', { name: 'leaf1', vendor: 'arista' }, 'arista_eos'],
    ['Onyx by vendor hpe', { name: 'leaf2', vendor: 'HPE' }, 'mellanox_onyx'],
    ['Onyx by -hpe hostname', { name: 'sc-r3-100gsw-hpe' }, 'mellanox_onyx'],
    ['Arista by hostname', { name: 'sc-r7rb6-400gsw-arista' }, 'arista_eos'],
    ['explicit wins over every rule', { name: 'x-gsw256', vendor: 'hpe', explicit: 'arista' }, 'arista_eos'],
    ['explicit OS id', { name: 'x', explicit: 'mellanox_onyx' }, 'mellanox_onyx'],
  ];
  for (const [name, hints, os] of cases) it(name, () => expect(selectSwitchOs(hints)).toBe(os));

  it('refuses an unsupported vendor with a clear error naming the switch', () => {
    expect(() => selectSwitchOs({ name: 'spine1', vendor: 'juniper' })).toThrowError(/vendor "juniper".*--switch-os spine1=<os>/);
    try {
      selectSwitchOs({ name: 'spine1', vendor: 'dell' });
    } catch (e) {
      expect(e).toMatchObject({ code: 'LINKMON_ERR_SWITCH_OS_UNKNOWN', target: 'spine1' });
    }
  });

  it('refuses a switch with nothing to go on, and an unknown explicit OS', () => {
    expect(() => selectSwitchOs({ name: 'sw-17' })).toThrowError(/no vendor/);
    expect(() => selectSwitchOs({ name: 'sw-17', explicit: 'nxos' })).toThrowError(/unknown switch OS "nxos"/);
  });

  it('uses the fallback only when no rule identifies the switch', () => {
    expect(selectSwitchOs({ name: '127.2.0.1', fallback: 'onyx' })).toBe('mellanox_onyx');
    expect(selectSwitchOs({ name: 'leaf-arista', fallback: 'onyx' })).toBe('arista_eos');
  });

  it('accepts aliases', () => {
    expect(['eos', 'onyx', 'comware', 'H3C', 'bogus'].map(parseSwitchOs)).toEqual(['arista_eos', 'mellanox_onyx', 'hp_comware', 'hp_comware', undefined]);
  });
});
