import browser from 'webextension-polyfill';
import { iceServersOrNone } from '../../src/core/signaling/ice-from-server.ts';
import { connectMqtt } from '../../src/core/signaling/mqtt.ts';
import { failures } from '../../src/core/util/failures.ts';
import { captureForShare } from '../../src/extension/capture.ts';
import { createPeerToHelper } from '../../src/extension/peer-to-helper.ts';
import { isFor, type StateBroadcast, type ToOffscreen } from '../../src/extension/messages.ts';
import {
  allowedFor,
  contextOf,
  MAY_SEND_TO_OFFSCREEN,
  maySend,
  ownExtension,
  type Sender,
} from '../../src/extension/senders.ts';
import { createShareController } from '../../src/extension/share-session.ts';

const controller = createShareController({
  broadcast(state) {
    const message: StateBroadcast = { to: 'all', type: 'state', state };
    // Nobody listening (popup closed, worker asleep) is fine: the worker wakes for the next one.
    browser.runtime.sendMessage(message).catch(() => undefined);
  },
  capture: captureForShare,
  connect: (brokerUrl, sessionId) => connectMqtt(brokerUrl, { sessionId }),
  createPeer: createPeerToHelper,
  failures,
  serverIce: (helperUrl) => iceServersOrNone(helperUrl, fetch, failures),
});

const ok = { ok: true } as const;

const own = ownExtension(browser.runtime);

browser.runtime.onMessage.addListener((message: unknown, sender: Sender) => {
  if (!isFor<ToOffscreen>('offscreen', message)) return undefined;
  if (!maySend(allowedFor(MAY_SEND_TO_OFFSCREEN, message.type), contextOf(sender, own))) {
    failures.report('command from a stranger', new Error(`refused ${message.type} from ${sender.url}`));
    return Promise.resolve({ ok: false, error: 'Not allowed from here.' });
  }
  switch (message.type) {
    case 'start':
      controller.start(message);
      return Promise.resolve(ok);
    case 'stop':
      return controller.stop(message.reason).then(() => ok);
    case 'get-state':
      return Promise.resolve(controller.getState());
    case 'get-stats':
      return Promise.resolve(controller.stats());
    case 'admit':
    case 'deny':
    case 'remove':
      controller[message.type](message.id);
      return Promise.resolve(ok);
    case 'pause':
      controller.setPaused(message.paused);
      return Promise.resolve(ok);
    case 'annotations':
      controller.setAnnotations(message.visible);
      return Promise.resolve(ok);
    case 'clear-annotations':
      controller.clearAnnotations();
      return Promise.resolve(ok);
    case 'keep-sharing':
      controller.keepSharing();
      return Promise.resolve(ok);
  }
});

browser.runtime.onConnect.addListener((port) => controller.attachOverlay(port));
