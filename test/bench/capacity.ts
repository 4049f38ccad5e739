import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { connectMqtt } from '../../src/core/signaling/mqtt.ts';
import { summary } from './stats.ts';
import { newShare, startHelper, startSharer } from '../support/parties.ts';

// Sizes of a real set-up from a Chromium session on this machine: SDP offer ~3 KB, answer ~1.5 KB,
// a few host candidates each way (batched into one message, as the extension and helper page do).
const OFFER = `v=0\r\n${'a=x-offer-line:padding to the size of a real offer\r\n'.repeat(60)}`;
const ANSWER = `v=0\r\n${'a=x-answer-line:padding to the size of a real answer\r\n'.repeat(30)}`;
const CANDIDATES = 4;
const candidate = (i: number) => ({
  candidate: `candidate:${i} 1 udp 2122260223 127.0.0.1 ${50000 + i} typ host generation 0`,
  sdpMid: '0',
  sdpMLineIndex: 0,
});

/** At most `limit` of these at once (opening thousands of sockets in one burst measures the kernel). */
function gate(limit: number) {
  let active = 0;
  const waiting: (() => void)[] = [];
  return async <T>(task: () => Promise<T>): Promise<T> => {
    if (active >= limit) await new Promise<void>((resolve) => waiting.push(resolve));
    active++;
    try {
      return await task();
    } finally {
      active--;
      waiting.shift()?.();
    }
  };
}

/**
 * This process's part of a load: the sessions numbered `indices`, all live at once by the end, each a
 * sharer and a helper speaking the real signaling protocol (sealed envelopes; join with its offer,
 * answer, ICE both ways, admit) through the broker. Per-message latency is send to delivery of the
 * join, answer and admit. With several `urls` (the nodes of a cluster), session i's sharer connects
 * to node i and its helper to node i + 1, so every message crosses between nodes. The clients stay
 * connected until `close`.
 */
export async function loadPart(
  urls: string[],
  indices: number[],
  deadlineMs: number,
  connectsAtOnce: number,
) {
  const nodes = urls;
  const latencies: number[] = [];
  const clients: { close(): void }[] = [];
  let abandoned = false;
  const connect = gate(connectsAtOnce);
  const failures = new Map<string, number>();

  async function session(index: number) {
    const sharerUrl = nodes[index % nodes.length]!;
    const helperUrl = nodes[(index + 1) % nodes.length]!;
    const share = await newShare(sharerUrl);
    const open = (url: string) =>
      connect(async () => {
        // The session id as the username: what a confining broker (deploy/mosquitto/) checks.
        const transport = await connectMqtt(url, {
          connectTimeoutMs: 60_000,
          sessionId: share.link.sessionId,
        });
        // A load past its deadline: whatever still connects is closed at once, not left retrying.
        if (abandoned) transport.close();
        else clients.push(transport);
        return transport;
      });
    const [sharerTransport, helperTransport] = [await open(sharerUrl), await open(helperUrl)];
    let sentJoin = 0;
    let sentAnswer = 0;
    let sentAdmit = 0;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('set-up timed out')), 90_000);
      let candidates = 0;
      let admitted = false;
      const check = () => {
        if (candidates < CANDIDATES || !admitted) return;
        clearTimeout(timer);
        resolve();
      };
      let joined = false;
      const { signaling: sharer } = startSharer(sharerTransport, share, {
        onJoin(id) {
          if (joined) return;
          joined = true;
          latencies.push(performance.now() - sentJoin);
          sentAnswer = performance.now();
          void sharer.sendAnswer(id, ANSWER);
          // Lookover batches a burst of candidates into one message.
          void sharer.sendCandidates(
            id,
            Array.from({ length: CANDIDATES }, (_, i) => candidate(i)),
          );
        },
        onCandidates(id, list) {
          candidates += list.length;
          if (candidates >= CANDIDATES && !sentAdmit) {
            sentAdmit = performance.now();
            void sharer.admit(id);
          }
          check();
        },
      });
      let answered = false;
      void sharer.announceLive({ sharerName: 'bench', iceServers: [], iceTransportPolicy: 'all' });
      void startHelper(helperTransport, share.link, {
        onAnswer() {
          if (answered) return;
          answered = true;
          clearInterval(retry);
          latencies.push(performance.now() - sentAnswer);
          void helper?.sendCandidates(Array.from({ length: CANDIDATES }, (_, i) => candidate(i)));
        },
        onAdmit() {
          latencies.push(performance.now() - sentAdmit);
          admitted = true;
          check();
        },
      }).then(({ signaling }) => {
        helper = signaling;
        join();
      });
      let helper: Awaited<ReturnType<typeof startHelper>>['signaling'] | null = null;
      const join = () => {
        sentJoin ||= performance.now();
        void helper?.join('bench', false, OFFER);
      };
      const retry = setInterval(join, 1000);
    });
  }

  const started = performance.now();
  let completed = 0;
  const all = Promise.all(
    indices.map((index) =>
      session(index).then(
        () => void completed++,
        (error: Error) => {
          const reason = `${error.name}: ${error.message}`;
          failures.set(reason, (failures.get(reason) ?? 0) + 1);
        },
      ),
    ),
  );
  // A broker that stops answering must show up as a result, not hang the run.
  const timedOut = await Promise.race([
    all.then(() => false),
    new Promise<boolean>((resolve) => setTimeout(() => resolve(true), deadlineMs)),
  ]);
  return {
    completed,
    timedOut,
    seconds: (performance.now() - started) / 1000,
    latencies,
    failures: Object.fromEntries(failures),
    close() {
      abandoned = true;
      for (const client of clients) client.close();
    },
  };
}
export type PartResult = Omit<Awaited<ReturnType<typeof loadPart>>, 'close'>;

