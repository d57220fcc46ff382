/**
 * How a simulated switch speaks its CLI. One implementation per OS (render-<os>.ts); the SSH
 * server (ssh-server.ts) handles the terminal: login, echo, prompts, paging, faults.
 */
import type { SwitchOs } from '../../vendors/switch-driver.js';
import type { SimSwitch } from './state.js';

export interface SimCliSession {
  /** OS-specific mode name: 'exec', 'enable', 'system-view', 'probe', … */
  mode: string;
  /** False until the client turned paging off (terminal length 0, screen-length disable, …). */
  pagingOff: boolean;
}

export interface SimCliResult {
  /** What the switch prints for the command (lines joined with \n; the server sends \r\n). */
  readonly output: string;
  /** True when the session should end (exit/quit from the top mode). */
  readonly close?: boolean;
}

export interface SimCli {
  readonly os: SwitchOs;
  /** The session a fresh login starts in. */
  newSession(): SimCliSession;
  /** Printed once after login, before the first prompt ("Last login: …"). */
  banner(sw: SimSwitch): string;
  /** The prompt for the session's current mode, e.g. `sw1>` , `<sw1>`, `[sw1-probe]`. */
  prompt(sw: SimSwitch, session: SimCliSession): string;
  /** The pager prompt printed every screenful while paging is on, e.g. ` --More-- `. */
  readonly morePrompt: string;
  /**
   * Runs one command line. Unknown commands produce the OS's own error text. May change
   * `session.mode` and `session.pagingOff`. Pure apart from the session.
   */
  run(sw: SimSwitch, session: SimCliSession, line: string): SimCliResult;
}
