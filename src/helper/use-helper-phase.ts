import { useEffect, useReducer, useState } from 'preact/hooks';
import {
  HELPER_TIMEOUTS,
  nextHelperPhase,
  type HelperEvent,
  type HelperPhase,
} from '../core/session/helper-state.ts';

/**
 * Where the helper is in joining (core/session/helper-state), and which attempt this is: "Try
 * again" starts a fresh one, and everything bound to an attempt (the join, the ink) starts over.
 */
export function useHelperPhase(initial: HelperPhase) {
  const [phase, dispatch] = useReducer<HelperPhase, HelperEvent>(nextHelperPhase, initial);
  const [attempt, setAttempt] = useState(0);

  // Every wait turns into a message saying what to do: no spinner forever.
  useEffect(() => {
    const ms = HELPER_TIMEOUTS[phase];
    if (ms === undefined) return;
    const timer = setTimeout(() => dispatch('timeout'), ms);
    return () => clearTimeout(timer);
  }, [phase, attempt]);

  const retry = (event: 'retry' | 'recheck' = 'retry') => {
    dispatch(event);
    setAttempt((n) => n + 1);
  };
  return { phase, dispatch, attempt, retry };
}
