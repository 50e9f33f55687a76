/** Cancellation and time limits: an `AbortSignal` (the API and the supervisors it hands out) and deadlines. */

/** Throw the signal's reason when it has been aborted. */
export function checkAbort(signal: AbortSignal | undefined): void {
  signal?.throwIfAborted();
}

/** `work`, or the signal's reason as soon as it aborts. */
export function raceAbort<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return work;
  checkAbort(signal);
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/**
 * `work`, or, when `ms` milliseconds pass first, a rejection with the error `onLate` returns (`onLate` also
 * stops the work: kills a browser, aborts a launch). No limit when `ms` is undefined. The timer is cleared
 * either way, and a rejection of `work` after the deadline is ignored.
 */
export async function withDeadline<T>(work: Promise<T>, ms: number | undefined, onLate: () => Error): Promise<T> {
  if (ms === undefined) return work;
  work.catch(() => undefined);
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([work, new Promise<never>((_resolve, reject) => (timer = setTimeout(() => reject(onLate()), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}
