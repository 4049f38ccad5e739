import { serveBenchPages } from './floor-pages.ts';

/**
 * The bench pages served from inside a network namespace (networks.ts): each browser opens them on
 * its own 127.0.0.1, a secure context, so the floor can call getDisplayMedia there without TLS.
 * Usage: tsx test/bench/serve-pages.ts PORT TITLE
 */
const [port, title] = process.argv.slice(2);
const pages = await serveBenchPages(title ?? 'Lookover bench', Number(port));
console.log(`pages ready at ${pages.url}`);
