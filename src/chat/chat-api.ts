/**
 * What the rest of the bot may do in Rocket.Chat, as the bot: send, update, delete, upload, download,
 * resolve rooms, check its own permissions, and raw REST for anything else. Implemented over the
 * link's REST session (and its socket for the one edit REST cannot do), so callers never see the SDK.
 */
import type { Attachment } from '../cards/attachments.js';
import type { BotIdentity, ChatLink } from './link.js';
import { type CallOptions, RestError } from './rest.js';

/** A message to send or to replace an existing one with. */
export interface OutgoingMessage {
  text: string;
  attachments?: Attachment[];
  /** Thread to post into (the triggering message's thread). */
  threadId?: string;
}

/** A message Rocket.Chat accepted. */
export interface SentMessage {
  id: string;
  roomId: string;
}

/** A file to upload into a room, with the message that carries it. */
export interface FileToUpload {
  fileName: string;
  contentType: string;
  content: Buffer;
  description?: string;
  text?: string;
  threadId?: string;
}

/** A room as Rocket.Chat describes it. */
export interface RoomInfo {
  id: string;
  name?: string;
  /** c channel, p private group, d direct, l livechat. */
  type: string;
}

/** Rocket.Chat as the bot account; handed to services so features never touch the SDK. */
export interface ChatApi {
  self(): BotIdentity;
  sendMessage(roomId: string, message: OutgoingMessage): Promise<SentMessage>;
  /**
   * Replaces a message's text, and its attachments when given. REST `chat.update` changes text only,
   * so attachments go through the `updateMessage` method on the socket; throws if the server refuses.
   */
  updateMessage(roomId: string, messageId: string, message: OutgoingMessage): Promise<void>;
  deleteMessage(roomId: string, messageId: string): Promise<void>;
  uploadFile(roomId: string, file: FileToUpload): Promise<SentMessage>;
  /** Downloads a file message's server-relative path (IncomingFile.path). */
  downloadFile(path: string, maxBytes?: number): Promise<Buffer>;
  /** The DM room with a user, created if needed. */
  directRoomId(username: string): Promise<string>;
  findRoom(nameOrId: string): Promise<RoomInfo>;
  /** The Rocket.Chat permissions the bot account holds, from its roles. */
  ownPermissions(): Promise<Set<string>>;
  get<T>(path: string, query?: Record<string, string>, options?: CallOptions): Promise<T>;
  post<T>(path: string, body?: unknown): Promise<T>;
  /** Rocket.Chat's `/api/info`, asked with the bot's session (full details when the bot holds view-statistics). */
  serverInfo<T>(): Promise<T>;
}

interface MessageBody {
  message?: { _id?: string; rid?: string };
}

const DEFAULT_DOWNLOAD_LIMIT = 10 * 1024 * 1024;

function sent(body: MessageBody, roomId: string, what: string): SentMessage {
  const id = body.message?._id;
  if (!id) throw new RestError('POST', what, 200, 'the answer carried no message id');
  return { id, roomId: body.message?.rid ?? roomId };
}

/** The ChatApi over a started link. */
export function createChatApi(link: ChatLink): ChatApi {
  const { rest } = link;

  async function uploadViaMedia(roomId: string, file: FileToUpload, form: FormData): Promise<SentMessage> {
    const stored = await rest.postForm<{ file?: { _id?: string } }>(`rooms.media/${roomId}`, form);
    const fileId = stored.file?._id;
    if (!fileId) throw new RestError('POST', `rooms.media/${roomId}`, 200, 'the answer carried no file id');
    // mediaConfirm on 7.x rejects unknown keys: send only msg, description, tmid.
    const confirm: Record<string, string> = {};
    if (file.text) confirm.msg = file.text;
    if (file.description) confirm.description = file.description;
    if (file.threadId) confirm.tmid = file.threadId;
    return sent(await rest.post<MessageBody>(`rooms.mediaConfirm/${roomId}/${fileId}`, confirm), roomId, 'rooms.mediaConfirm');
  }

  function formWith(file: FileToUpload): FormData {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(file.content)], { type: file.contentType }), file.fileName);
    return form;
  }

  return {
    self: () => link.identity(),

    async sendMessage(roomId, message) {
      const body: Record<string, unknown> = { rid: roomId, msg: message.text };
      if (message.attachments?.length) body.attachments = message.attachments;
      if (message.threadId) body.tmid = message.threadId;
      return sent(await rest.post<MessageBody>('chat.sendMessage', { message: body }), roomId, 'chat.sendMessage');
    },

    async updateMessage(roomId, messageId, message) {
      if (message.attachments) {
        await link.callMethod('updateMessage', { _id: messageId, rid: roomId, msg: message.text, attachments: message.attachments });
        return;
      }
      await rest.post('chat.update', { roomId, msgId: messageId, text: message.text });
    },

    async deleteMessage(roomId, messageId) {
      await rest.post('chat.delete', { roomId, msgId: messageId });
    },

    async uploadFile(roomId, file) {
      try {
        return await uploadViaMedia(roomId, file, formWith(file));
      } catch (error) {
        // rooms.media arrived in 6.8 and rooms.upload left in 8.0: older servers only have the one-shot route.
        if (!(error instanceof RestError && error.status === 404 && error.path.startsWith('rooms.media/'))) throw error;
        const form = formWith(file);
        if (file.text) form.append('msg', file.text);
        if (file.description) form.append('description', file.description);
        if (file.threadId) form.append('tmid', file.threadId);
        return sent(await rest.postForm<MessageBody>(`rooms.upload/${roomId}`, form), roomId, 'rooms.upload');
      }
    },

    downloadFile: (path, maxBytes = DEFAULT_DOWNLOAD_LIMIT) => rest.download(path, maxBytes),

    async directRoomId(username) {
      const body = await rest.post<{ room?: { _id?: string; rid?: string } }>('im.create', { username });
      const id = body.room?._id ?? body.room?.rid;
      if (!id) throw new RestError('POST', 'im.create', 200, 'the answer carried no room id');
      return id;
    },

    async findRoom(nameOrId) {
      const read = async (query: Record<string, string>) => {
        const body = await rest.get<{ room?: { _id?: string; name?: string; t?: string } }>('rooms.info', query);
        if (!body.room?._id) throw new RestError('GET', 'rooms.info', 200, 'the answer carried no room');
        const room: RoomInfo = { id: body.room._id, type: body.room.t ?? '' };
        if (body.room.name) room.name = body.room.name;
        return room;
      };
      try {
        return await read({ roomName: nameOrId });
      } catch (error) {
        if (!(error instanceof RestError) || error.status === 0) throw error;
        return read({ roomId: nameOrId });
      }
    },

    async ownPermissions() {
      const [me, all] = await Promise.all([
        rest.get<{ roles?: string[] }>('me'),
        rest.get<{ update?: { _id: string; roles?: string[] }[] }>('permissions.listAll'),
      ]);
      const roles = new Set(me.roles ?? []);
      return new Set((all.update ?? []).filter((p) => (p.roles ?? []).some((r) => roles.has(r))).map((p) => p._id));
    },

    get: (path, query, options) => rest.get(path, query, options),
    post: (path, body) => rest.post(path, body),
    serverInfo: () => rest.getOutsideApi('/api/info'),
  };
}
