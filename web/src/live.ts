/** Live updates: a counter that grows each time the server's event stream says detection or decisions changed. */
import { useEffect, useState } from 'react';

export function useLiveVersion(enabled: boolean): { version: number; connected: boolean } {
  const [version, setVersion] = useState(0);
  const [connected, setConnected] = useState(false);
  useEffect(() => {
    if (!enabled) return;
    const source = new EventSource('/ui/api/events');
    // The stream opens with a `change` that reports the state the page has just loaded: reloading on it would fetch
    // every page twice (a second megabyte for a 2,000-account cluster). After a reconnection it is kept: things may
    // have changed while the stream was down.
    let opening = true;
    source.addEventListener('change', () => {
      if (opening) opening = false;
      else setVersion((v) => v + 1);
    });
    source.onopen = () => setConnected(true);
    source.onerror = () => setConnected(false);
    return () => source.close();
  }, [enabled]);
  return { version, connected };
}

/** Loads `load()` again whenever `deps` change; keeps the last data while reloading. */
export function useData<T>(load: () => Promise<T>, deps: unknown[]): { data: T | null; error: string | null; reload: () => void } {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [n, setN] = useState(0);
  useEffect(() => {
    let live = true;
    load().then(
      (d) => live && (setData(d), setError(null)),
      (e: Error) => live && setError(e.message),
    );
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, n]);
  return { data, error, reload: () => setN((x) => x + 1) };
}
