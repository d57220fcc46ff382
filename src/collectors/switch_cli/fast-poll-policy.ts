/**
 * The interval policy of Arista FEC fast polling, as a pure function.
 *
 * Arista shows only the latest reading of each FEC register and how many times it was updated.
 * When a sweep sees the update count jump by more than one, readings were missed, so the port is
 * polled on its own: first after 5 s; ×1.6 after a poll that saw no update (at most 300 s);
 * ×0.7 after a poll that still missed updates (at least 0.7 s); unchanged after a poll that saw
 * exactly one update. Five idle polls in a row end fast polling of the port.
 */
export interface FastPollPolicy {
  readonly startMs: number;
  readonly idleFactor: number;
  readonly maxMs: number;
  readonly missFactor: number;
  readonly minMs: number;
  readonly stopAfterIdlePolls: number;
}

export const FAST_POLL: FastPollPolicy = {
  startMs: 5000,
  idleFactor: 1.6,
  maxMs: 300_000,
  missFactor: 0.7,
  minMs: 700,
  stopAfterIdlePolls: 5,
};

export interface FastPollState {
  readonly intervalMs: number;
  readonly idlePolls: number;
}

export function startFastPoll(policy: FastPollPolicy = FAST_POLL): FastPollState {
  return { intervalMs: policy.startMs, idlePolls: 0 };
}

export interface FastPollStep {
  readonly state: FastPollState;
  /** True when the port should leave fast polling. */
  readonly stop: boolean;
}

/**
 * The next state after a poll that saw the update counter advance by `updates` (the largest
 * advance of the port's FEC registers since the previous reading).
 */
export function nextFastPoll(state: FastPollState, updates: bigint, policy: FastPollPolicy = FAST_POLL): FastPollStep {
  if (updates <= 0n) {
    const idlePolls = state.idlePolls + 1;
    const intervalMs = Math.min(policy.maxMs, state.intervalMs * policy.idleFactor);
    return { state: { intervalMs, idlePolls }, stop: idlePolls >= policy.stopAfterIdlePolls };
  }
  if (updates > 1n) {
    return { state: { intervalMs: Math.max(policy.minMs, state.intervalMs * policy.missFactor), idlePolls: 0 }, stop: false };
  }
  return { state: { intervalMs: state.intervalMs, idlePolls: 0 }, stop: false };
}
