import { pickLanguage } from '../i18n/language.ts';
import { startEarlyPeer } from './helper-peer.ts';

// The peer first, the page after: the page's script is most of the bundle, and the peer need not
// wait for it to be parsed and run. index.html preloads it meanwhile
// (docs/decisions/0008-spare-peer-and-early-peer.md).
// Over plain http from another address there is no WebCrypto: the page only says why.
if (isSecureContext) startEarlyPeer(location.href);
import('./mount.tsx')
  .then(({ mount }) => mount())
  .catch(() => {
    // The rest of the page is what failed to load, and the catalog with it.
    document.body.textContent = __LOOKOVER_LOAD_FAILED__[pickLanguage(navigator.languages)];
  });
