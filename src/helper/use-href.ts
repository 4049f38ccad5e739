import { useEffect, useState } from 'preact/hooks';

/** The page's address, following changes of its fragment (a new link pasted into the same tab). */
export function useHref(): string {
  const [href, setHref] = useState(location.href);
  useEffect(() => {
    const onHash = () => setHref(location.href);
    addEventListener('hashchange', onHash);
    return () => removeEventListener('hashchange', onHash);
  }, []);
  return href;
}
