/**
 * One 'abort' listener per AbortSignal, however many operations wait on it. A sweep shares one
 * signal among thousands of devices; adding a listener per operation makes every add and
 * remove scan the whole list (and trips Node's MaxListenersExceededWarning).
 */
const waiting = new WeakMap<AbortSignal, Set<() => void>>();

/**
 * Calls `cb` once when `signal` aborts. Returns the function that cancels the registration.
 * Nothing happens for a signal that has already aborted: callers check `signal.aborted` first.
 */
export function onAbort(signal: AbortSignal | undefined, cb: () => void): () => void {
  if (signal === undefined || signal.aborted) return () => undefined;
  let set = waiting.get(signal);
  if (set === undefined) {
    const callbacks = new Set<() => void>();
    set = callbacks;
    waiting.set(signal, callbacks);
    signal.addEventListener(
      'abort',
      () => {
        for (const f of [...callbacks]) f();
        callbacks.clear();
      },
      { once: true },
    );
  }
  const callbacks = set;
  callbacks.add(cb);
  return () => {
    callbacks.delete(cb);
  };
}
