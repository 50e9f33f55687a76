/**
 * Cancellation and time limits over the platform's `AbortSignal`: `signal?.throwIfAborted()` checks a
 * signal, `AbortSignal.timeout` makes a deadline. What the platform lacks is here: settling a promise early
 * when a signal aborts, and a deadline that says why it stopped the work.
 */

/**
 * `work`, or a rejection with the signal's reason as soon as it aborts (at once when it has aborted
 * already). The work itself is not stopped: its settling later is ignored. No signal: `work` as it is.
 */
export function raceAbort<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return work;
  signal.throwIfAborted();
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/**
 * `work`, or, when `ms` milliseconds pass first (an `AbortSignal.timeout`), a rejection with the error
 * `onLate` returns (`onLate` also stops the work: kills a browser, aborts a launch). No limit when `ms` is
 * undefined. A rejection of `work` after the deadline is ignored. The deadline's timer does not keep the
 * process alive by itself (the platform unrefs it): the work it limits does.
 */
export async function withDeadline<T>(work: Promise<T>, ms: number | undefined, onLate: () => Error): Promise<T> {
  if (ms === undefined) return work;
  const deadline = AbortSignal.timeout(ms);
  try {
    return await raceAbort(work, deadline);
  } catch (e) {
    if (deadline.aborted && e === deadline.reason) throw onLate();
    throw e;
  }
}
