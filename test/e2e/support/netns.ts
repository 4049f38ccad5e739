import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHROMIUM } from './browsers.ts';
import { TURN_BIN } from './coturn.ts';

/**
 * Real networks on one machine: network namespaces joined by veth pairs, with nftables NAT routers
 * between a "public" network and two private ones. Only documentation address ranges are used, so
 * nothing here can reach a real host.
 */

export const IP = process.env.IP_PATH ?? '/usr/sbin/ip';
export const NFT = process.env.NFT_PATH ?? '/usr/sbin/nft';
export const TC = process.env.TC_PATH ?? '/usr/sbin/tc';
export const PREFIX = 'lookover-';

export const PUBLIC_HOST = '203.0.113.1';
/** The public network's upstream: nothing answers there. */
const UPSTREAM = '203.0.113.254';

const ip = (...args: string[]) => execFileSync(IP, args, { stdio: ['ignore', 'ignore', 'pipe'] });
const inNs = (ns: string, ...command: string[]) =>
  execFileSync(IP, ['netns', 'exec', ns, ...command], { stdio: ['pipe', 'ignore', 'pipe'] });

const namespaces = () =>
  execFileSync(IP, ['netns', 'list'], { encoding: 'utf8' })
    .split('\n')
    .map((line) => line.split(' ')[0]!)
    .filter(Boolean);

