import { DynamicAppError } from "../protocol/errors.js";

function isThenable<T>(value: T | PromiseLike<T>): value is PromiseLike<T> {
  return (
    value !== null &&
    (typeof value === "object" || typeof value === "function") &&
    typeof (value as PromiseLike<T>).then === "function"
  );
}

/**
 * Runs `work` with an abort signal and settles within `ms` milliseconds: with its result, its
 * error, or a `render_timeout` error when the time is up (the signal is aborted then, so work
 * that listens to it can stop).
 *
 * It runs on every request, so it makes one promise and one timer rather than a race between
 * promises; whichever of the work and the timer settles the promise first wins, and a later
 * settlement (a rejection after the deadline, say) is absorbed by the handlers attached here.
 *
 * @example
 * ```ts
 * const html = await withDeadline(5000, (signal) => render({ ...context, signal }));
 * ```
 */
export function withDeadline<T>(
  ms: number,
  work: (signal: AbortSignal) => T | PromiseLike<T>,
): Promise<T> {
  const controller = new AbortController();
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      const error = new DynamicAppError(
        "render_timeout",
        `The app did not answer within ${ms} ms.`,
      );
      controller.abort(error);
      reject(error);
    }, ms);
    let result: T | PromiseLike<T>;
    try {
      result = work(controller.signal);
    } catch (error) {
      clearTimeout(timer);
      reject(error);
      return;
    }
    if (!isThenable(result)) {
      clearTimeout(timer);
      resolve(result);
      return;
    }
    result.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}
