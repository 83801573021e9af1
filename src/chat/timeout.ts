/**
 * Deadlines for calls that may never settle: the SDK's DDP calls have no timeout of their own and a
 * call in flight when the socket dies waits forever.
 */

/** A call that did not settle in time; names the call and the limit. */
export class TimeoutError extends Error {
  constructor(what: string, ms: number) {
    super(`${what} did not complete within ${ms} ms`);
    this.name = 'TimeoutError';
  }
}

/** Settles like `work`, or rejects with TimeoutError after `ms`; the timer never keeps the process alive. */
export function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimeoutError(what, ms)), ms);
    timer.unref();
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}
