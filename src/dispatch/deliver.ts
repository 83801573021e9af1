/**
 * The send stage: replies rendered into Rocket.Chat messages and uploads, posted into the room (and
 * thread) the command came from. A "computing…" placeholder, when one was posted, becomes the first
 * message of the answer. A text longer than the workspace's Message_MaxAllowedSize goes out in several
 * messages, in order, in the same thread.
 */
import type { Logger } from 'pino';
import { cardsSummary, cardsToMessages, type RenderedMessage } from '../cards/attachments.js';
import type { ChatApi, FileToUpload, SentMessage } from '../chat/chat-api.js';
import type { MessageLimit } from '../chat/message-limit.js';
import { RestError } from '../chat/rest.js';
import type { Reply } from './command.js';
import { splitText } from './split-text.js';
import { explainRefusal, inlineAlternative, tooLongForMessage, uploadRefusal } from './upload-refusal.js';

/** Where the answer goes. */
export interface Target {
  roomId: string;
  threadId?: string;
}

/** One thing to post: a message or an upload. */
export type Outgoing = { kind: 'message'; message: RenderedMessage } | { kind: 'file'; file: FileToUpload };

/** Replies as messages and uploads, cards split to stay under the message limit. Pure. */
export function render(replies: readonly Reply[]): Outgoing[] {
  return replies.flatMap((reply): Outgoing[] => {
    switch (reply.kind) {
      case 'text':
        return [{ kind: 'message', message: { text: reply.text, attachments: [] } }];
      case 'cards':
        return cardsToMessages(reply.cards, reply.text ?? cardsSummary(reply.cards)).map((message) => ({ kind: 'message', message }));
      case 'message':
        return [{ kind: 'message', message: { text: reply.text, attachments: reply.attachments } }];
      default: {
        const file: FileToUpload = { fileName: reply.fileName, contentType: reply.contentType, content: reply.content };
        if (reply.description) file.description = reply.description;
        return [{ kind: 'file', file }];
      }
    }
  });
}

function sendText(chat: ChatApi, target: Target, text: string): Promise<SentMessage> {
  return chat.sendMessage(target.roomId, { text, ...(target.threadId ? { threadId: target.threadId } : {}) });
}

/**
 * A message as pieces within `limit`: its text cut at line ends, the attachments on the last piece. Only the text
 * counts: chat.sendMessage's executeSendMessage (apps/meteor/app/lib/server/methods/sendMessage.ts) compares
 * `msg.length` alone with Message_MaxAllowedSize, and validateMessage (functions/sendMessage.ts) checks the
 * attachments' shape, not their size.
 */
function piecesOf(message: RenderedMessage, limit: number): RenderedMessage[] {
  const pieces = splitText(message.text, limit);
  return pieces.map((text, i) => ({ text, attachments: i === pieces.length - 1 ? message.attachments : [] }));
}

function isTooLong(error: unknown): boolean {
  return error instanceof RestError && error.errorType === 'error-message-size-exceeded';
}

async function sendOne(chat: ChatApi, target: Target, message: RenderedMessage): Promise<void> {
  const { text, attachments } = message;
  await chat.sendMessage(target.roomId, { text, ...(attachments.length ? { attachments } : {}), ...(target.threadId ? { threadId: target.threadId } : {}) });
}

/** A text of the bot's own, in as many messages as `limit` needs. */
async function sendLong(chat: ChatApi, target: Target, text: string, limit: number): Promise<void> {
  for (const piece of piecesOf({ text, attachments: [] }, limit)) await sendOne(chat, target, piece);
}

/** An upload Rocket.Chat refused by one of its rules: the reason, and the document inline when the server takes it. */
async function answerRefusedUpload(chat: ChatApi, target: Target, file: FileToUpload, refusal: string, limit: number, log: Logger): Promise<void> {
  const explanation = explainRefusal(refusal, file.fileName, file.contentType);
  log.info({ refusal, file: file.fileName }, 'Rocket.Chat refused the upload; explaining instead');
  const inline = inlineAlternative(explanation, file.content, file.contentType);
  if (inline) {
    try {
      await sendText(chat, target, inline);
      return;
    } catch (error) {
      if (!isTooLong(error)) throw error;
      await sendLong(chat, target, tooLongForMessage(explanation, file.content), limit);
      return;
    }
  }
  await sendLong(chat, target, explanation, limit);
}

async function post(chat: ChatApi, target: Target, item: Outgoing, limit: number, log: Logger): Promise<void> {
  if (item.kind === 'file') {
    try {
      await chat.uploadFile(target.roomId, target.threadId ? { ...item.file, threadId: target.threadId } : item.file);
    } catch (error) {
      const refusal = uploadRefusal(error);
      if (!refusal) throw error;
      await answerRefusedUpload(chat, target, item.file, refusal, limit, log);
    }
    return;
  }
  await sendOne(chat, target, item.message);
}

/**
 * Turns the placeholder into the first message. True when it now holds that message; false when the
 * first message must still be posted (a server that refuses to edit attachments gets a pointer line).
 */
async function replacePlaceholder(chat: ChatApi, target: Target, placeholder: SentMessage, first: Outgoing, log: Logger): Promise<boolean> {
  try {
    if (first.kind === 'message') {
      const { text, attachments } = first.message;
      await chat.updateMessage(target.roomId, placeholder.id, attachments.length ? { text, attachments } : { text });
      return true;
    }
    await chat.updateMessage(target.roomId, placeholder.id, { text: `Here is \`${first.file.fileName}\`:` });
    return false;
  } catch (error) {
    log.debug({ err: error }, 'placeholder could not take the answer; posting it as a new message');
    await chat.updateMessage(target.roomId, placeholder.id, { text: 'Done: the answer follows.' }).catch((e: unknown) => {
      log.warn({ err: e }, 'placeholder could not be updated');
    });
    return false;
  }
}

/** Every message within the limit: a long text becomes several messages, in order. */
function fitAll(outgoing: readonly Outgoing[], limit: number): Outgoing[] {
  return outgoing.flatMap((item): Outgoing[] => (item.kind === 'file' ? [item] : piecesOf(item.message, limit).map((message) => ({ kind: 'message', message }))));
}

/**
 * Posts everything in order, each message within Message_MaxAllowedSize; the placeholder (if any) takes the first
 * message. The limit is the one last read; when Rocket.Chat refuses a message as too long (the limit was lowered
 * since), it is read afresh and the rest is split again to it.
 */
export async function deliver(
  chat: ChatApi,
  target: Target,
  outgoing: readonly Outgoing[],
  placeholder: SentMessage | undefined,
  limit: MessageLimit,
  log: Logger,
): Promise<void> {
  let max = await limit.current();
  let queue = fitAll(outgoing, max);
  const first = queue[0];
  if (placeholder && first && (await replacePlaceholder(chat, target, placeholder, first, log))) queue.shift();
  while (queue.length > 0) {
    const item = queue[0] as Outgoing;
    try {
      await post(chat, target, item, max, log);
      queue.shift();
    } catch (error) {
      if (item.kind !== 'message' || !isTooLong(error)) throw error;
      const fresh = await limit.current({ fresh: true });
      // Refused under the current limit: splitting again would change nothing.
      if (fresh >= max) throw error;
      log.info({ was: max, now: fresh }, 'Message_MaxAllowedSize was lowered; splitting the answer to the new limit');
      max = fresh;
      queue = fitAll(queue, max);
    }
  }
}
