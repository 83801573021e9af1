/**
 * `rocketchat_uploads`: the file records of Rocket.Chat's UFS stores. Confirmed uploads belong to a
 * file message; unconfirmed ones (`complete: false`, `uploading: true`, sometimes without `size`,
 * `type` or `name`) are what `rooms.media` leaves behind until `rooms.mediaConfirm`, and they still
 * count in `uploadsTotal` / `uploadsTotalSize`.
 */
import type { SeedContext, UserRef } from './context.js';
import { DAY, MINUTE, ago } from './context.js';
import type { FileRef, MessageDoc } from './messages.js';
import type { Rng } from './random.js';

export type UploadDoc = Record<string, unknown> & { _id: string };

function storePath(store: string, id: string, name: string): string {
  return `/ufs/${store}/${id}/${encodeURIComponent(name)}`;
}

/** The upload record behind a file message. Files older than a year were written to the old FileSystem store. */
export function confirmedUpload(ctx: SeedContext, rng: Rng, file: FileRef, message: MessageDoc, instanceId: string): UploadDoc {
  const store = message.ts.getTime() < ctx.now.getTime() - 365 * DAY ? 'FileSystem:Uploads' : 'GridFS:Uploads';
  const uploadedAt = new Date(message.ts.getTime() - rng.int(1, 30) * 1000);
  const doc: UploadDoc = {
    _id: file._id,
    name: file.name,
    size: file.size,
    type: file.type,
    rid: message.rid,
    userId: message.u._id,
    store,
    complete: true,
    uploading: false,
    extension: file.extension,
    progress: 1,
    typeGroup: file.typeGroup,
    etag: rng.id(),
    path: storePath(store, file._id, file.name),
    url: `${ctx.siteUrl.replace(/\/$/, '')}${storePath(store, file._id, file.name)}`,
    instanceId,
    uploadedAt,
    _updatedAt: message.ts,
  };
  if (file.typeGroup === 'image') {
    doc.identify = { format: file.extension === 'jpg' ? 'jpeg' : file.extension, size: { width: rng.int(320, 3840), height: rng.int(240, 2160) } };
  }
  return doc;
}

/** Shapes of unconfirmed uploads, each an edge case of the uploads totals. */
export type PendingShape = 'uploading' | 'no-size' | 'no-type' | 'no-name';

/** An upload that never completed (tab closed mid-way, or media never confirmed). */
export function pendingUpload(ctx: SeedContext, rng: Rng, shape: PendingShape, rid: string, user: UserRef, instanceId: string): UploadDoc {
  const id = rng.id();
  const name = `draft-${rng.int(1, 9999)}.pdf`;
  const started = ago(ctx, rng.int(5, 600) * MINUTE);
  const doc: UploadDoc = {
    _id: id,
    name,
    size: rng.int(10_000, 4_000_000),
    type: 'application/pdf',
    rid,
    userId: user._id,
    store: 'GridFS:Uploads',
    complete: false,
    uploading: true,
    extension: 'pdf',
    progress: Math.round(rng.next() * 100) / 100,
    instanceId,
    _updatedAt: started,
  };
  if (shape === 'no-size') {
    // A temporary upload from rooms.media: no size yet, removed if not confirmed before it expires.
    delete doc.size;
    doc.progress = 0;
    doc.expiresAt = new Date(started.getTime() + DAY);
  }
  if (shape === 'no-type') {
    delete doc.type;
    doc.name = `unknown-${rng.int(1, 9999)}`;
    delete doc.extension;
  }
  if (shape === 'no-name') {
    delete doc.name;
    delete doc.extension;
  }
  return doc;
}
