/**
 * Incoming messages: the `__my_messages__` stream frame normalised into a plain, typed message.
 * Pure: no SDK, no I/O. Anything malformed becomes `undefined`, never an exception.
 */

/** A file attached to a message, as Rocket.Chat stores it. */
export interface IncomingFile {
  id: string;
  name: string;
  type?: string;
  size?: number;
  /** Server-relative download path on Rocket.Chat, built from the id: `/file-upload/<id>/<name>`. */
  path: string;
}

/** One message from the stream, with the room facts Rocket.Chat sends beside it. */
export interface IncomingMessage {
  id: string;
  roomId: string;
  /** Rocket.Chat room type: c channel, p private group, d direct, l livechat ('' when unknown). */
  roomType: string;
  roomName?: string;
  /** False for public channels the bot can read but has not joined. */
  roomParticipant: boolean;
  text: string;
  sender: { id: string; username: string; name?: string };
  mentions: { id: string; username: string }[];
  /** Thread id when the message is a thread reply. */
  threadId?: string;
  /** Set when the message was edited: re-emitted with the same id. */
  editedAt?: Date;
  /** System message type (`uj`, `ru`, …); regular messages have none. */
  systemType?: string;
  /** True for messages from integrations, apps and other bots. */
  fromBot: boolean;
  files: IncomingFile[];
  sentAt: Date;
}

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** Reads an EJSON `{ $date }`, an ISO string or a millisecond number. */
function readDate(v: unknown): Date | undefined {
  const raw = isObject(v) ? v.$date : v;
  if (typeof raw !== 'number' && typeof raw !== 'string') return undefined;
  const date = new Date(raw);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/**
 * Rocket.Chat's download path of an uploaded file, from its id and name (how Rocket.Chat itself links an upload:
 * `/file-upload/<_id>/<name>`, apps/meteor/app/file-upload/server/lib/FileUpload.ts `getPath`). A message's own
 * `attachments[].title_link` is never used: the sender chooses it, and it may name any host.
 */
export function fileUploadPath(id: string, name: string): string {
  return `/file-upload/${encodeURIComponent(id)}/${encodeURIComponent(name)}`;
}

function readFiles(message: Json): IncomingFile[] {
  const list = Array.isArray(message.files) ? message.files : isObject(message.file) ? [message.file] : [];
  return list.filter(isObject).flatMap((f) => {
    const id = str(f._id);
    const name = str(f.name);
    if (!id || !name) return [];
    const file: IncomingFile = { id, name, path: fileUploadPath(id, name) };
    if (typeof f.type === 'string') file.type = f.type;
    if (typeof f.size === 'number') file.size = f.size;
    return [file];
  });
}

/** The message in a `stream-room-messages` frame for `__my_messages__`, or undefined when it is not one. */
export function parseStreamFrame(frame: unknown): IncomingMessage | undefined {
  if (!isObject(frame) || frame.msg !== 'changed' || !isObject(frame.fields)) return undefined;
  const { eventName, args } = frame.fields;
  if (eventName !== '__my_messages__' || !Array.isArray(args)) return undefined;
  const [message, meta] = args as unknown[];
  if (!isObject(message) || !isObject(message.u)) return undefined;
  const id = str(message._id);
  const roomId = str(message.rid);
  const senderId = str(message.u._id);
  const username = str(message.u.username);
  if (!id || !roomId || !senderId || !username) return undefined;

  const m: IncomingMessage = {
    id,
    roomId,
    roomType: isObject(meta) ? (str(meta.roomType) ?? '') : '',
    roomParticipant: isObject(meta) && meta.roomParticipant === true,
    text: str(message.msg) ?? '',
    sender: { id: senderId, username },
    mentions: (Array.isArray(message.mentions) ? message.mentions : []).filter(isObject).flatMap((x) => {
      const mid = str(x._id);
      const mname = str(x.username);
      return mid && mname ? [{ id: mid, username: mname }] : [];
    }),
    fromBot: message.bot !== undefined && message.bot !== null && message.bot !== false,
    files: readFiles(message),
    sentAt: readDate(message.ts) ?? new Date(0),
  };
  const roomName = isObject(meta) ? str(meta.roomName) : undefined;
  if (roomName) m.roomName = roomName;
  const name = str(message.u.name);
  if (name) m.sender.name = name;
  const tmid = str(message.tmid);
  if (tmid) m.threadId = tmid;
  const editedAt = readDate(message.editedAt);
  if (editedAt) m.editedAt = editedAt;
  const t = str(message.t);
  if (t) m.systemType = t;
  return m;
}
