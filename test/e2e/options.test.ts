import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it, onTestFinished } from 'vitest';
import { launchSharer } from './support/browsers.ts';
import { OptionsPage } from './support/pages.ts';
import { expectLiveVideo, useSession } from './support/session.ts';

const { env, sharerWithTab, share, admitHelper } = useSession();

/** The options page in a fresh sharer's browser, closed after the test. */
async function optionsPage(args: string[] = []) {
  const sharer = await launchSharer(args);
  onTestFinished(() => sharer.close());
  return OptionsPage.open(sharer.browser);
}

async function listen(server: Server) {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  onTestFinished(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return (server.address() as AddressInfo).port;
}

const serverAddress = () => new URL(env.server.url).origin;

describe('the options page', () => {
  it('"Test connection" on the Lookover server: connected', async () => {
    const options = await optionsPage();
    expect(await options.testConnection(serverAddress())).toBe(
      'Connected: helper page and broker reachable.',
    );
  });

  it('"Test connection" on a port nothing listens on: cannot reach it, and the honest why', async () => {
    const closed = createServer();
    const port = await listen(closed);
    await new Promise((resolve) => closed.close(resolve));
    const options = await optionsPage();
    expect(await options.testConnection(`http://127.0.0.1:${port}`)).toBe(
      `Cannot reach the server at http://127.0.0.1:${port}/: the name may not exist, or it refused the connection (the browser does not say which).`,
    );
  });

  it('"Test connection" on a web server that is no broker: reached, but not an MQTT broker', async () => {
    const port = await listen(createServer((_req, res) => res.end('<title>Some other site</title>')));
    const options = await optionsPage();
    expect(await options.testConnection(`http://127.0.0.1:${port}`)).toContain(
      `Reached 127.0.0.1:${port}, but ws://127.0.0.1:${port}/mqtt is not an MQTT broker: it refused the WebSocket connection`,
    );
  });

  it('"Test connection" on a plain-http server on another computer: it needs https', async () => {
    // Another name for this machine: to the browser, a remote host over plain http.
    const options = await optionsPage(['--host-resolver-rules=MAP lookover.test 127.0.0.1']);
    const address = `http://lookover.test:${new URL(env.server.url).port}`;
    expect(await options.testConnection(address)).toContain(
      "over plain http: helpers' browsers on other computers turn off the encryption Lookover needs (WebCrypto) without https",
    );
  });

  it('settings saved as a helper page and a broker show as their server; "Reset to defaults" restores', async () => {
    const sharer = await launchSharer();
    onTestFinished(() => sharer.close());
    // What an older version saved: no server, only the two URLs.
    const worker = await (await sharer.browser.waitForTarget((t) => t.type() === 'service_worker')).worker();
    await worker!.evaluate(
      (helperUrl, brokerUrl) => chrome.storage.local.set({ settings: { helperUrl, brokerUrl } }),
      env.server.url,
      env.server.brokerUrl,
    );
    const options = await OptionsPage.open(sharer.browser);
    expect(await options.value('Lookover server')).toBe(serverAddress());
    expect(await options.advancedIsOpen()).toBe(false);
    expect(await options.testConnection(serverAddress())).toContain('Connected');

    await options.resetToDefaults();
    expect(await options.value('Lookover server')).toBe('http://localhost:8787');
    await options.page.reload();
    expect(await options.value('Lookover server')).toBe('http://localhost:8787');
  });

  it('a share works end to end with only "Lookover server" set', async () => {
    const { tab } = await sharerWithTab({ onlyServer: true });
    const { popup, link } = await share(tab);
    const helper = await admitHelper(popup, link);
    await expectLiveVideo(helper, tab);
  });
});
