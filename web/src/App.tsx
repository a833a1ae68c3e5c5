/** The dashboard shell: login gate, navigation (keys 1-4), live-update status and the current page. */
import { useEffect, useState } from 'react';
import { api } from './api';
import { useLiveVersion } from './live';
import { Account } from './pages/Account';
import { Campaigns } from './pages/Campaigns';
import { Cluster } from './pages/Cluster';
import { Decisions } from './pages/Decisions';
import { Login } from './pages/Login';
import { Overview } from './pages/Overview';
import { useRoute } from './route';

const NAV = [
  ['overview', '#/', 'Overview'],
  ['campaigns', '#/campaigns', 'Campaigns'],
  ['decisions', '#/decisions', 'Decisions & audit'],
] as const;

export function App() {
  const [state, setState] = useState<'checking' | 'out' | 'in'>('checking');
  const route = useRoute();
  const { version, connected } = useLiveVersion(state === 'in');

  useEffect(() => {
    void api.resume().then((ok) => setState(ok ? 'in' : 'out'));
  }, []);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement;
      if (e.altKey || e.ctrlKey || e.metaKey || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName)) return;
      const nav = NAV[Number(e.key) - 1];
      if (nav) location.hash = nav[1];
      if (e.key === '/') {
        e.preventDefault();
        document.querySelector<HTMLInputElement>('input[data-search]')?.focus();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  if (state === 'checking') return <main className="center muted">Loading…</main>;
  if (state === 'out') return <Login onIn={() => setState('in')} />;

  const active = route.page === 'cluster' ? 'campaigns' : route.page === 'account' ? 'campaigns' : route.page;
  return (
    <>
      <header className="top">
        <strong className="brand">Hydrawatch</strong>
        <nav>
          {NAV.map(([page, href, label], i) => (
            <a key={page} href={href} className={active === page ? 'active' : ''} aria-current={active === page ? 'page' : undefined} title={`key ${i + 1}`}>
              {label}
            </a>
          ))}
        </nav>
        <span className={connected ? 'live on' : 'live'} title="server-sent events from the gateway">
          {connected ? 'live' : 'offline'}
        </span>
        <button className="link" onClick={() => void api.logout().then(() => setState('out'))}>
          Log out
        </button>
      </header>
      <main>
        {route.page === 'overview' && <Overview version={version} />}
        {route.page === 'campaigns' && <Campaigns version={version} />}
        {route.page === 'cluster' && <Cluster id={route.id} version={version} />}
        {route.page === 'account' && <Account id={route.id} version={version} />}
        {route.page === 'decisions' && <Decisions version={version} />}
      </main>
      <footer className="muted">Keys: 1-3 pages · / search · j/k and Enter in lists</footer>
    </>
  );
}
