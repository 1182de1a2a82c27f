/**
 * The three states every page has besides its content: loading, empty and error. QueryView picks
 * one for a TanStack Query result, so a page only writes what it shows when there is data.
 */
import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { toApiError } from '../api';
import { ErrorBox } from '../components/ErrorBox';

export function Loading({ label = 'Loading…' }: { label?: string }) {
  return (
    <div className="state state--loading" role="status" aria-live="polite" data-testid="loading">
      <span className="spinner" aria-hidden="true" />
      {label}
    </div>
  );
}

export function Empty({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="state state--empty empty" data-testid="empty">
      <h3>{title}</h3>
      {children && <p>{children}</p>}
    </div>
  );
}

/** An error of a load, with the server's words and a way to try again. */
export function LoadError({ error, title, retry }: { error: unknown; title?: string; retry?: () => void }) {
  const apiError = toApiError(error);
  const heading =
    title ??
    (apiError.status === 401
      ? 'Your session has ended'
      : apiError.status === 403
        ? 'Not allowed for your role'
        : apiError.status === 404
          ? 'Not found'
          : 'This could not be loaded');
  return (
    <div className="state state--error">
      <ErrorBox error={apiError} title={heading} />
      {retry && apiError.status !== 403 && apiError.status !== 404 && (
        <button type="button" className="button button--ghost button--small" onClick={retry}>
          Try again
        </button>
      )}
    </div>
  );
}

/**
 * Loading until the first answer, the error if there is no data to show, else `children(data)`;
 * `isEmpty` says when the data means "nothing here" and `empty` is shown instead.
 */
export function QueryView<T>({
  query,
  children,
  isEmpty,
  empty,
  loading,
}: {
  query: UseQueryResult<T>;
  children: (data: T) => ReactNode;
  isEmpty?: (data: T) => boolean;
  empty?: ReactNode;
  loading?: string;
}) {
  if (query.isPending) return <Loading label={loading} />;
  const failed = query.isError && <LoadError error={query.error} retry={() => void query.refetch()} />;
  // A failed refetch keeps the last data on screen, under the error.
  if (query.data === undefined) return failed || null;
  return (
    <>
      {failed}
      {isEmpty?.(query.data) ? (empty ?? <Empty title="Nothing here yet" />) : children(query.data)}
    </>
  );
}
