/**
 * `rocketchat_message` documents for one room, as Rocket.Chat's message service stores them.
 *
 * Counter rule (what the seeder guarantees and tests check): a room's `msgs` equals the number of its
 * messages without `_hidden: true` (normal, thread replies, system, e2e, and `t:'rm'` removal markers,
 * which replace a deleted message when "show deleted status" is on). Edit-history copies are
 * `_hidden: true` with `parent` and are never counted, as Rocket.Chat inserts them without `$inc`.
 * Exceptions, on purpose: rooms named `pruned-*` count more than they hold (history pruned without the
 * counter following), and one room (`legacy-import`) has no `msgs` field at all.
 */
import type { UserRef } from './context.js';
import { MINUTE } from './context.js';
import type { Rng } from './random.js';
import { WORDS } from './words.js';

/** A stored message (Rocket.Chat's IMessage, plus the hidden history fields). */
export type MessageDoc = Record<string, unknown> & { _id: string; rid: string; ts: Date; u: UserRef };

/** An upload announced by a file message; the uploads module turns it into a document. */
export interface FileRef {
  _id: string;
  name: string;
  type: string;
  size: number;
  extension: string;
  typeGroup: string;
}

/** Livechat rooms: a visitor and (maybe) an agent take turns. */
export interface LivechatParties {
  visitor: UserRef & { token: string };
  agent: UserRef | undefined;
}

/** What to generate for one room. */
export interface FillerRecipe {
  rid: string;
  /** Visible messages to generate: the generator writes exactly this many. */
  count: number;
  from: Date;
  to: Date;
  authors: readonly UserRef[];
  encrypted?: boolean;
  /** Join/leave/add/remove notices between messages (channels and groups). */
  systemNotices?: boolean;
  livechat?: LivechatParties;
  /** File messages (uploads) allowed. */
  files?: boolean;
}

const FILE_KINDS: readonly (readonly [name: string, type: string, ext: string, group: string, min: number, max: number])[] = [
  ['screenshot', 'image/png', 'png', 'image', 40_000, 2_500_000],
  ['photo', 'image/jpeg', 'jpg', 'image', 80_000, 6_000_000],
  ['report', 'application/pdf', 'pdf', 'application', 30_000, 9_000_000],
  ['notes', 'text/plain', 'txt', 'text', 200, 60_000],
  ['recording', 'audio/mpeg', 'mp3', 'audio', 300_000, 20_000_000],
  ['clip', 'video/mp4', 'mp4', 'video', 1_000_000, 80_000_000],
];

