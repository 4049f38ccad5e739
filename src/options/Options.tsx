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
import { say, t } from '../i18n/t.ts';
import type { Phrase } from '../i18n/translate.ts';
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

  const errors: Partial<Record<TextField | 'iceServers', Phrase>> = validateSettingsForm(form);
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
    setSaved(t('options.saved'));
  };
  const reset = async () => {
    await resetSettings();
    testRun.current++;
    setTest(null);
    setForm(toForm(DEFAULT_SETTINGS));
    setSaved(t('options.wasReset'));
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
      <span class={errors[name] ? 'error' : 'hint'}>{errors[name] ? say(errors[name]) : hint}</span>
    </div>
  );
  const overridden = form.helperUrl.trim() !== '' || form.brokerUrl.trim() !== '';
  const example = 'https://lookover.example.com';

  return (
    <main class="options">
      <h1>
        <Logo size={28} /> {t('options.title')}
      </h1>
      <form onSubmit={save}>
        {field('sharerName', t('options.name'), t('options.nameHint'), {
          maxLength: MAX_NAME_LENGTH,
        })}
        {field(
          'maxHelpers',
          t('options.maxHelpers'),
          t('options.maxHelpersHint', { max: MAX_HELPERS_LIMIT }),
          {
            type: 'number',
            min: 1,
            max: MAX_HELPERS_LIMIT,
          },
        )}
        {field('endIdleAfterMinutes', t('options.idle'), t('options.idleHint', { max: MAX_IDLE_MINUTES }), {
          type: 'number',
          min: 0,
          max: MAX_IDLE_MINUTES,
        })}
        {field(
          'server',
          t('options.server'),
          form.helperUrl.trim() !== '' && form.brokerUrl.trim() !== ''
            ? t('options.serverUnused')
            : t('options.serverHint', { example, default: DEFAULT_SETTINGS.server }),
          { placeholder: example, inputMode: 'url' },
        )}
        <details open={overridden}>
          <summary>{t('options.advanced')}</summary>
          {field(
            'helperUrl',
            t('options.helperUrl'),
            own ? t('options.helperUrlHintOwn', { url: own.helperUrl }) : t('options.helperUrlHint'),
            { placeholder: own?.helperUrl ?? '', inputMode: 'url' },
          )}
          {field(
            'brokerUrl',
            t('options.brokerUrl'),
            own ? t('options.brokerUrlHintOwn', { url: own.brokerUrl }) : t('options.brokerUrlHint'),
            { placeholder: own?.brokerUrl ?? '', inputMode: 'url' },
          )}
        </details>
        {urls && onlyWorksHere(urls.helperUrl) && (
          <p class="warning" role="alert">
            {t('options.onlyWorksHere')}
          </p>
        )}
        <div class="actions">
          <button type="button" onClick={testConnection} disabled={!urls || test?.running === true}>
            {t('options.testConnection')}
          </button>
          <span
            class={`connection-test ${test && !test.running ? (test.ok ? 'connected' : 'error') : ''}`}
            role="status"
          >
            {test === null ? '' : test.running ? t('options.testing') : say(test.message)}
          </span>
        </div>
        <div class="field">
          <label for="iceServers">{t('options.iceServers')}</label>
          <textarea
            id="iceServers"
            rows={6}
            placeholder='[{"urls": "stun:stun.l.google.com:19302"}, {"urls": "turn:turn.example.org:3478", "username": "u", "credential": "p"}]'
            value={form.iceServers}
            onInput={(e) => set({ iceServers: e.currentTarget.value })}
            aria-invalid={!!errors.iceServers}
          />
          <span class={errors.iceServers ? 'error' : 'hint'}>
            {errors.iceServers ? say(errors.iceServers) : t('options.iceServersHint')}
          </span>
        </div>
        <label>
          <input
            type="checkbox"
            checked={form.relayOnly}
            onChange={(e) => set({ relayOnly: e.currentTarget.checked })}
            style="width:auto"
          />{' '}
          {t('options.relayOnly')}
        </label>
        <div class="actions">
          <button class="primary" type="submit" disabled={!valid}>
            {t('options.save')}
          </button>
          <button type="button" onClick={reset}>
            {t('options.reset')}
          </button>
          <span role="status">{saved}</span>
        </div>
      </form>
    </main>
  );
}
