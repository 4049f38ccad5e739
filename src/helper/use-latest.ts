import { useRef } from 'preact/hooks';
import type { RefObject } from 'preact';

/** This render's value, for event handlers that are bound once and must not see a stale one. */
export function useLatest<T>(value: T): RefObject<T> {
  const ref = useRef(value);
  ref.current = value;
  return ref;
}
