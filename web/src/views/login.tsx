import { useState } from 'preact/hooks';
import { api, ApiFailure } from '../api.ts';
import type { Whoami } from '../types.ts';

export function LoginView({ onSignedIn }: { onSignedIn: (me: Whoami) => void }) {
  const [useToken, setUseToken] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: Event) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget as HTMLFormElement);
    const body = useToken
      ? { token: String(form.get('token')) }
      : { login: String(form.get('login')), password: String(form.get('password')) };
    setBusy(true);
    setError(null);
    try {
      onSignedIn(await api<Whoami>('POST', '/session', body));
    } catch (err) {
      setError(
        err instanceof ApiFailure && err.status === 401 ? 'Wrong user name or password.' : String(err),
      );
    } finally {
      setBusy(false);
    }
  };

  return (
    <main class="login">
      <form onSubmit={(e) => void submit(e)} aria-labelledby="login-title">
        <h1 id="login-title">Sign in to Trackway</h1>
        {useToken ? (
          <label>
            API token
            <input name="token" type="password" autocomplete="off" required autofocus />
          </label>
        ) : (
          <>
            <label>
              User name
              <input name="login" autocomplete="username" required autofocus />
            </label>
            <label>
              Password
              <input name="password" type="password" autocomplete="current-password" required />
            </label>
          </>
        )}
        {error && (
          <p role="alert" class="error">
            {error}
          </p>
        )}
        <button type="submit" disabled={busy}>
          Sign in
        </button>
        <button type="button" class="link" onClick={() => setUseToken(!useToken)}>
          {useToken ? 'Use a user name and password' : 'Use an API token instead'}
        </button>
      </form>
    </main>
  );
}
