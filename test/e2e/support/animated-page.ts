import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A page worth sharing: tab capture only emits frames when the page repaints, so it animates.
 * Its colours stay far from the overlay's pointer colour, so a pixel check cannot mistake one for the other.
 */
export const animatedPage = (title: string) => `<!doctype html>
<html><head><meta charset="utf-8"><title>${title}</title>
<style>html,body{margin:0;height:100%;background:#e9eef3;font:16px sans-serif;overflow:hidden}
#box{position:absolute;top:40px;left:0;width:120px;height:80px;background:#2b6cb0}</style></head>
<body><h1 style="margin:160px 40px">Checkout form</h1><div id="box"></div>
<script>
const box = document.getElementById('box');
let t = 0;
(function frame(){ t += 1; box.style.transform = 'translateX(' + (t * 4 % 600) + 'px)'; requestAnimationFrame(frame); })();
</script></body></html>`;

export async function serveAnimatedPage() {
  const title = `Lookover test page ${Math.random().toString(36).slice(2, 8)}`;
  const server = createServer((_req, res) => {
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    res.end(animatedPage(title));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    title,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
