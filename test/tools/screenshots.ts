/**
 * Regenerates the README's screenshots from the real product: `npm run screenshots` (after a
 * build). A Lookover server, a sharer's Chromium with the built extension on a demo page, and a
 * helper's Chromium, driven through the same page objects as the end-to-end tests.
 */
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startServer } from '../../src/server/server.ts';
import { inLanguage, launchHelper, launchSharer } from '../e2e/support/browsers.ts';
import { HelperPage, OptionsPage, SharedTab, type Popup } from '../e2e/support/pages.ts';

const out = (name: string) => new URL(`../../assets/${name}`, import.meta.url);
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A page someone could plausibly need help with. */
const DEMO = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Acme Billing: payment method</title>
<style>
body{font:16px system-ui,sans-serif;margin:0;background:#f6f7f9;color:#1f2328}
header{background:#24292f;color:#fff;padding:14px 32px;font-weight:600}
main{max-width:560px;margin:32px auto;background:#fff;border:1px solid #d0d7de;border-radius:8px;padding:24px 32px}
label{display:block;margin:14px 0 4px;font-weight:600}input,select{width:100%;padding:8px;font:inherit;border:1px solid #d0d7de;border-radius:6px;box-sizing:border-box}
.row{display:flex;gap:12px}.row>div{flex:1}button{margin-top:20px;padding:10px 18px;font:inherit;background:#1f883d;color:#fff;border:0;border-radius:6px}
.note{color:#57606a;font-size:14px}
</style></head><body><header>Acme Billing</header><main>
<h2>Update your payment method</h2><p class="note">Your next invoice is due on 15 December.</p>
<label>Name on card</label><input value="Sam Rivera">
<label>Card number</label><input value="4242 4242 4242 4242">
<div class="row"><div><label>Expiry</label><input value="08 / 27"></div><div><label>CVC</label><input placeholder="3 digits"></div></div>
<label>Billing country</label><select><option>Portugal</option></select>
<button>Save payment method</button></main></body></html>`;

async function shoot(popup: Popup, name: string) {
  writeFileSync(out(name), await popup.page.screenshot({ type: 'png' }));
}

const server = await startServer({ port: 0, host: '127.0.0.1' });
const site = createServer((_req, res) => res.end(DEMO)).listen(0, '127.0.0.1');
await new Promise((resolve) => site.once('listening', resolve));
const siteUrl = `http://127.0.0.1:${(site.address() as AddressInfo).port}/`;
const sharer = await launchSharer();
const helperBrowser = await launchHelper();
try {
  const options = await OptionsPage.open(sharer.browser);
  await options.useServer(server.url, server.brokerUrl, { 'Your name': 'Sam' });
  const tab = await SharedTab.open(sharer.browser, siteUrl);
  const { popup, link } = await tab.startSharing('tab');
  const helper = await HelperPage.open(helperBrowser.browser, link);
  await helper.knock('Ana');
  await popup.requestCode('Ana');
  await shoot(popup, 'screenshot-request.png');
  await popup.allow('Ana');
  await helper.waitForPhase('live');
  await popup.waitForText('connected');

  await helper.use('Rectangle');
  await helper.drag([0.215, 0.515], [0.78, 0.625]);
  await helper.use('Arrow');
  await helper.drag([0.06, 0.42], [0.2, 0.55]);
  await helper.use('Text');
  await helper.label([0.8, 0.55], 'This number');
  await helper.use('Highlighter');
  await helper.drag([0.226, 0.325], [0.51, 0.325]);
  await helper.pointAt(0.62, 0.7);
  await pause(1_500);
  writeFileSync(out('screenshot-helper.png'), await helper.page.screenshot({ type: 'png' }));
  writeFileSync(out('screenshot-sharer.png'), await tab.page.screenshot({ type: 'png' }));
  await shoot(popup, 'screenshot-popup.png');

  // The Chinese UI: a helper asked their name, and a sharer's popup before sharing.
  const chineseHelper = await launchHelper(inLanguage('zh-CN'));
  const chineseSharer = await launchSharer(inLanguage('zh-CN'));
  try {
    const asked = await HelperPage.open(chineseHelper.browser, link);
    await asked.waitForPhase('naming');
    writeFileSync(out('screenshot-zh-CN-helper.png'), await asked.page.screenshot({ type: 'png' }));
    const chineseTab = await SharedTab.open(chineseSharer.browser, siteUrl);
    await shoot(await chineseTab.openPopup(), 'screenshot-zh-CN-popup.png');
  } finally {
    await chineseHelper.close();
    await chineseSharer.close();
  }
  console.log('Wrote assets/screenshot-{request,popup,helper,sharer,zh-CN-helper,zh-CN-popup}.png');
} finally {
  await helperBrowser.close();
  await sharer.close();
  site.close();
  await server.close();
}
