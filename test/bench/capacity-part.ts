import { loadPart, type PartResult } from './capacity.ts';

/**
 * One process of the capacity load (`signalingLoad` in capacity.ts forks it): told its sessions,
 * it plays them, reports, and keeps its clients connected until it is killed.
 */
interface Assignment {
  urls: string[];
  indices: number[];
  deadlineMs: number;
  connectsAtOnce: number;
}

process.once('message', (message) => {
  const { urls, indices, deadlineMs, connectsAtOnce } = message as Assignment;
  void loadPart(urls, indices, deadlineMs, connectsAtOnce).then((part) => {
    const { completed, timedOut, seconds, latencies, failures } = part;
    process.send!({ completed, timedOut, seconds, latencies, failures } satisfies PartResult);
  });
});
process.send!('ready');
