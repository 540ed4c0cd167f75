/** The MPS web console: a hash-routed single-page app over the control API (same origin). */
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { setTransport } from './api';
import { CognitoAuth } from './aws-auth';
import { loadConfig } from './config';
import { SignInPage } from './pages/signin';
import { DeliveriesPage } from './pages/deliveries';
import { ExplainPage } from './pages/explain';
import { SchemaFormPage, SchemasPage } from './pages/schemas';
import { TaskPage } from './pages/task';
import { TasksPage } from './pages/tasks';
import { TemplateFormPage, TemplatesPage } from './pages/templates';
import { UploadPage } from './pages/upload';
import { parseHash, type Route } from './router';

const NAV: Array<[string, string]> = [
  ['templates', 'Templates'],
  ['schemas', 'Schemas'],
  ['tasks', 'Tasks'],
  ['upload', 'Upload'],
  ['deliveries', 'Deliveries'],
  ['explain', 'Explain'],
];

function Screen({ route }: { route: Route }) {
  const [section, a, b] = route.path;
  switch (section) {
    case 'templates':
      if (a === 'new' && b) return <TemplateFormPage type={b} />;
      if (a && b === 'edit') return <TemplateFormPage id={Number(a)} />;
      return <TemplatesPage type={route.query.get('type') ?? 'transcode'} />;
    case 'schemas':
      if (a === 'new') return <SchemaFormPage />;
      if (a && b === 'edit') return <SchemaFormPage id={a} />;
      return <SchemasPage />;
    case 'tasks':
      if (a) return <TaskPage id={a} />;
      return <TasksPage query={route.query} />;
    case 'upload':
      return <UploadPage schemaId={route.query.get('schema') ?? undefined} />;
    case 'deliveries':
      return <DeliveriesPage />;
    case 'explain':
      return <ExplainPage />;
    default:
      return <TasksPage query={route.query} />;
  }
}

function App({ user, onSignOut }: { user?: string | undefined; onSignOut?: () => void }) {
  const [route, setRoute] = useState(() => parseHash(location.hash));
  useEffect(() => {
    const on = () => setRoute(parseHash(location.hash));
    addEventListener('hashchange', on);
    return () => removeEventListener('hashchange', on);
  }, []);
  const section = route.path[0] ?? 'tasks';
  return (
    <>
      <a
        class="sr-only"
        href="#main"
        onClick={(e) => (e.preventDefault(), document.getElementById('main')?.focus())}
      >
        Skip to content
      </a>
      <header class="top">
        <div class="brand">MPS console</div>
        <nav aria-label="Sections">
          <ul>
            {NAV.map(([id, label]) => (
              <li key={id}>
                <a href={`#/${id}`} aria-current={section === id ? 'page' : undefined}>
                  {label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        {user && onSignOut && (
          <div class="user">
            <span>{user}</span>{' '}
            <button type="button" onClick={onSignOut}>
              Sign out
            </button>
          </div>
        )}
      </header>
      <main id="main" tabIndex={-1}>
        <Screen route={route} />
      </main>
    </>
  );
}

/** On AWS: sign in first, then every API request is signed with the user's temporary credentials. */
function Signed({ auth }: { auth: CognitoAuth }) {
  const [user, setUser] = useState(auth.username);
  if (!user) {
    return (
      <main id="main">
        <SignInPage auth={auth} onSignedIn={() => setUser(auth.username)} />
      </main>
    );
  }
  return (
    <App
      user={user}
      onSignOut={() => {
        auth.signOut();
        setUser(undefined);
      }}
    />
  );
}

async function start(): Promise<void> {
  const root = document.getElementById('app')!;
  const config = await loadConfig();
  if (config.mode === 'aws') {
    const auth = new CognitoAuth(config, sessionStorage);
    setTransport((method, path, body) => auth.fetch(method, path, body));
    render(<Signed auth={auth} />, root);
  } else {
    render(<App />, root);
  }
}

void start().catch((err: unknown) => {
  document.getElementById('app')!.textContent = `The console could not start: ${String(err)}`;
});
