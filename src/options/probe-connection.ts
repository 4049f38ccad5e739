import {
  httpUrlOf,
  isHelperPage,
  type BrokerProbe,
  type ConnectionObservations,
  type HttpProbe,
} from '../core/session/connection-diagnosis.ts';
import { connectPacket, DISCONNECT_PACKET, readConnack } from '../core/signaling/mqtt-probe.ts';
import { randomId } from '../core/util/bytes.ts';

export const PROBE_TIMEOUT_MS = 5000;

/** The helper page, the broker's host over HTTP, and an MQTT CONNECT to the broker, at once. */
export async function observeConnection(
  helperUrl: string,
  brokerUrl: string,
  timeoutMs = PROBE_TIMEOUT_MS,
): Promise<ConnectionObservations> {
  const [page, brokerHost, broker] = await Promise.all([
    probeHttp(helperUrl, timeoutMs),
    probeHttp(httpUrlOf(brokerUrl), timeoutMs),
    probeBroker(brokerUrl, timeoutMs),
  ]);
  return { helperUrl, brokerUrl, timeoutMs, page, brokerHost, broker };
}

// The extension's host permissions take its requests out of CORS, so any answer is readable.
async function probeHttp(url: string, timeoutMs: number): Promise<HttpProbe> {
  try {
    const response = await fetch(url, { cache: 'no-store', signal: AbortSignal.timeout(timeoutMs) });
    const body = await response.text();
    return { kind: 'answered', status: response.status, lookover: isHelperPage(body) };
  } catch (error) {
    return (error as Error)?.name === 'TimeoutError' ? { kind: 'timed-out' } : { kind: 'failed' };
  }
}

function probeBroker(url: string, timeoutMs: number): Promise<BrokerProbe> {
  return new Promise((resolve) => {
    let ws: WebSocket;
    try {
      ws = new WebSocket(url, 'mqtt');
    } catch {
      resolve({ kind: 'not-opened' });
      return;
    }
    ws.binaryType = 'arraybuffer';
    let opened = false;
    let received = new Uint8Array(0);
    const finish = (probe: BrokerProbe) => {
      clearTimeout(timer);
      ws.onopen = ws.onmessage = ws.onclose = ws.onerror = null;
      if (probe.kind === 'connack' && ws.readyState === WebSocket.OPEN) ws.send(DISCONNECT_PACKET);
      ws.close();
      resolve(probe);
    };
    const timer = setTimeout(
      () => finish({ kind: opened ? 'connack-timed-out' : 'open-timed-out' }),
      timeoutMs,
    );
    ws.onopen = () => {
      opened = true;
      ws.send(connectPacket({ clientId: `lookover_test_${randomId()}` }));
    };
    ws.onmessage = (event: MessageEvent<ArrayBuffer | string>) => {
      if (typeof event.data === 'string') return finish({ kind: 'not-mqtt' });
      const more = new Uint8Array(event.data);
      const all = new Uint8Array(received.length + more.length);
      all.set(received);
      all.set(more, received.length);
      received = all;
      const reading = readConnack(received);
      if (reading.kind !== 'incomplete') finish(reading);
    };
    ws.onclose = () => finish({ kind: opened ? 'closed-without-connack' : 'not-opened' });
  });
}
