/**
 * A network send that never outlives its deadline: a supplier order's send must end before its
 * recovery time hands it to another worker, the alarm digest's before its claim runs out. On
 * expiry `abort` cuts the connection and the send fails with "no answer within N ms".
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
