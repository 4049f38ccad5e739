import { fileURLToPath } from 'node:url';
import { DEFAULT_LIMITS, limitsFromEnv } from './limits.ts';
import { ICE_PATH } from './ice-endpoint.ts';
import { createLogger, logFormatFor } from './log.ts';
import { opsConfigFromEnv } from './ops-config.ts';
import { plainHttpWarnings } from './plain-http-warning.ts';
import { publicConfigFromEnv } from './public-config.ts';
import { SHUTDOWN_BOUND_MS, startServer, type ServerOptions } from './server.ts';
import { readTlsFiles } from './tls-files.ts';
import { TURN_CREDENTIAL_TTL_S } from './turn-credential.ts';

const ops = opsConfigFromEnv(process.env);
const format = logFormatFor(process.stdout);
const log = createLogger(ops.ok ? { level: ops.value.logLevel, format } : { format });
// Declared with its type, so that TypeScript narrows after a call to it.
const fail: (reason: string) => never = (reason) => {
  log.error('start failed', { message: `Could not start the Lookover server: ${reason}` });
  process.exit(1);
};
if (!ops.ok) fail(ops.error);

const extensionDir = fileURLToPath(new URL('../../.output/chrome-mv3', import.meta.url));
const fromEnv = limitsFromEnv(process.env);
const limits = { ...DEFAULT_LIMITS, ...(fromEnv.ok ? fromEnv.value : fail(fromEnv.error)) };
const parsed = publicConfigFromEnv(process.env);
const config = parsed.ok ? parsed.value : fail(parsed.error);
const tls = config.tls && readTlsFiles(config.tls);
if (tls && !tls.ok) fail(tls.error);
const { port, host } = config;

const options: ServerOptions = {
  port,
  host,
  limits,
  ice: config.ice,
  trustedProxies: config.trustedProxies,
  logger: log,
  metrics: ops.value.metrics,
  ...(tls?.ok ? { tls: tls.value } : {}),
  ...(config.publicUrl !== null ? { publicUrl: config.publicUrl } : {}),
  ...(config.redisUrl !== null ? { redisUrl: config.redisUrl } : {}),
};
const server = await startServer(options).catch((error: NodeJS.ErrnoException) =>
  fail(
    error.code === 'EADDRINUSE'
      ? `Port ${port} is in use. Stop the other server or pick another port: PORT=8788 npm start`
      : error.message,
  ),
);

const { stunUrls, turn } = config.ice;
log.info('started', {
  message: 'Lookover is running. Press Ctrl-C to stop.',
  helperPage: server.url,
  broker: server.brokerUrl,
  listening: `${tls ? 'https' : 'http'} on ${host}:${server.port}`,
  trustedProxies: config.trustedProxies,
  iceServers:
    stunUrls.length === 0 && turn === null
      ? 'none (one network only; see deploy/README.md)'
      : `${stunUrls.length} STUN, ${turn?.urls.length ?? 0} TURN URLs` +
        (turn ? ` (credentials for ${TURN_CREDENTIAL_TTL_S / 3600} h)` : '') +
        ` at ${new URL(ICE_PATH, server.url).toString()}`,
  extension: extensionDir,
  limits: {
    connections: limits.maxConnections,
    perAddress: limits.maxConnectionsPerAddress,
    statusRecords: limits.maxStatusRecords,
    origins: limits.allowedOrigins,
  },
  metrics: options.metrics,
  cluster:
    config.redisUrl === null
      ? 'none (one server alone)'
      : `through Redis at ${new URL(config.redisUrl).host}`,
});
for (const warning of plainHttpWarnings(config)) log.warn('plain http', { message: warning });

let stopping = false;
const stop = (signal: NodeJS.Signals) => {
  if (stopping) return;
  stopping = true;
  const started = Date.now();
  log.info('stopping', { signal });
  void server.shutdown(SHUTDOWN_BOUND_MS).then(({ forced }) => {
    (forced ? log.warn : log.info)('stopped', { forced, ms: Date.now() - started });
    process.exit(0);
  });
  // Whatever hangs, the process is gone before systemd's TimeoutStopSec kills it.
  setTimeout(() => process.exit(0), SHUTDOWN_BOUND_MS + 1000).unref();
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
