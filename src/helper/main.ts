import { startEarlyPeer } from './helper-peer.ts';

// The peer first, the page after: the page's script is most of the bundle, and the peer need not
// wait for it to be parsed and run (issue 5, time to picture). index.html preloads it meanwhile.
startEarlyPeer(location.href);
import('./mount.tsx')
  .then(({ mount }) => mount())
  .catch(() => {
    document.body.textContent = 'Lookover could not load this page. Reload it to try again.';
  });
