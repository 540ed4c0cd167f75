/** The MPS web console: a hash-routed single-page app over the control API (same origin). */
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
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

function App() {
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
      </header>
      <main id="main" tabIndex={-1}>
        <Screen route={route} />
      </main>
    </>
  );
}

render(<App />, document.getElementById('app')!);
