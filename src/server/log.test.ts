import { describe, expect, it } from 'vitest';
import {
  createLogger,
  logFormatFor,
  logLine,
  parseLogLevel,
  shortId,
  textLine,
  type LogFields,
  type LogLevel,
} from './log.ts';

const TIME = new Date('2025-01-02T03:04:05.678Z');
const SESSION = 'Qm9vdHN0cmFwU2Vzc2lvbjE';
const parsed = (fields: LogFields) =>
  JSON.parse(logLine(TIME, 'info', 'test', fields)) as Record<string, unknown>;

describe('log line', () => {
  it('is one JSON object, time, level and event first, then the fields', () => {
    const line = logLine(TIME, 'warn', 'client refused', { address: '192.0.2.1', count: 3 });
    expect(line).not.toContain('\n');
    expect(line).toBe(
      '{"time":"2025-01-02T03:04:05.678Z","level":"warn","event":"client refused","address":"192.0.2.1","count":3}',
    );
  });

  it('keeps time, level and event from being overwritten by a field', () => {
    expect(parsed({ time: 'then', level: 'error', event: 'other' })).toEqual({
      time: TIME.toISOString(),
      level: 'info',
      event: 'test',
    });
  });

  it.each<[string, LogFields, Record<string, unknown>]>([
    ['a secret field', { TURN_SECRET: 'b8f0c2d1e4a7f6c3' }, { TURN_SECRET: '[redacted]' }],
    [
      'a key, nested',
      { tls: { certPath: '/c.pem', key: 'PEM' } },
      { tls: { certPath: '/c.pem', key: '[redacted]' } },
    ],
    [
      'a credential',
      { turn: [{ credential: 'abc', urls: ['turn:x'] }] },
      { turn: [{ credential: '[redacted]', urls: ['turn:x'] }] },
    ],
    ['a session id', { sessionId: SESSION }, { sessionId: shortId(SESSION) }],
    ['a client id', { clientId: 'lookover_abc' }, { clientId: shortId('lookover_abc') }],
    [
      "a link's fragment",
      { message: `opened https://help.example.org/#s=${SESSION}&k=key then` },
      { message: 'opened https://help.example.org/#… then' },
    ],
    [
      'the ids in a topic',
      { reason: `topic not allowed: lookover/v1/${SESSION}/helper/helper-one-id/x` },
      { reason: `topic not allowed: lookover/v1/…${shortId(SESSION)}/helper/…${shortId('helper-one-id')}/x` },
    ],
    [
      'nothing else',
      { helperPage: 'https://lookover-production.example.org/', port: 8787, on: true },
      { helperPage: 'https://lookover-production.example.org/', port: 8787, on: true },
    ],
  ])('takes out %s', (_name, fields, expected) => {
    const line = logLine(TIME, 'info', 'test', fields);
    expect(JSON.parse(line)).toEqual({ time: TIME.toISOString(), level: 'info', event: 'test', ...expected });
    expect(line).not.toContain(SESSION);
  });

  it('names an id by eight hex digits, the same each time', () => {
    expect(shortId(SESSION)).toMatch(/^[0-9a-f]{8}$/);
    expect(shortId(SESSION)).toBe(shortId(SESSION));
    expect(shortId(SESSION)).not.toBe(shortId(`${SESSION}x`));
  });
});

describe('log level', () => {
  it.each<[LogLevel, string[]]>([
    ['debug', ['debug', 'info', 'warn', 'error']],
    ['info', ['info', 'warn', 'error']],
    ['warn', ['warn', 'error']],
    ['error', ['error']],
  ])('%s writes %j', (level, written) => {
    const lines: string[] = [];
    const log = createLogger({ level, write: (line) => lines.push(line), now: () => TIME });
    log.debug('one');
    log.info('one');
    log.warn('one');
    log.error('one');
    expect(lines.map((line) => (JSON.parse(line) as { level: string }).level)).toEqual(written);
  });

  it.each([
    [undefined, { ok: true, value: 'info' }],
    ['', { ok: true, value: 'info' }],
    [' WARN ', { ok: true, value: 'warn' }],
    ['debug', { ok: true, value: 'debug' }],
    ['verbose', { ok: false, error: 'LOG_LEVEL: "verbose" is not one of debug, info, warn, error' }],
  ])('parses %j', (raw, expected) => {
    expect(parseLogLevel(raw)).toEqual(expected);
  });
});

describe('log lines for a person at a terminal', () => {
  it.each<[string, string, Record<string, unknown>, string]>([
    [
      'the message first, then each field',
      'started',
      {
        message: 'Lookover is running.',
        helperPage: 'http://localhost:8787/',
        limits: { connections: 1000 },
      },
      '03:04:05 info  Lookover is running.\n    helperPage: http://localhost:8787/\n    limits: {"connections":1000}',
    ],
    ['the event when there is no message', 'client closed', {}, '03:04:05 info  client closed'],
    [
      'redacted as the JSON line is',
      'client refused',
      { sessionId: 'secret-session', turnSecret: 'x', link: 'https://h/#k=abc' },
      '03:04:05 info  client refused\n    sessionId: ' +
        shortId('secret-session') +
        '\n    turnSecret: [redacted]\n    link: https://h/#…',
    ],
  ])('%s', (_, event, fields, text) => {
    expect(textLine(TIME, 'info', event, fields)).toBe(text);
  });

  it.each([
    [{ isTTY: true }, 'text'],
    [{ isTTY: false }, 'json'],
    [{}, 'json'],
  ])('a stdout %o gets %s', (stdout, format) => expect(logFormatFor(stdout)).toBe(format));
});
