/** Exit codes a script can rely on. 75 (EX_TEMPFAIL): someone else was in the way, try later. */
export const EXIT = { ok: 0, failed: 1, usage: 2, tryLater: 75 } as const;