/** Processes the load runs in: each holds a file descriptor per client, and this machine's hard limit is 20,000 a process. */
const PARTS = 2;

/**
 * `sessions` set-ups on the broker at `urls` (see `loadPart`), played by `PARTS` processes
 * (test/bench/capacity-part.ts) taking every `PARTS`th session each. `whileConnected` runs once every
 * part is done (or past its deadline), before any client closes.
 */
export async function signalingLoad<T = undefined>(
  urls: string | string[],
  sessions: number,
  deadlineMs = 240_000,
  whileConnected?: () => Promise<T>,
) {
  const parts = Array.from({ length: PARTS }, () =>
    fork(fileURLToPath(new URL('./capacity-part.ts', import.meta.url)), [], {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    }),
  );
  const message = <M>(child: ChildProcess) =>
    new Promise<M>((resolve, reject) => {
      child.once('message', (m) => resolve(m as M));
      child.once('exit', (code) => reject(new Error(`load part exited (${code})`)));
    });
  try {
    await Promise.all(parts.map((child) => message<'ready'>(child)));
    const results = await Promise.all(
      parts.map((child, part) => {
        const done = message<PartResult>(child);
        const indices = Array.from({ length: sessions }, (_, i) => i).filter((i) => i % PARTS === part);
        child.send({
          urls: typeof urls === 'string' ? [urls] : urls,
          indices,
          deadlineMs,
          connectsAtOnce: 100 / PARTS,
        });
        return done;
      }),
    );
    const measured = await whileConnected?.();
    const completed = results.reduce((sum, r) => sum + r.completed, 0);
    const seconds = Math.max(...results.map((r) => r.seconds));
    const failures: Record<string, number> = {};
    for (const r of results)
      for (const [reason, n] of Object.entries(r.failures)) failures[reason] = (failures[reason] ?? 0) + n;
    return {
      measured,
      sessions,
      completed,
      failed: sessions - completed,
      timedOut: results.some((r) => r.timedOut),
      seconds: Math.round(seconds * 100) / 100,
      setupsPerSecond: Math.round(completed / seconds),
      messageLatencyMs: summary(results.flatMap((r) => r.latencies)),
      /** Why set-ups failed, and how many for each reason (those still running at the deadline: none). */
      failures,
    };
  } finally {
    // A part past its deadline may still have clients connecting: not waited for.
    for (const child of parts) child.kill('SIGKILL');
  }
}
