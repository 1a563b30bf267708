import { useState } from 'preact/hooks';
import { api } from '../api.ts';
import type { Whoami } from '../types.ts';

/** Who is signed in, and a user's own password change. */
export function AccountView({ me }: { me: Whoami }) {
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const change = async (e: Event) => {
    e.preventDefault();
    const form = e.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    if (data.get('newPassword') !== data.get('repeat')) {
      return setMessage({ ok: false, text: 'The new passwords differ.' });
    }
    try {
      await api('PUT', '/session/password', {
        currentPassword: String(data.get('currentPassword')),
        newPassword: String(data.get('newPassword')),
      });
      form.reset();
      setMessage({ ok: true, text: 'Password changed. Your other sessions have ended.' });
    } catch (err) {
      setMessage({ ok: false, text: (err as Error).message });
    }
  };
  return (
    <section class="page account">
      <h1>Account</h1>
      <p>
        {me.user ? `Signed in as ${me.user.login}` : `Signed in with the API token "${me.token?.name}"`}, role{' '}
        {me.role}, group {me.group.name}.
      </p>
      {me.user && (
        <form class="password-form" onSubmit={(e) => void change(e)} aria-label="Change password">
          <h2>Change password</h2>
          <label>
            Current password
            <input name="currentPassword" type="password" autocomplete="current-password" required />
          </label>
          <label>
            New password (at least 10 characters)
            <input name="newPassword" type="password" autocomplete="new-password" minLength={10} required />
          </label>
          <label>
            New password again
            <input name="repeat" type="password" autocomplete="new-password" minLength={10} required />
          </label>
          <button type="submit">Change password</button>
          {message && (
            <p role={message.ok ? 'status' : 'alert'} class={message.ok ? '' : 'error'}>
              {message.text}
            </p>
          )}
        </form>
      )}
    </section>
  );
}
