/**
 * What became of an action (a button that changes something): "Working…" while it runs, then the
 * server's answer in words, or its refusal with the server's reason.
 */
import { toApiError } from '../api';
import { ErrorBox } from '../components/ErrorBox';

export function ActionFeedback({
  pending,
  notice,
  error,
  testId,
}: {
  pending: boolean;
  /** What the action did; null when there is nothing (new) to say. */
  notice: string | null;
  /** The failure to show; null or undefined when there is none. */
  error: unknown;
  testId: string;
}) {
  return (
    <>
      {pending && (
        <p className="muted" role="status">
          Working…
        </p>
      )}
      {notice && (
        <p className="notice" role="status" data-testid={testId}>
          {notice}
        </p>
      )}
      {error !== null && error !== undefined && <ErrorBox error={toApiError(error)} title="Not done" />}
    </>
  );
}
