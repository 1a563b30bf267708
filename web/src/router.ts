import { useEffect, useState } from 'preact/hooks';

/** Hash routes (`#/history/12`), so the hub serves one index.html and needs no fallback route. */
export function useRoute(): string[] {
  const read = () => location.hash.replace(/^#\/?/, '').split('/').filter(Boolean);
  const [route, setRoute] = useState(read);
  useEffect(() => {
    const update = () => setRoute(read());
    addEventListener('hashchange', update);
    return () => removeEventListener('hashchange', update);
  }, []);
  return route;
}

export const navigate = (path: string) => (location.hash = `#/${path}`);
