/**
 * The bot's data files (REST-only mode without INFOBOT_MONGO_URL) read back raw, for tests that check what the bot
 * stored as they check the database's documents: dates come back as dates (written as `{"$date": ISO}`).
 */
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { collectionFileName, FILE_STORE_NAME } from '../../../src/store/file-store.js';

function decode(_key: string, value: unknown): unknown {
  const date = (value as { $date?: unknown } | null)?.$date;
  return typeof date === 'string' ? new Date(date) : value;
}

async function readJson(path: string): Promise<Record<string, unknown>> {
  try {
    return JSON.parse(await readFile(path, 'utf8'), decode) as Record<string, unknown>;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw error;
  }
}

/** A collection's documents, each with its key as `_id` (as the database's documents have it). */
export async function fileCollection(dir: string, name: string): Promise<Record<string, unknown>[]> {
  const { docs } = (await readJson(join(dir, collectionFileName(name)))) as { docs?: Record<string, Record<string, unknown>> };
  return Object.entries(docs ?? {}).map(([_id, doc]) => ({ ...doc, _id }));
}

/** An audit log's entries, oldest first. */
export async function fileAudit(dir: string, name: string): Promise<Record<string, unknown>[]> {
  const { audits } = (await readJson(join(dir, FILE_STORE_NAME))) as { audits?: Record<string, Record<string, unknown>[]> };
  return audits?.[name] ?? [];
}

/** Every data file's text, by name. */
export async function dataFileTexts(dir: string): Promise<{ name: string; text: string }[]> {
  const names = await readdir(dir).catch(() => []);
  return Promise.all(names.map(async (name) => ({ name, text: await readFile(join(dir, name), 'utf8') })));
}
