// The failure a verification check reports (the reference's error codes) and the timeout around each check.
import type { VerifyErrorCode } from '../../db/schema/tenant-domains';

export class CheckFailure extends Error {
  constructor(
    readonly code: VerifyErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** Runs `fn` with a signal that aborts after `ms`; an abort (or anything thrown after it) is a TIMEOUT. */
export async function withTimeout<T>(ms: number, what: string, fn: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new CheckFailure('TIMEOUT', `${what} did not answer within ${ms} ms`));
    }, ms);
  });
  try {
    return await Promise.race([fn(controller.signal), expired]);
  } catch (err) {
    if (controller.signal.aborted) throw new CheckFailure('TIMEOUT', `${what} did not answer within ${ms} ms`);
    throw err;
  } finally {
    clearTimeout(timer);
  }
}
