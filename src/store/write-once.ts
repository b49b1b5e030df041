// Writes that are never sent twice: before resending after a lost answer, look whether the first one landed.

import type { ClientOptions } from "./client.ts";
import { statusOf } from "./client.ts";

/** A failure after which the write may or may not have happened: no answer, a timeout, or a server error. */
function uncertain(error: unknown): boolean {
  const status = statusOf(error);
  return status === undefined || status === 500 || status === 502 || status === 503 || status === 504;
}

const WRITE_ATTEMPTS = 4;

/** A write not attempted because its deadline passed: GitHub was too slow to finish it in time. */
export class WriteDeadlineError extends Error {
  override name = "WriteDeadlineError";
}

export interface WriteOnceOptions {
  log?: ClientOptions["log"] | undefined;
  sleep?: (ms: number) => Promise<void>;
  /**
   * No attempt, first or resent, starts after this. Writes under the rollout lock pass the time by which the
   * lock could be taken over, less a request's timeout, so that a slow GitHub cannot land a write after another
   * run has taken the lock (and decided without seeing it).
   */
  until?: Date | undefined;
  /** The run's clock, against which `until` is held. */
  now: () => Date;
}

/**
 * Sends a write at most once per attempt, and before each new attempt checks whether the last one landed
 * after all (the connection dropped after GitHub stored it), so a lost answer never writes twice.
 */
export async function writeOnce<T>(
  send: () => Promise<T>,
  landed: () => Promise<T | undefined>,
  opts: WriteOnceOptions,
): Promise<T> {
  const { log, until } = opts;
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const { now } = opts;
  const inTime = (what: string): void => {
    if (until && now().getTime() > until.getTime()) {
      throw new WriteDeadlineError(
        `${what} was not sent: GitHub was too slow, and the rollout lock could have been taken over since (deadline ${until.toISOString()})`,
      );
    }
  };
  for (let attempt = 1; ; attempt++) {
    inTime(attempt === 1 ? "the write" : `attempt ${attempt} of the write`);
    try {
      return await send();
    } catch (error) {
      if (!uncertain(error) || attempt >= WRITE_ATTEMPTS) throw error;
      log?.warn(`GitHub did not confirm a write (${(error as Error).message}); checking whether it landed`);
      await sleep(1000 * 2 ** (attempt - 1));
      const found = await landed().catch(() => undefined);
      if (found !== undefined) return found;
    }
  }
}
