/** Cancellation through an `AbortSignal`, shared by the API and the supervisors it hands out. */

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
