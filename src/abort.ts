/**
 * Cancellation and time limits over the platform's `AbortSignal`: `signal?.throwIfAborted()` checks a
 * signal. What the platform lacks is here: settling a promise early when a signal aborts, and a deadline that
 * says why it stopped the work and keeps the process alive until then.
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
 * `work`, or, when `ms` milliseconds pass first, a rejection with the error `onLate` returns (`onLate` also
 * stops the work: kills a browser, aborts a launch). No limit when `ms` is undefined. A rejection of `work`
 * after the deadline is ignored. The deadline's timer keeps the process alive until the work settles, so a
 * hung piece of work that holds no handle of its own still ends at the deadline rather than with the
 * process (an `AbortSignal.timeout` is unref'd, which is why it is not used here).
 */
export async function withDeadline<T>(work: Promise<T>, ms: number | undefined, onLate: () => Error): Promise<T> {
  if (ms === undefined) return work;
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(), ms);
  try {
    return await raceAbort(work, deadline.signal);
  } catch (e) {
    if (deadline.signal.aborted && e === deadline.signal.reason) throw onLate();
    throw e;
  } finally {
    clearTimeout(timer);
  }
}
