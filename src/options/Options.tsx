import { Logo } from '../ui/Logo.tsx';
import { useEffect, useRef, useState } from 'preact/hooks';
import { diagnoseConnection, type ConnectionVerdict } from '../core/session/connection-diagnosis.ts';
import { choiceOf, parseServerAddress, serverUrls, urlsOf } from '../core/session/lookover-server.ts';
import {
  MAX_NAME_LENGTH,
  MAX_HELPERS_LIMIT,
  MAX_IDLE_MINUTES,
  onlyWorksHere,
  parseIceServers,
  validateSettingsForm,
  type Settings,
} from '../core/session/settings.ts';
import { DEFAULT_SETTINGS, loadSettings, resetSettings, saveSettings } from '../extension/settings-store.ts';
import { observeConnection } from './probe-connection.ts';

interface Form {
  sharerName: string;
  server: string;
  /** The Advanced overrides: '' for the server's own. */
  helperUrl: string;
  brokerUrl: string;
  iceServers: string;
  relayOnly: boolean;
  maxHelpers: string;
  endIdleAfterMinutes: string;
}

const toForm = (s: Settings): Form => ({
  sharerName: s.sharerName,
  ...choiceOf(s),
  iceServers: s.iceServers.length ? JSON.stringify(s.iceServers, null, 2) : '',
  relayOnly: s.iceTransportPolicy === 'relay',
  maxHelpers: String(s.maxHelpers),
  endIdleAfterMinutes: String(s.endIdleAfterMinutes),
});

type TextField = 'sharerName' | 'server' | 'helperUrl' | 'brokerUrl' | 'maxHelpers' | 'endIdleAfterMinutes';
type Test = { running: true } | (ConnectionVerdict & { running: false });

