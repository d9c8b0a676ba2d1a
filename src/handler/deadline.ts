import { DynamicAppError } from "../protocol/errors.js";

/**
 * Runs `work` with an abort signal and settles within `ms` milliseconds: with its result, its
 * error, or a `render_timeout` error when the time is up (the signal is aborted then, so work
 * that listens to it can stop).
 */
export async function withDeadline<T>(
  ms: number,
  work: (signal: AbortSignal) => T | Promise<T>,
): Promise<T> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const error = new DynamicAppError(
        "render_timeout",
        `The app did not answer within ${ms} ms.`,
      );
      controller.abort(error);
      reject(error);
    }, ms);
  });
  try {
    return await Promise.race([Promise.resolve().then(() => work(controller.signal)), expired]);
  } finally {
    clearTimeout(timer);
  }
}
