/**
 * Getting the license text out of a direct message: the message text, or a `.txt` file downloaded as the bot through
 * Rocket.Chat's authenticated file URL. The text lives only in memory; what is kept is where it came from, so that the
 * replica that applies it (maybe another one, maybe after a restart) reads it again from Rocket.Chat.
 */
import type { ChatApi } from '../../chat/chat-api.js';
import type { IncomingMessage } from '../../chat/incoming.js';
import { RestError } from '../../chat/rest.js';
import { quoteUntrusted } from '../../chat/untrusted-text.js';
import { licenseFileOf, licenseTextOf } from './recognise.js';

/** Where a license was sent: enough to read it again, nothing of its content. */
export interface LicenseSource {
  roomId: string;
  messageId: string;
  sentAt: Date;
  /** Server-relative path of the uploaded file, when the license came as a file. */
  filePath?: string;
  fileName?: string;
}

/** The license text of a message and where it came from, or why it could not be read. */
export type ReadLicense = { ok: true; text: string; source: LicenseSource } | { ok: false; problem: string };

/** A license is a few kilobytes; anything much larger is not one. */
const MAX_FILE_BYTES = 64 * 1024;

async function download(chat: ChatApi, path: string, name: string): Promise<{ ok: true; text: string } | { ok: false; problem: string }> {
  try {
    return { ok: true, text: (await chat.downloadFile(path, MAX_FILE_BYTES)).toString('utf8') };
  } catch (error) {
    const reason = error instanceof RestError ? error.message : 'the download failed';
    return { ok: false, problem: `I could not read the file ${quoteUntrusted(name)} from Rocket.Chat (${reason}). Upload it again, or paste its text as a message.` };
  }
}

/** Reads the license a message carries: an attached `.txt` file first, otherwise the message text. */
export async function readLicenseFrom(message: IncomingMessage, chat: ChatApi): Promise<ReadLicense> {
  const source: LicenseSource = { roomId: message.roomId, messageId: message.id, sentAt: message.sentAt };
  const file = licenseFileOf(message.files);
  if (!file) return { ok: true, text: licenseTextOf(message.text), source };
  const read = await download(chat, file.path, file.name);
  if (!read.ok) return read;
  return { ok: true, text: licenseTextOf(read.text), source: { ...source, filePath: file.path, fileName: file.name } };
}

interface HistoryMessage {
  _id?: string;
  msg?: string;
}

/**
 * Reads the license again from where it was sent: the file, or the message (found through the DM's history at its
 * exact time). Undefined when it is gone (message deleted, file removed).
 */
export async function rereadLicense(source: LicenseSource, chat: ChatApi): Promise<string | undefined> {
  if (source.filePath) {
    const read = await download(chat, source.filePath, source.fileName ?? 'license file');
    return read.ok ? licenseTextOf(read.text) : undefined;
  }
  const at = source.sentAt.toISOString();
  const { messages } = await chat.get<{ messages?: HistoryMessage[] }>('im.history', {
    roomId: source.roomId,
    latest: at,
    oldest: at,
    inclusive: 'true',
    count: '20',
  });
  const message = messages?.find((m) => m._id === source.messageId);
  return typeof message?.msg === 'string' ? licenseTextOf(message.msg) : undefined;
}
