import type { ApiError } from '../api';

/** Shows the server's error message and each detail it gave, as the server said it. */
export function ErrorBox({ error, title }: { error: ApiError; title?: string }) {
  // A detail the message already says in full is not repeated.
  const details = error.details.filter((d) => !error.message.includes(d.message));
  return (
    <div className="error-box" role="alert" data-testid="error">
      <strong>{title ?? (error.status >= 500 ? 'Something went wrong' : 'That did not work')}</strong>
      <p>{error.message}</p>
      {details.length > 0 && (
        <ul>
          {details.map((d, i) => (
            <li key={i}>
              {d.field && <code>{d.field}</code>} {d.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
