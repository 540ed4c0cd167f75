/** Sign-in on AWS (Cognito user pool), with the new-password step of a user's first sign-in. */
import { useState } from 'preact/hooks';
import type { CognitoAuth, NewPasswordChallenge } from '../aws-auth';
import { Field, FormError, Page } from '../ui';

export function SignInPage({ auth, onSignedIn }: { auth: CognitoAuth; onSignedIn: () => void }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [newPassword, setNewPassword] = useState('');
  const [challenge, setChallenge] = useState<NewPasswordChallenge | undefined>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    try {
      if (challenge) {
        await auth.completeNewPassword(challenge, newPassword);
        onSignedIn();
      } else {
        const next = await auth.signIn(username, password);
        if (next) setChallenge(next);
        else onSignedIn();
      }
      setError(undefined);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Page title="Sign in">
      <form class="card" onSubmit={submit} aria-label="Sign in" style={{ maxWidth: '420px' }}>
        <FormError error={error} />
        {challenge ? (
          <>
            <p>
              Choose a new password (at least 12 characters with upper and lower case letters, a digit and a
              symbol).
            </p>
            <PasswordField label="New password" value={newPassword} onInput={setNewPassword} />
          </>
        ) : (
          <>
            <Field
              label="User name or e-mail"
              name="username"
              value={username}
              onInput={setUsername}
              required
            />
            <PasswordField label="Password" value={password} onInput={setPassword} />
          </>
        )}
        <button class="primary" type="submit" disabled={busy}>
          {challenge ? 'Set password and sign in' : 'Sign in'}
        </button>
      </form>
    </Page>
  );
}

function PasswordField(p: { label: string; value: string; onInput: (v: string) => void }) {
  const id = `pw-${p.label.replace(/\W/g, '')}`;
  return (
    <div class="field">
      <label for={id}>{p.label}</label>
      <input
        id={id}
        type="password"
        autoComplete={p.label === 'Password' ? 'current-password' : 'new-password'}
        value={p.value}
        onInput={(e) => p.onInput((e.target as HTMLInputElement).value)}
        required
      />
    </div>
  );
}
