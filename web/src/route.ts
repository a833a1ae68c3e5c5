/** Hash routes (#/campaigns, #/clusters/ID, #/accounts/ID, #/decisions): the gateway serves one page for all. */
import { useEffect, useState } from 'react';

export type Route =
  | { page: 'overview' }
  | { page: 'campaigns' }
  | { page: 'cluster'; id: string }
  | { page: 'account'; id: string }
  | { page: 'decisions' };

export function parseRoute(hash: string): Route {
  const [, page, id] = hash.replace(/^#/, '').split('/');
  if (page === 'campaigns') return { page: 'campaigns' };
  if (page === 'decisions') return { page: 'decisions' };
  if (page === 'clusters' && id) return { page: 'cluster', id: decodeURIComponent(id) };
  if (page === 'accounts' && id) return { page: 'account', id: decodeURIComponent(id) };
  return { page: 'overview' };
}

export const hrefOf = {
  cluster: (id: string) => `#/clusters/${encodeURIComponent(id)}`,
  account: (id: string) => `#/accounts/${encodeURIComponent(id)}`,
};

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.hash));
  useEffect(() => {
    const on = () => setRoute(parseRoute(location.hash));
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, []);
  return route;
}
