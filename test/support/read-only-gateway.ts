/**
 * A wire-protocol gateway in front of the test database that makes one database read-only, as MongoDB does for a user
 * holding only the `read` role on it. Neither test engine enforces users or roles (mongo-java-server has no
 * authentication; FerretDB v1 on SQLite has no createUser or role checks), so this is the nearest real path: the bot's
 * real driver talks to a real engine, and a write command on the protected database gets MongoDB's own refusal
 * (`Unauthorized`, code 13) instead of reaching it. Everything else, reads of that database included, passes through.
 *
 * Messages are framed by their length header; only OP_MSG (opcode 2013) is looked into: its body section names the
 * command (first key) and the database (`$db`). The driver sends no compressed messages unless asked to.
 */
import { createServer, type Server, type Socket, connect } from 'node:net';
import { BSON } from 'mongodb';

const OP_MSG = 2013;
/** Commands that change data or metadata; a `read` user is refused each of them. */
const WRITE_COMMANDS = new Set([
  'insert',
  'update',
  'delete',
  'findandmodify',
  'createindexes',
  'dropindexes',
  'create',
  'drop',
  'dropdatabase',
  'renamecollection',
  'collmod',
]);

/** A running gateway. */
export interface ReadOnlyGateway {
  port: number;
  /** The connection string rewritten to go through the gateway. */
  rewrite(mongoUrl: string): string;
  /** Write commands refused so far, by command name. */
  refused: string[];
  close(): Promise<void>;
}

/** The command and database of an OP_MSG, or undefined for anything else. */
function opMsgCommand(message: Buffer): { name: string; db: string; requestId: number } | undefined {
  if (message.readInt32LE(12) !== OP_MSG) return undefined;
  let offset = 20; // header (16) + flagBits (4)
  while (offset < message.length) {
    const kind = message.readUInt8(offset);
    offset += 1;
    const size = message.readInt32LE(offset);
    if (kind === 0) {
      const body = BSON.deserialize(message.subarray(offset, offset + size));
      const name = Object.keys(body)[0] ?? '';
      return { name, db: String(body.$db ?? ''), requestId: message.readInt32LE(4) };
    }
    offset += size;
  }
  return undefined;
}

/** MongoDB's answer to a command the user has no right to run. */
function unauthorized(requestId: number, name: string, db: string): Buffer {
  const body = BSON.serialize({
    ok: 0,
    errmsg: `not authorized on ${db} to execute command { ${name}: ... }`,
    code: 13,
    codeName: 'Unauthorized',
  });
  const header = Buffer.alloc(21);
  header.writeInt32LE(16 + 4 + 1 + body.length, 0);
  header.writeInt32LE((Math.random() * 2 ** 31) | 0, 4);
  header.writeInt32LE(requestId, 8);
  header.writeInt32LE(OP_MSG, 12);
  header.writeUInt32LE(0, 16);
  header.writeUInt8(0, 20);
  return Buffer.concat([header, body]);
}

/** Starts a gateway to `target` on a free local port; writes to `readOnlyDb` are refused. */
export async function startReadOnlyGateway(target: { host: string; port: number }, readOnlyDb: string): Promise<ReadOnlyGateway> {
  const sockets = new Set<Socket>();
  const refused: string[] = [];
  const server: Server = createServer((client) => {
    const upstream = connect(target.port, target.host);
    for (const sock of [client, upstream]) {
      sockets.add(sock);
      sock.on('close', () => sockets.delete(sock));
      sock.on('error', () => sock.destroy());
    }
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
    upstream.pipe(client);
    let pending = Buffer.alloc(0);
    client.on('data', (chunk: Buffer) => {
      pending = Buffer.concat([pending, chunk]);
      while (pending.length >= 4 && pending.length >= pending.readInt32LE(0)) {
        const length = pending.readInt32LE(0);
        const message = pending.subarray(0, length);
        pending = pending.subarray(length);
        const command = opMsgCommand(message);
        if (command && command.db === readOnlyDb && WRITE_COMMANDS.has(command.name.toLowerCase())) {
          refused.push(command.name);
          client.write(unauthorized(command.requestId, command.name, command.db));
        } else {
          upstream.write(message);
        }
      }
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    port,
    refused,
    rewrite: (mongoUrl) => mongoUrl.replace(/^(mongodb:\/\/)([^/?]+)/, `$1127.0.0.1:${port}`),
    close: () =>
      new Promise<void>((resolve) => {
        for (const sock of sockets) sock.destroy();
        server.close(() => resolve());
      }),
  };
}
