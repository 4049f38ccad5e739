import { useEffect, useReducer, useRef } from 'preact/hooks';

export interface Observable<T> {
  subscribe(listener: () => void): () => void;
  /** The same value (by Object.is) for as long as nothing it says has changed. */
  snapshot(): T;
}

/**
 * A store's snapshot, re-rendering when it changes: useSyncExternalStore's contract without
 * preact/compat, whose import hooks into every vnode and event of the page for this one use.
 */
export function useSnapshot<T>(store: Observable<T>): T {
  const value = store.snapshot();
  const [, rerender] = useReducer((n: number) => n + 1, 0);
  const shown = useRef(value);
  shown.current = value;
  useEffect(() => {
    const check = () => !Object.is(store.snapshot(), shown.current) && rerender(undefined);
    // It may have changed between this render and the subscription.
    check();
    return store.subscribe(check);
  }, [store]);
  return value;
}
