import { useEffect, useState } from 'react';
import { toApiError, type ApiError } from './api';

export type AsyncState<T> =
  | { status: 'loading'; data: T | null; error: null }
  | { status: 'done'; data: T; error: null }
  | { status: 'error'; data: T | null; error: ApiError };

/**
 * Runs `load` whenever `key` changes, aborting the previous call; keeps the last data while the
 * next one loads (no flicker when paging or filtering).
 */
export function useAsync<T>(key: string, load: (signal: AbortSignal) => Promise<T>): AsyncState<T> {
  const [state, setState] = useState<AsyncState<T>>({ status: 'loading', data: null, error: null });
  useEffect(() => {
    const controller = new AbortController();
    setState((s) => ({ status: 'loading', data: s.data, error: null }));
    load(controller.signal).then(
      (data) => {
        if (!controller.signal.aborted) setState({ status: 'done', data, error: null });
      },
      (error: unknown) => {
        if (!controller.signal.aborted) setState((s) => ({ status: 'error', data: s.data, error: toApiError(error) }));
      },
    );
    return () => controller.abort();
    // `load` is a new closure each render; `key` says when it means something new.
  }, [key]);
  return state;
}
