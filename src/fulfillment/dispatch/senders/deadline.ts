/**
 * A send never outlives the dispatch timeout: the recovery time (more than twice the timeout)
 * hands a held supplier order to another worker, so a send still running then would overlap it.
 * On expiry `abort` cuts the connection and the send counts as timed out (retried).
 */
export async function withDeadline<T>(work: Promise<T>, timeoutMs: number, abort: () => void): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      abort();
      reject(new Error(`no answer within ${timeoutMs} ms`));
    }, timeoutMs);
  });
  try {
    return await Promise.race([work, expired]);
  } finally {
    clearTimeout(timer);
  }
}