/** Stops what still runs in a namespace (only this module starts processes in them), then deletes it. */
function removeNamespace(ns: string) {
  const pids = execFileSync(IP, ['netns', 'pids', ns], { encoding: 'utf8' }).split(/\s+/).filter(Boolean);
  for (const pid of pids) {
    try {
      process.kill(Number(pid), 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
  ip('netns', 'del', ns);
}

/** What a run that was killed before its cleanup left behind. */
export function removeStaleNamespaces() {
  for (const ns of namespaces()) if (ns.startsWith(PREFIX)) removeNamespace(ns);
}

/** How a router translates its LAN's traffic to the public network. */
export type NatKind = 'port-preserving' | 'symmetric';

export interface Topology {
  /** The public network: the Lookover server and coturn run here, on 203.0.113.1. */
  public: string;
  /** The sharer's network, 192.0.2.0/24 behind its router. */
  home: string;
  /** The helper's network, 198.51.100.0/24 behind its router. */
  office: string;
  /** Sets how the office router translates, and whether it lets UDP out at all. */
  setOfficeNat(kind: NatKind, options?: { dropUdp?: boolean }): void;
  /** Caps what the home router sends to the public network (`tbf`, e.g. `300kbit`); `null` lifts it. */
  capHomeUplink(rate: string | null): void;
  /** How many times the cap held a packet back or dropped it: whether it bit at all. */
  homeUplinkOverlimits(): number;
  /** A process started inside a namespace; `remove` stops it with the rest. */
  spawnIn(ns: string, command: string, args: string[], env?: NodeJS.ProcessEnv): ChildProcess;
  /** A Chromium that runs inside a namespace, as puppeteer's `executablePath`. */
  chromiumIn(ns: string): string;
  remove(): Promise<void>;
}

/**
 * A home router's NAT: `masquerade` keeps the source port when it can, so STUN and hole punching
 * work; `fully-random` takes a new port per destination, which only a TURN relay gets through.
 * The guard is what real routers have: without it the peer's first unsolicited check creates a
 * conntrack entry on the router that takes the very port the LAN host's mapping needs.
 */
const routerRules = (kind: NatKind, dropUdp: boolean) => `table ip nat {
  chain postrouting {
    type nat hook postrouting priority 100; policy accept;
    oifname "wan0" masquerade${kind === 'symmetric' ? ' fully-random' : ''}
  }
}
table inet guard {
  chain input {
    type filter hook input priority 0; policy accept;
    iifname "wan0" ct state new drop
  }
  chain forward {
    type filter hook forward priority 0; policy accept;
    iifname "wan0" ct state new drop
${dropUdp ? '    meta l4proto udp drop\n' : ''}  }
}
`;

export function buildTopology(): Topology {
  const id = Math.random().toString(36).slice(2, 7);
  const name = (role: string) => `${PREFIX}${id}-${role}`;
  const made: string[] = [];
  const children: ChildProcess[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'lookover-netns-'));

  const add = (role: string) => {
    const ns = name(role);
    ip('netns', 'add', ns);
    made.push(ns);
    ip('-n', ns, 'link', 'set', 'lo', 'up');
    return ns;
  };
  /** A veth pair made inside the namespaces, so no interface name is ever taken on the host. */
  const link = (a: string, aName: string, b: string, bName: string) => {
    ip('-n', a, 'link', 'add', aName, 'type', 'veth', 'peer', 'name', bName, 'netns', b);
    ip('-n', a, 'link', 'set', aName, 'up');
    ip('-n', b, 'link', 'set', bName, 'up');
  };
  const address = (ns: string, dev: string, cidr: string) => ip('-n', ns, 'addr', 'add', cidr, 'dev', dev);
  const nft = (ns: string, rules: string) =>
    execFileSync(IP, ['netns', 'exec', ns, NFT, '-f', '-'], {
      input: rules,
      stdio: ['pipe', 'ignore', 'pipe'],
    });

  const remove = async () => {
    await Promise.all(
      children.map(async (child) => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
        await exited;
        clearTimeout(timer);
      }),
    );
    for (const ns of made.splice(0)) removeNamespace(ns);
    rmSync(dir, { recursive: true, force: true });
  };

  try {
    const pub = add('pub');
    ip('-n', pub, 'link', 'add', 'br0', 'type', 'bridge');
    ip('-n', pub, 'link', 'set', 'br0', 'up');
    address(pub, 'br0', `${PUBLIC_HOST}/24`);
    // A default route into a void, as a host on the internet has an upstream: coturn tries the
    // helpers' private host candidates as peers, and on a host with no route to them the send fails
    // and coturn closes the whole allocation, relayed media and all. Upstream, they are just lost.
    ip('-n', pub, 'link', 'add', 'up0', 'type', 'veth', 'peer', 'name', 'up1');
    ip('-n', pub, 'link', 'set', 'up0', 'up');
    ip('-n', pub, 'link', 'set', 'up1', 'up');
    ip('-n', pub, 'route', 'add', 'default', 'via', UPSTREAM, 'dev', 'up0', 'onlink');
    ip(
      '-n',
      pub,
      'neigh',
      'replace',
      UPSTREAM,
      'lladdr',
      '02:00:00:00:00:fe',
      'dev',
      'up0',
      'nud',
      'permanent',
    );

    const router = (role: string, wan: string, lanCidr: string, hostCidr: string, gateway: string) => {
      const r = add(`${role}r`);
      const lan = add(role);
      link(r, 'wan0', pub, `${role}0`);
      ip('-n', pub, 'link', 'set', `${role}0`, 'master', 'br0');
      address(r, 'wan0', `${wan}/24`);
      link(r, 'lan0', lan, 'eth0');
      address(r, 'lan0', lanCidr);
      address(lan, 'eth0', hostCidr);
      ip('-n', lan, 'route', 'add', 'default', 'via', gateway);
      // /proc/sys/net is the namespace's own; no sysctl binary needed.
      inNs(r, 'sh', '-c', 'echo 1 > /proc/sys/net/ipv4/ip_forward');
      return { router: r, lan };
    };
    const home = router('home', '203.0.113.2', '192.0.2.1/24', '192.0.2.2/24', '192.0.2.1');
    const office = router('office', '203.0.113.3', '198.51.100.1/24', '198.51.100.2/24', '198.51.100.1');
    nft(home.router, routerRules('port-preserving', false));

    const setOfficeNat = (kind: NatKind, options: { dropUdp?: boolean } = {}) => {
      inNs(office.router, NFT, 'flush', 'ruleset');
      nft(office.router, routerRules(kind, options.dropUdp ?? false));
    };
    setOfficeNat('port-preserving');

    const capHomeUplink = (rate: string | null) => {
      if (rate === null) inNs(home.router, TC, 'qdisc', 'del', 'dev', 'wan0', 'root');
      else
        inNs(
          home.router,
          TC,
          'qdisc',
          'replace',
          'dev',
          'wan0',
          'root',
          'tbf',
          'rate',
          rate,
          'burst',
          '8kb',
          'latency',
          '200ms',
        );
    };

    const homeUplinkOverlimits = () => {
      const out = execFileSync(IP, ['netns', 'exec', home.router, TC, '-s', 'qdisc', 'show', 'dev', 'wan0'], {
        encoding: 'utf8',
      });
      return Number(/overlimits (\d+)/.exec(out)?.[1] ?? 0);
    };

    return {
      public: pub,
      capHomeUplink,
      homeUplinkOverlimits,
      home: home.lan,
      office: office.lan,
      setOfficeNat,
      spawnIn(ns, command, args, env = process.env) {
        const child = spawn(IP, ['netns', 'exec', ns, command, ...args], {
          env,
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        children.push(child);
        return child;
      },
      chromiumIn(ns) {
        const path = join(dir, `chromium-${ns}`);
        writeFileSync(path, `#!/bin/sh\nexec ${IP} netns exec ${ns} ${CHROMIUM} "$@"\n`);
        chmodSync(path, 0o755);
        return path;
      },
      remove,
    };
  } catch (error) {
    void remove();
    throw error;
  }
}

/** Resolves once the process prints `ready`; rejects with what it printed if it exits first. */
export function waitForOutput(child: ChildProcess, ready: RegExp, what: string, timeoutMs = 20_000) {
  return new Promise<void>((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`${what} did not start:\n${output}`)), timeoutMs);
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      if (ready.test(output)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', read);
    child.stderr!.on('data', read);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${what} exited (${code}):\n${output}`));
    });
  });
}

/** coturn on the public network, taking TURN REST credentials made with `secret` (`use-auth-secret`). */
export function startCoturn(net: Topology, dir: string, secret: string, port = 3478): ChildProcess {
  return net.spawnIn(net.public, TURN_BIN, [
    '-n',
    `--listening-ip=${PUBLIC_HOST}`,
    `--listening-port=${port}`,
    `--relay-ip=${PUBLIC_HOST}`,
    '--min-port=49152',
    '--max-port=49352',
    '--use-auth-secret',
    `--static-auth-secret=${secret}`,
    '--realm=lookover.test',
    '--fingerprint',
    '--no-tls',
    '--no-dtls',
    '--no-cli',
    `--userdb=${join(dir, 'turndb')}`,
    `--pidfile=${join(dir, 'turnserver.pid')}`,
    '--log-file=stdout',
  ]);
}
