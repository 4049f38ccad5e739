import type { WebSocket } from 'ws';

/**
 * Pings every WebSocket each interval; one that did not answer the previous ping is reported
 * silent. A peer that vanished without closing (a laptop lid, a dropped network) otherwise holds
 * its socket until TCP gives up, which can take hours.
 */
export function createHeartbeat(intervalMs: number) {
  const watched = new Map<WebSocket, { answered: boolean; onSilent: () => void }>();
  const timer = setInterval(() => {
    for (const [ws, watch] of watched) {
      if (!watch.answered) {
        watched.delete(ws);
        watch.onSilent();
      } else if (ws.readyState === ws.OPEN) {
        watch.answered = false;
        ws.ping();
      }
    }
  }, intervalMs);
  timer.unref();
  return {
    watch(ws: WebSocket, onSilent: () => void) {
      const watch = { answered: true, onSilent };
      watched.set(ws, watch);
      ws.on('pong', () => (watch.answered = true));
      ws.once('close', () => watched.delete(ws));
    },
    close() {
      clearInterval(timer);
      watched.clear();
    },
  };
}