export function Options() {
  const [form, setForm] = useState<Form | null>(null);
  const [saved, setSaved] = useState('');
  const [test, setTest] = useState<Test | null>(null);
  // Only the latest test speaks: an edit or a second click makes an earlier one's answer stale.
  const testRun = useRef(0);
  useEffect(() => void loadSettings().then((s) => setForm(toForm(s))), []);
  if (!form) return null;

  const errors: Partial<Record<TextField | 'iceServers', string>> = validateSettingsForm(form);
  const valid = Object.keys(errors).length === 0;
  // Only URLs the form takes are tried: the diagnosis reads them as URLs.
  const urls = errors.server || errors.helperUrl || errors.brokerUrl ? null : urlsOf(form);
  const server = parseServerAddress(form.server);
  const own = server.ok ? serverUrls(server.value) : null;
  const set = (patch: Partial<Form>) => {
    setSaved('');
    testRun.current++;
    setTest(null);
    setForm({ ...form, ...patch });
  };
  const save = async (event: Event) => {
    event.preventDefault();
    const ice = parseIceServers(form.iceServers);
    if (!valid || !ice.ok || !urls) return;
    await saveSettings({
      server: server.ok ? server.value : '',
      ...urls,
      sharerName: form.sharerName.trim(),
      iceServers: ice.value,
      iceTransportPolicy: form.relayOnly ? 'relay' : 'all',
      maxHelpers: Number(form.maxHelpers),
      endIdleAfterMinutes: Number(form.endIdleAfterMinutes),
    });
    setSaved('Saved. New shares use these settings.');
  };
  const reset = async () => {
    await resetSettings();
    testRun.current++;
    setTest(null);
    setForm(toForm(DEFAULT_SETTINGS));
    setSaved('Back to the defaults.');
  };
  const testConnection = async () => {
    if (!urls) return;
    const run = ++testRun.current;
    setTest({ running: true });
    const verdict = diagnoseConnection(await observeConnection(urls.helperUrl, urls.brokerUrl));
    if (run === testRun.current) setTest({ ...verdict, running: false });
  };

  const field = (name: TextField, label: string, hint: string, extra: Record<string, unknown> = {}) => (
    <div class="field">
      <label for={name}>{label}</label>
      <input
        id={name}
        value={form[name]}
        onInput={(e) => set({ [name]: e.currentTarget.value })}
        aria-invalid={!!errors[name]}
        {...extra}
      />
      <span class={errors[name] ? 'error' : 'hint'}>{errors[name] ?? hint}</span>
    </div>
  );
  const overridden = form.helperUrl.trim() !== '' || form.brokerUrl.trim() !== '';

  return (
    <main class="options">
      <h1>
        <Logo size={28} /> Lookover settings
      </h1>
      <form onSubmit={save}>
        {field('sharerName', 'Your name', 'Helpers see it while they wait for you to let them in.', {
          maxLength: MAX_NAME_LENGTH,
        })}
        {field(
          'maxHelpers',
          'Most helpers at once',
          `Others are told the share is full. 1 to ${MAX_HELPERS_LIMIT}.`,
          {
            type: 'number',
            min: 1,
            max: MAX_HELPERS_LIMIT,
          },
        )}
        {field(
          'endIdleAfterMinutes',
          'End a share no one watches after (minutes)',
          `You are warned a minute before. 0 never ends it. Up to ${MAX_IDLE_MINUTES}.`,
          { type: 'number', min: 0, max: MAX_IDLE_MINUTES },
        )}
        {field(
          'server',
          'Lookover server',
          form.helperUrl.trim() !== '' && form.brokerUrl.trim() !== ''
            ? 'Not used: both the helper page and the broker are set under Advanced.'
            : `The address your Lookover server is served at, e.g. https://lookover.example.com. Default: ${DEFAULT_SETTINGS.server}`,
          { placeholder: 'https://lookover.example.com', inputMode: 'url' },
        )}
        <details open={overridden}>
          <summary>Advanced</summary>
          {field(
            'helperUrl',
            'Helper page',
            `Where helper links point. Empty: the server's own${own ? `, ${own.helperUrl}` : ''}.`,
            { placeholder: own?.helperUrl ?? '', inputMode: 'url' },
          )}
          {field(
            'brokerUrl',
            'Signaling broker (MQTT over WebSocket)',
            `Any MQTT 3.1.1/5 broker with WebSockets. Empty: the server's own${own ? `, ${own.brokerUrl}` : ''}.`,
            { placeholder: own?.brokerUrl ?? '', inputMode: 'url' },
          )}
        </details>
        {urls && onlyWorksHere(urls.helperUrl) && (
          <p class="warning" role="alert">
            This helper page is plain http on another computer: helpers anywhere but there cannot open its
            links (browsers turn off the encryption Lookover needs without https). Serve it over https.
          </p>
        )}
        <div class="actions">
          <button type="button" onClick={testConnection} disabled={!urls || test?.running === true}>
            Test connection
          </button>
          <span
            class={`connection-test ${test && !test.running ? (test.ok ? 'connected' : 'error') : ''}`}
            role="status"
          >
            {test === null ? '' : test.running ? 'Testing…' : test.message}
          </span>
        </div>
        <div class="field">
          <label for="iceServers">STUN / TURN servers (JSON)</label>
          <textarea
            id="iceServers"
            rows={6}
            placeholder='[{"urls": "stun:stun.l.google.com:19302"}, {"urls": "turn:turn.example.org:3478", "username": "u", "credential": "p"}]'
            value={form.iceServers}
            onInput={(e) => set({ iceServers: e.currentTarget.value })}
            aria-invalid={!!errors.iceServers}
          />
          <span class={errors.iceServers ? 'error' : 'hint'}>
            {errors.iceServers ??
              "None are needed on one network. Add STUN to cross NAT, and TURN where direct connections are blocked. Helpers receive them in the share's status record, sealed under the link's key, so they need no settings of their own."}
          </span>
        </div>
        <label>
          <input
            type="checkbox"
            checked={form.relayOnly}
            onChange={(e) => set({ relayOnly: e.currentTarget.checked })}
            style="width:auto"
          />{' '}
          Relay only (always go through the TURN server)
        </label>
        <div class="actions">
          <button class="primary" type="submit" disabled={!valid}>
            Save
          </button>
          <button type="button" onClick={reset}>
            Reset to defaults
          </button>
          <span role="status">{saved}</span>
        </div>
      </form>
    </main>
  );
}