export function sentence(rng: Rng): string {
  const n = rng.int(3, 16);
  const words: string[] = [];
  for (let i = 0; i < n; i++) words.push(rng.pick(WORDS));
  const text = words.join(' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Rocket.Chat's parsed markdown for a plain paragraph. */
export function markdownOf(text: string): unknown[] {
  return [{ type: 'PARAGRAPH', value: [{ type: 'PLAIN_TEXT', value: text }] }];
}

/** A normal message: the fields Rocket.Chat's sendMessage stores. */
export function textMessage(id: string, rid: string, u: UserRef, ts: Date, msg: string): MessageDoc {
  return { _id: id, rid, msg, ts, u, _updatedAt: ts, md: markdownOf(msg), mentions: [], channels: [] };
}

/** A system message (`t` set, `groupable: false`, `msg` names the subject as Rocket.Chat does). */
export function systemMessage(id: string, rid: string, t: string, u: UserRef, ts: Date, msg = ''): MessageDoc {
  return { _id: id, t, rid, ts, msg, u, groupable: false, _updatedAt: ts };
}

export function encryptedMessage(id: string, rid: string, u: UserRef, ts: Date, rng: Rng): MessageDoc {
  const keyId = rng.hex(12);
  const ciphertext = Buffer.from(rng.hex(48), 'hex').toString('base64');
  return {
    _id: id,
    t: 'e2e',
    e2e: 'done',
    rid,
    msg: `${keyId}${ciphertext}`,
    content: { algorithm: 'rc.v1.aes-sha2', ciphertext: `${keyId}${ciphertext}` },
    ts,
    u,
    _updatedAt: ts,
  };
}

export function fileMessage(id: string, rid: string, u: UserRef, ts: Date, file: FileRef, description: string): MessageDoc {
  const link = `/file-upload/${file._id}/${encodeURIComponent(file.name)}`;
  const attachment: Record<string, unknown> = {
    ts,
    title: file.name,
    title_link: link,
    title_link_download: true,
    type: 'file',
    description,
  };
  if (file.typeGroup === 'image') {
    attachment.image_url = link;
    attachment.image_type = file.type;
    attachment.image_size = file.size;
  }
  return {
    _id: id,
    rid,
    msg: '',
    ts,
    u,
    _updatedAt: ts,
    groupable: false,
    file: { _id: file._id, name: file.name, type: file.type, size: file.size, format: file.extension },
    files: [{ _id: file._id, name: file.name, type: file.type, size: file.size, format: file.extension }],
    attachments: [attachment],
    mentions: [],
    channels: [],
  };
}

/**
 * The copy Rocket.Chat keeps when a message is edited with "keep history": the whole record as it
 * was (thread counters, pins and stars included), under a new id, `_hidden` and pointing at `parent`.
 */
export function historyCopy(id: string, message: MessageDoc, previousText: string, editedAt: Date, editor: UserRef): MessageDoc {
  const { _id: parent, editedAt: _e, editedBy: _b, ...rest } = message;
  const copy: MessageDoc = { ...rest, _id: id, rid: message.rid, ts: message.ts, u: message.u, _hidden: true, parent, _updatedAt: editedAt };
  if (message.t !== 'e2e') {
    copy.msg = previousText;
    copy.md = markdownOf(previousText);
  }
  copy.editedAt = editedAt;
  copy.editedBy = { _id: editor._id, username: editor.username };
  return copy;
}

/** Marks a message edited (after its history copy was taken). */
export function markEdited(message: MessageDoc, newText: string, editedAt: Date, editor: UserRef): void {
  if (message.t !== 'e2e') {
    message.msg = newText;
    message.md = markdownOf(newText);
  }
  message.editedAt = editedAt;
  message.editedBy = { _id: editor._id, username: editor.username };
  message._updatedAt = editedAt;
}

export function pin(message: MessageDoc, by: UserRef, at: Date): void {
  message.pinned = true;
  message.pinnedAt = at;
  message.pinnedBy = { _id: by._id, username: by.username };
}

/** Sorted random instants in [from, to]. */
function timeline(rng: Rng, count: number, from: Date, to: Date): Float64Array {
  const start = from.getTime();
  const span = Math.max(0, to.getTime() - start);
  const times = new Float64Array(count);
  for (let i = 0; i < count; i++) times[i] = start + Math.floor(rng.next() * span);
  return times.sort();
}

const SYSTEM_NOTICES = ['uj', 'ul', 'au', 'ru'] as const;

/**
 * Generates exactly `recipe.count` visible messages (plus hidden history copies) and calls `onFile`
 * for every file message so that its upload can be written.
 */
export function fillerMessages(rng: Rng, recipe: FillerRecipe, onFile: (file: FileRef, message: MessageDoc) => void): MessageDoc[] {
  const out: MessageDoc[] = [];
  if (recipe.count <= 0 || recipe.authors.length === 0) return out;
  const times = timeline(rng, recipe.count, recipe.from, recipe.to);
  /** Recent top-level messages that may become thread parents. */
  const recent: MessageDoc[] = [];
  const edits: { message: MessageDoc; before: string; at: Date; by: UserRef }[] = [];
  let livechatTurn = 0;
  for (let i = 0; i < recipe.count; i++) {
    const ts = new Date(times[i] ?? recipe.from.getTime());
    const id = rng.id();
    const author = rng.pick(recipe.authors);
    let message: MessageDoc;
    if (recipe.livechat) {
      const { visitor, agent } = recipe.livechat;
      const visitorTurn = !agent || livechatTurn++ % 2 === 0;
      if (visitorTurn) {
        const { token, ...ref } = visitor;
        message = { ...textMessage(id, recipe.rid, ref, ts, sentence(rng)), token };
      } else {
        message = textMessage(id, recipe.rid, agent as UserRef, ts, sentence(rng));
      }
      out.push(message);
      continue;
    }
    if (recipe.systemNotices && rng.chance(0.03)) {
      const t = rng.pick(SYSTEM_NOTICES);
      const subject = rng.pick(recipe.authors);
      message = systemMessage(id, recipe.rid, t, t === 'uj' || t === 'ul' ? subject : author, ts, subject.username);
      out.push(message);
      continue;
    }
    if (recipe.encrypted && rng.chance(0.8)) {
      message = encryptedMessage(id, recipe.rid, author, ts, rng);
    } else if (recipe.files && rng.chance(0.02)) {
      const [base, type, extension, typeGroup, min, max] = rng.pick(FILE_KINDS);
      const file: FileRef = { _id: rng.id(), name: `${base}-${rng.int(1, 9999)}.${extension}`, type, extension, typeGroup, size: rng.int(min, max) };
      message = fileMessage(id, recipe.rid, author, ts, file, rng.chance(0.3) ? sentence(rng) : '');
      onFile(file, message);
    } else {
      message = textMessage(id, recipe.rid, author, ts, sentence(rng));
    }
    const parent = recent.length > 0 && rng.chance(0.1) ? rng.pick(recent) : undefined;
    if (parent) {
      message.tmid = parent._id;
      if (rng.chance(0.1)) message.tshow = true;
      parent.tcount = ((parent.tcount as number | undefined) ?? 0) + 1;
      parent.tlm = ts;
      const replies = (parent.replies as string[] | undefined) ?? [];
      if (!replies.includes(author._id)) replies.push(author._id);
      parent.replies = replies;
    } else {
      recent.push(message);
      if (recent.length > 20) recent.shift();
    }
    if (rng.chance(0.005)) pin(message, rng.pick(recipe.authors), new Date(ts.getTime() + rng.int(1, 600) * MINUTE));
    if (rng.chance(0.01)) {
      const first = rng.pick(recipe.authors);
      const second = rng.pick(recipe.authors);
      message.starred = second._id !== first._id && rng.chance(0.3) ? [{ _id: first._id }, { _id: second._id }] : [{ _id: first._id }];
    }
    if (message.t !== 'e2e' && !message.file && rng.chance(0.003)) {
      // Deleted with "show deleted status": the message stays as a removal marker and keeps its place.
      for (const field of ['md', 'mentions', 'channels', 'starred']) delete message[field];
      message.t = 'rm';
      message.msg = '';
    } else if (!message.file && rng.chance(0.015)) {
      edits.push({ message, before: String(message.msg), at: new Date(ts.getTime() + rng.int(1, 120) * MINUTE), by: message.u });
    }
    out.push(message);
  }
  // History copies are taken last so that they carry the final thread counters, as a late edit would.
  for (const edit of edits) {
    out.push(historyCopy(rng.id(), edit.message, edit.before, edit.at, edit.by));
    markEdited(edit.message, sentence(rng), edit.at, edit.by);
  }
  return out;
}
