import * as v from 'valibot';
import { isBrokerUrl } from '../protocol/link.ts';
import { isTurnUrl } from '../rtc/connect-problem.ts';
import { phrase, type Phrase } from '../../i18n/translate.ts';
import { err, ok, type Result } from '../util/result.ts';
import { IceServers, type IceServerConfig } from '../protocol/signal.ts';
import { parseServerAddress, serverOf, serverUrls, type ServerAddressError } from './lookover-server.ts';

export interface Settings {
  /**
   * The Lookover server's origin the two URLs below come from, unless set apart under Advanced; ''
   * when both are. What a share uses is always `helperUrl` and `brokerUrl`.
   */
  server: string;
  /** Base URL of the helper page: links are this plus a fragment. */
  helperUrl: string;
  /** MQTT over WebSocket (ws:// or wss://). */
  brokerUrl: string;
  iceServers: IceServerConfig[];
  /** 'relay' forces TURN (for testing a relay, or to hide both sides' addresses from each other). */
  iceTransportPolicy: 'all' | 'relay';
  /** Shown to helpers: "Waiting for <name> to let you in". */
  sharerName: string;
  /**
   * Helpers watching (or asking) at once; more are told the share is full
   * (docs/decisions/0004-sharer-approves-every-helper.md).
   */
  maxHelpers: number;
  /** A share nobody watches ends itself after this many minutes (0: never), warned a minute before. */
  endIdleAfterMinutes: number;
}

export const MAX_NAME_LENGTH = 64;
export const MAX_HELPERS_LIMIT = 10;
/** A day: longer than anyone leaves a tab shared on purpose. */
export const MAX_IDLE_MINUTES = 1_440;

/** The embedded server's page and broker share one origin: `http://host:8787/` and `ws://host:8787/mqtt`. */
export function defaultSettings(server: string): Settings {
  const origin = parseServerAddress(server);
  if (!origin.ok) throw new Error(`The default Lookover server "${server}" is not a server address`);
  return {
    server: origin.value,
    ...serverUrls(origin.value),
    iceServers: [],
    iceTransportPolicy: 'all',
    sharerName: '',
    maxHelpers: 3,
    endIdleAfterMinutes: 30,
  };
}

const isHttpUrl = (value: string) => {
  try {
    return ['http:', 'https:'].includes(new URL(value).protocol);
  } catch {
    return false;
  }
};

const ICE_URL = /^(stun|stuns|turn|turns):/;

/** ICE servers as RTCPeerConnection takes them (the schema the offer carries them in), stun/turn URLs only. */
function checkIceServers(value: unknown): Result<IceServerConfig[], Phrase> {
  const parsed = v.safeParse(IceServers, value);
  if (!parsed.success) {
    return err(phrase('settings.iceShape', { shape: '{"urls", "username", "credential"}' }));
  }
  for (const server of parsed.output) {
    const urls = Array.isArray(server.urls) ? server.urls : [server.urls];
    // RTCPeerConnection throws on a server with no URL, and on a TURN one missing either credential
    // (WebRTC 1.0, "set a configuration"): every share would fail to start.
    if (urls.length === 0) return err(phrase('settings.iceNoUrl'));
    const bad = urls.find((url) => !ICE_URL.test(url));
    if (bad !== undefined) return err(phrase('settings.iceBadUrl', { url: bad }));
    const turn = urls.find(isTurnUrl);
    if (turn !== undefined && (server.username === undefined || server.credential === undefined)) {
      return err(phrase('settings.iceNeedsCredential', { url: turn }));
    }
  }
  return ok(parsed.output);
}

/** The ICE servers field of the options page: a JSON array as RTCPeerConnection takes it. */
export function parseIceServers(text: string): Result<IceServerConfig[], Phrase> {
  if (text.trim() === '') return ok([]);
  try {
    return checkIceServers(JSON.parse(text));
  } catch {
    return err(phrase('settings.iceNotJson', { example: '[{"urls": "stun:stun.l.google.com:19302"}]' }));
  }
}

