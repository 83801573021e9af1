/**
 * The send stage: replies rendered into Rocket.Chat messages and uploads, posted into the room (and
 * thread) the command came from. A "computing…" placeholder, when one was posted, becomes the first
 * message of the answer.
 */
import type { Logger } from 'pino';
import { cardsSummary, cardsToMessages, MESSAGE_LIMIT, type RenderedMessage } from '../cards/attachments.js';
import type { ChatApi, FileToUpload, SentMessage } from '../chat/chat-api.js';
import { RestError } from '../chat/rest.js';
import type { Reply } from './command.js';
import { explainRefusal, inlineAlternative, tooLongForMessage, uploadRefusal } from './upload-refusal.js';

/** Where the answer goes. */
export interface Target {
  roomId: string;
  threadId?: string;
}

/** One thing to post: a message or an upload. */
export type Outgoing = { kind: 'message'; message: RenderedMessage } | { kind: 'file'; file: FileToUpload };

function clip(text: string): string {
  return text.length <= MESSAGE_LIMIT ? text : `${text.slice(0, MESSAGE_LIMIT - 2)}…`;
}

/** Replies as messages and uploads, cards split to stay under the message limit. Pure. */
export function render(replies: readonly Reply[]): Outgoing[] {
  return replies.flatMap((reply): Outgoing[] => {
    switch (reply.kind) {
      case 'text':
        return [{ kind: 'message', message: { text: clip(reply.text), attachments: [] } }];
      case 'cards':
        return cardsToMessages(reply.cards, reply.text ?? cardsSummary(reply.cards)).map((message) => ({ kind: 'message', message }));
      case 'message':
        return [{ kind: 'message', message: { text: clip(reply.text), attachments: reply.attachments } }];
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

/** An upload Rocket.Chat refused by one of its rules: the reason, and the document inline when the server takes it. */
async function answerRefusedUpload(chat: ChatApi, target: Target, file: FileToUpload, refusal: string, log: Logger): Promise<void> {
  const explanation = explainRefusal(refusal, file.fileName, file.contentType);
  log.info({ refusal, file: file.fileName }, 'Rocket.Chat refused the upload; explaining instead');
  const inline = inlineAlternative(explanation, file.content, file.contentType);
  if (inline) {
    try {
      await sendText(chat, target, inline);
      return;
    } catch (error) {
      if (!(error instanceof RestError && error.errorType === 'error-message-size-exceeded')) throw error;
      await sendText(chat, target, tooLongForMessage(explanation, file.content));
      return;
    }
  }
  await sendText(chat, target, explanation);
}

async function post(chat: ChatApi, target: Target, item: Outgoing, log: Logger): Promise<void> {
  if (item.kind === 'file') {
    try {
      await chat.uploadFile(target.roomId, target.threadId ? { ...item.file, threadId: target.threadId } : item.file);
    } catch (error) {
      const refusal = uploadRefusal(error);
      if (!refusal) throw error;
      await answerRefusedUpload(chat, target, item.file, refusal, log);
    }
    return;
  }
  const { text, attachments } = item.message;
  await chat.sendMessage(target.roomId, { text, ...(attachments.length ? { attachments } : {}), ...(target.threadId ? { threadId: target.threadId } : {}) });
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

/** Posts everything in order; the placeholder (if any) takes the first message. */
export async function deliver(chat: ChatApi, target: Target, outgoing: readonly Outgoing[], placeholder: SentMessage | undefined, log: Logger): Promise<void> {
  const queue = [...outgoing];
  const first = queue[0];
  if (placeholder && first && (await replacePlaceholder(chat, target, placeholder, first, log))) queue.shift();
  for (const item of queue) await post(chat, target, item, log);
}
