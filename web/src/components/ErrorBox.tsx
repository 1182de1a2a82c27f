import type { ApiError } from '../api';

/** Shows the server's error message and each detail it gave, as the server said it. */
export function ErrorBox({ error, title }: { error: ApiError; title?: string }) {
  return (
    <div className="error-box" role="alert" data-testid="error">
      <strong>{title ?? (error.status >= 500 ? 'Something went wrong' : 'That did not work')}</strong>
      <p>{error.message}</p>
      {error.details.length > 0 && (
        <ul>
          {error.details.map((d, i) => (
            <li key={i}>
              {d.field && <code>{d.field}</code>} {d.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