/** Settings from storage, each field falling back to the default when missing or invalid. */
export function parseSettings(raw: unknown, defaults: Settings): Settings {
  const stored = (typeof raw === 'object' && raw !== null ? raw : {}) as Partial<
    Record<keyof Settings | 'maxViewers', unknown>
  >;
  // Saved before the setting was called maxHelpers.
  const cap = stored.maxHelpers ?? stored.maxViewers;
  const text = (value: unknown) => (typeof value === 'string' ? value : '');
  const ice = checkIceServers(stored.iceServers ?? []);
  const helperUrl = isHttpUrl(text(stored.helperUrl)) ? text(stored.helperUrl) : defaults.helperUrl;
  const brokerUrl = isBrokerUrl(text(stored.brokerUrl)) ? text(stored.brokerUrl) : defaults.brokerUrl;
  const server = parseServerAddress(text(stored.server));
  return {
    // Saved before settings named a server: the one that serves these URLs, if any does.
    server: server.ok ? server.value : stored.server === '' ? '' : serverOf(helperUrl, brokerUrl),
    helperUrl,
    brokerUrl,
    iceServers: ice.ok ? ice.value : defaults.iceServers,
    iceTransportPolicy: stored.iceTransportPolicy === 'relay' ? 'relay' : 'all',
    sharerName: clipName(text(stored.sharerName)),
    maxHelpers: isHelperCap(cap) ? cap : defaults.maxHelpers,
    endIdleAfterMinutes: isIdleMinutes(stored.endIdleAfterMinutes)
      ? stored.endIdleAfterMinutes
      : defaults.endIdleAfterMinutes,
  };
}

/**
 * Trimmed, at most MAX_NAME_LENGTH UTF-16 units (what the status record's schema counts), and trimmed
 * again after the cut, so reading the result back changes nothing. A pair cut in two would show every
 * helper a broken character, so the cut falls before it.
 */
function clipName(name: string): string {
  const trimmed = name.trim();
  let end = Math.min(trimmed.length, MAX_NAME_LENGTH);
  if (end < trimmed.length && /[\uD800-\uDBFF]/.test(trimmed.charAt(end - 1))) end--;
  return trimmed.slice(0, end).trimEnd();
}

export const isIdleMinutes = (value: unknown): value is number =>
  Number.isInteger(value) && (value as number) >= 0 && (value as number) <= MAX_IDLE_MINUTES;

const isHelperCap = (value: unknown): value is number =>
  Number.isInteger(value) && (value as number) >= 1 && (value as number) <= MAX_HELPERS_LIMIT;

const EXAMPLE_SERVER = 'https://lookover.example.com';
const example = { example: EXAMPLE_SERVER };
const SERVER_ADDRESS_ERRORS: Record<ServerAddressError, Phrase> = {
  empty: phrase('settings.serverEmpty', example),
  'no-scheme': phrase('settings.serverNoScheme', example),
  'not-url': phrase('settings.serverNotUrl', example),
  'broker-scheme': phrase('settings.serverBrokerScheme', example),
  'other-scheme': phrase('settings.serverOtherScheme'),
  extra: phrase('settings.serverExtra', example),
  path: phrase('settings.serverPath'),
};

/**
 * The options page's fields as typed: `helperUrl` and `brokerUrl` are the Advanced overrides, ''
 * for the server's own, and the server may be left empty only when both are set.
 */
export const validateSettingsForm = (form: {
  server: string;
  helperUrl: string;
  brokerUrl: string;
  iceServers: string;
  maxHelpers: string;
  endIdleAfterMinutes: string;
}) => {
  const errors: Partial<
    Record<'server' | 'helperUrl' | 'brokerUrl' | 'iceServers' | 'maxHelpers' | 'endIdleAfterMinutes', Phrase>
  > = {};
  if (form.endIdleAfterMinutes.trim() === '' || !isIdleMinutes(Number(form.endIdleAfterMinutes)))
    errors.endIdleAfterMinutes = phrase('settings.idleMinutes', { max: MAX_IDLE_MINUTES });
  if (!isHelperCap(Number(form.maxHelpers)))
    errors.maxHelpers = phrase('settings.maxHelpers', { max: MAX_HELPERS_LIMIT });
  const helperUrl = form.helperUrl.trim();
  const brokerUrl = form.brokerUrl.trim();
  const server = parseServerAddress(form.server);
  if (!server.ok && !(server.error === 'empty' && helperUrl !== '' && brokerUrl !== ''))
    errors.server = SERVER_ADDRESS_ERRORS[server.error];
  if (helperUrl !== '' && !isHttpUrl(helperUrl)) errors.helperUrl = phrase('settings.helperUrl');
  if (brokerUrl !== '' && !isBrokerUrl(brokerUrl)) errors.brokerUrl = phrase('settings.brokerUrl');
  const ice = parseIceServers(form.iceServers);
  if (!ice.ok) errors.iceServers = ice.error;
  return errors;
};

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;
/** Hosts only this machine reaches, and whose pages browsers treat as secure over plain http. */
export const isLoopbackHost = (hostname: string) => LOOPBACK.test(hostname);

/**
 * A helper page over plain http on another host: browsers give WebCrypto only to secure contexts,
 * so helpers anywhere but this machine could not open its links.
 */
export function onlyWorksHere(helperUrl: string): boolean {
  try {
    const url = new URL(helperUrl);
    return url.protocol === 'http:' && !isLoopbackHost(url.hostname);
  } catch {
    return false;
  }
}
