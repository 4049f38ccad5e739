import { createHash } from 'node:crypto';
import { TOPIC_ROOT } from '../core/signaling/topics.ts';
import { err, ok, type Result } from '../core/util/result.ts';

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
export const DEFAULT_LOG_LEVEL: LogLevel = 'info';

export type LogFields = Readonly<Record<string, unknown>>;

export interface Logger {
  debug(event: string, fields?: LogFields): void;
  info(event: string, fields?: LogFields): void;
  warn(event: string, fields?: LogFields): void;
  error(event: string, fields?: LogFields): void;
}

/** `LOG_LEVEL`'s value: one of `LOG_LEVELS`, any case; unset or empty is the default. */
export function parseLogLevel(raw: string | undefined): Result<LogLevel, string> {
  const value = raw?.trim().toLowerCase() ?? '';
  if (value === '') return ok(DEFAULT_LOG_LEVEL);
  const level = LOG_LEVELS.find((name) => name === value);
  return level ? ok(level) : err(`LOG_LEVEL: "${raw}" is not one of ${LOG_LEVELS.join(', ')}`);
}

/**
 * A short name for an id that must not be logged whole (a session or client id is a capability:
 * whoever reads it can join the session's topics). Eight hex digits of its SHA-256 tell log lines
 * about the same id apart and cannot be turned back into it.
 */
export const shortId = (id: string): string => createHash('sha256').update(id).digest('hex').slice(0, 8);

/** Fields whose value is a secret whatever it looks like. */
const SECRET_FIELD = /secret|password|credential|token|key$/i;
/** Fields that hold an id: logged as its `shortId`. */
const ID_FIELD = /(?:session|client)(?:id)?$/i;
/** The session and helper ids inside a topic (`lookover/v1/<session>/helper/<helper>`), in a close reason. */
const TOPIC_ID = new RegExp(`(${TOPIC_ROOT}/|/helper/)([^/\\s]+)`, 'g');
/** A link's fragment carries the session key. */
const FRAGMENT = /(\b[a-z][a-z0-9+.-]*:\/\/[^\s#"]*)#\S*/gi;

const redactString = (value: string): string =>
  value
    .replace(FRAGMENT, '$1#…')
    .replace(TOPIC_ID, (_all, before: string, id: string) => `${before}…${shortId(id)}`);

function redact(key: string, value: unknown): unknown {
  if (SECRET_FIELD.test(key)) return '[redacted]';
  if (typeof value === 'string') return ID_FIELD.test(key) ? shortId(value) : redactString(value);
  if (Array.isArray(value)) return value.map((item) => redact(key, item));
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([name, inner]) => [name, redact(name, inner)]));
  return value;
}

/**
 * One event as one JSON line: `time`, `level` and `event` first, then its fields, with every
 * secret, id and link fragment taken out (see `redact`). `time`, `level` and `event` cannot be
 * overwritten by a field of the same name.
 */
export function logLine(time: Date, level: LogLevel, event: string, fields: LogFields = {}): string {
  const rest = Object.fromEntries(
    Object.entries(fields)
      .filter(([name]) => name !== 'time' && name !== 'level' && name !== 'event')
      .map(([name, value]) => [name, redact(name, value)]),
  );
  return JSON.stringify({ time: time.toISOString(), level, event: redactString(event), ...rest });
}

/**
 * The same event for a person at a terminal: the time, the level, what happened, then each field on
 * a line of its own, redacted as in `logLine`.
 */
export function textLine(time: Date, level: LogLevel, event: string, fields: LogFields = {}): string {
  const {
    time: _time,
    level: _level,
    event: said,
    message,
    ...rest
  } = JSON.parse(logLine(time, level, event, fields)) as Record<string, unknown>;
  const head = `${time.toISOString().slice(11, 19)} ${level.padEnd(5)} ${String(message ?? said)}`;
  const lines = Object.entries(rest).map(
    ([name, value]) => `    ${name}: ${typeof value === 'string' ? value : JSON.stringify(value)}`,
  );
  return [head, ...lines].join('\n');
}

export type LogFormat = 'json' | 'text';
/** JSON lines for journald, Docker or a pipe; readable lines for a person at a terminal. */
export const logFormatFor = (stdout: { isTTY?: boolean }): LogFormat => (stdout.isTTY ? 'text' : 'json');

/** A logger that writes the lines of `level` and above through `write` (default: stdout). */
export function createLogger(
  options: {
    level?: LogLevel;
    format?: LogFormat;
    write?: (line: string) => void;
    now?: () => Date;
  } = {},
): Logger {
  const {
    level = DEFAULT_LOG_LEVEL,
    format = 'json',
    write = (line) => process.stdout.write(`${line}\n`),
    now = () => new Date(),
  } = options;
  const line = format === 'text' ? textLine : logLine;
  const least = LOG_LEVELS.indexOf(level);
  const at =
    (lineLevel: LogLevel) =>
    (event: string, fields?: LogFields): void => {
      if (LOG_LEVELS.indexOf(lineLevel) >= least) write(line(now(), lineLevel, event, fields));
    };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}
