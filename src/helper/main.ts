import { startEarlyPeer } from './helper-peer.ts';

// The peer first, the page after: the page's script is most of the bundle, and the peer need not
// wait for it to be parsed and run. index.html preloads it meanwhile
// (docs/decisions/0008-spare-peer-and-early-peer.md).
// Over plain http from another address there is no WebCrypto: the page only says why.
if (isSecureContext) startEarlyPeer(location.href);
import('./mount.tsx')
  .then(({ mount }) => mount())
  .catch(() => {
    document.body.textContent = 'Lookover could not load this page. Reload it to try again.';
  });
