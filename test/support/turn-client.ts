import { createHash, createHmac, randomBytes } from 'node:crypto';
import { createSocket, type Socket } from 'node:dgram';
import { isIPv6 } from 'node:net';

// Just enough of STUN (RFC 5389) and TURN (RFC 5766) over UDP to ask a real relay for an allocation
// and a permission with long-term credentials, as a browser does with a TURN server's username
// and credential. Only ever sent to a relay on loopback.

const MAGIC = 0x2112a442;
const ALLOCATE = 0x0003;
const CREATE_PERMISSION = 0x0008;
const SUCCESS = 0x0100;
const ERROR = 0x0110;
const ATTR = {
  USERNAME: 0x0006,
  MESSAGE_INTEGRITY: 0x0008,
  ERROR_CODE: 0x0009,
  XOR_PEER_ADDRESS: 0x0012,
  REALM: 0x0014,
  NONCE: 0x0015,
  REQUESTED_ADDRESS_FAMILY: 0x0017,
  REQUESTED_TRANSPORT: 0x0019,
} as const;

type Attribute = [type: number, value: Buffer];

function attribute([type, value]: Attribute): Buffer {
  const header = Buffer.alloc(4);
  header.writeUInt16BE(type, 0);
  header.writeUInt16BE(value.length, 2);
  return Buffer.concat([header, value, Buffer.alloc((4 - (value.length % 4)) % 4)]);
}

/** A request; with `key`, signed by MESSAGE-INTEGRITY over everything before it. */
function message(method: number, id: Buffer, attributes: Attribute[], key?: Buffer): Buffer {
  const body = Buffer.concat(attributes.map(attribute));
  const header = Buffer.alloc(20);
  header.writeUInt16BE(method, 0);
  header.writeUInt32BE(MAGIC, 4);
  id.copy(header, 8);
  if (!key) {
    header.writeUInt16BE(body.length, 2);
    return Buffer.concat([header, body]);
  }
  header.writeUInt16BE(body.length + 24, 2);
  const integrity = createHmac('sha1', key)
    .update(Buffer.concat([header, body]))
    .digest();
  return Buffer.concat([header, body, attribute([ATTR.MESSAGE_INTEGRITY, integrity])]);
}

interface Reply {
  success: boolean;
  errorCode: number | null;
  attributes: Map<number, Buffer>;
}

function parse(packet: Buffer): Reply {
  const type = packet.readUInt16BE(0);
  const attributes = new Map<number, Buffer>();
  for (let at = 20; at + 4 <= packet.length;) {
    const kind = packet.readUInt16BE(at);
    const length = packet.readUInt16BE(at + 2);
    attributes.set(kind, packet.subarray(at + 4, at + 4 + length));
    at += 4 + length + ((4 - (length % 4)) % 4);
  }
  const error = attributes.get(ATTR.ERROR_CODE);
  return {
    success: (type & 0x0110) === SUCCESS,
    errorCode: (type & 0x0110) === ERROR && error ? (error[2]! & 7) * 100 + error[3]! : null,
    attributes,
  };
}

/** RFC 5389's XOR-MAPPED-ADDRESS form: port and address XORed with the cookie and, for IPv6, the id. */
function xorPeerAddress(peer: string, id: Buffer): Buffer {
  const v6 = isIPv6(peer);
  const address = v6 ? ipv6Bytes(peer) : Buffer.from(peer.split('.').map(Number));
  const mask = Buffer.alloc(16);
  mask.writeUInt32BE(MAGIC, 0);
  id.copy(mask, 4);
  const value = Buffer.alloc(4 + address.length);
  value[1] = v6 ? 0x02 : 0x01;
  value.writeUInt16BE(3478 ^ (MAGIC >>> 16), 2);
  address.forEach((byte, i) => (value[4 + i] = byte ^ mask[i]!));
  return value;
}

function ipv6Bytes(address: string): Buffer {
  const [head = '', tail = ''] = address.split('::');
  const groups = (part: string) => (part === '' ? [] : part.split(':'));
  const fill = 8 - groups(head).length - groups(tail).length;
  const all = [
    ...groups(head),
    ...new Array<string>(address.includes('::') ? fill : 0).fill('0'),
    ...groups(tail),
  ];
  const bytes = Buffer.alloc(16);
  all.forEach((group, i) => bytes.writeUInt16BE(parseInt(group, 16), i * 2));
  return bytes;
}

/**
 * One TURN client on a UDP socket of its own, talking to the relay at `host`:`port` (loopback), for a
 * relay address of the same family.
 */
export async function turnClient(port: number, host = '127.0.0.1') {
  const v6 = isIPv6(host);
  const socket: Socket = createSocket(v6 ? 'udp6' : 'udp4');
  await new Promise<void>((resolve) => socket.bind(0, host, resolve));
  const ask = (packet: Buffer) =>
    new Promise<Reply>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the relay did not answer')), 3000);
      socket.once('message', (reply: Buffer) => {
        clearTimeout(timer);
        resolve(parse(reply));
      });
      socket.send(packet, port, host);
    });
  let signed: { key: Buffer; attributes: Attribute[] } | null = null;

  return {
    /** `allocated`, or the error code the relay refused the credential with. */
    async allocate(username: string, password: string): Promise<'allocated' | number> {
      const transport: Attribute[] = [
        [ATTR.REQUESTED_TRANSPORT, Buffer.from([17, 0, 0, 0])],
        ...(v6 ? [[ATTR.REQUESTED_ADDRESS_FAMILY, Buffer.from([2, 0, 0, 0])] as Attribute] : []),
      ];
      const challenge = await ask(message(ALLOCATE, randomBytes(12), transport));
      const realm = challenge.attributes.get(ATTR.REALM);
      const nonce = challenge.attributes.get(ATTR.NONCE);
      if (challenge.errorCode !== 401 || !realm || !nonce) throw new Error('no 401 challenge');
      const key = createHash('md5').update(`${username}:${realm.toString()}:${password}`).digest();
      const attributes: Attribute[] = [
        [ATTR.USERNAME, Buffer.from(username)],
        [ATTR.REALM, realm],
        [ATTR.NONCE, nonce],
      ];
      const reply = await ask(message(ALLOCATE, randomBytes(12), [...transport, ...attributes], key));
      if (!reply.success) return reply.errorCode ?? 0;
      signed = { key, attributes };
      return 'allocated';
    },
    /** After `allocate`: whether the relay lets this allocation talk to `peer`, or its error code. */
    async permit(peer: string): Promise<'permitted' | number> {
      if (!signed) throw new Error('allocate first');
      const id = randomBytes(12);
      const peerAddress: Attribute = [ATTR.XOR_PEER_ADDRESS, xorPeerAddress(peer, id)];
      const reply = await ask(
        message(CREATE_PERMISSION, id, [peerAddress, ...signed.attributes], signed.key),
      );
      return reply.success ? 'permitted' : (reply.errorCode ?? 0);
    },
    close: () => socket.close(),
  };
}
