import { errorMessage } from '@/lib/client/api-error';

/** A readable red box for an API or network error (renders nothing without an error). */
export function ErrorBanner({ error, prefix }: { error: unknown; prefix?: string }) {
  if (!error) return null;
  return (
    <div className="banner banner-error" role="alert">
      {prefix ? `${prefix}: ` : ''}
      {errorMessage(error)}
    </div>
  );
}
