import { useEffect, useState } from 'preact/hooks';

/** The time, again every `everyMs`, for what the popup counts (shared for, ends in). */
export function useNow(everyMs: number): number {
  const [now, setNow] = useState(Date.now);
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}
