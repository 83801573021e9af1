/**
 * One JSON file of the embedded store (REST-only mode without INFOBOT_MONGO_URL): its data is held in memory and
 * written whole after each change through a temporary file and a rename, so a crash leaves the old file or the new
 * one, never half of one. Dates are written as `{"$date": ISO}` and read back as dates, so what a feature stores
 * comes back as it gave it, as from the database.
 */
import { readFile, rename, writeFile } from 'node:fs/promises';

/** A file's data and how to write it. */
export interface JsonFile<T> {
  path: string;
  data: T;
  /** Writes the data as it is when the write starts; resolves once it is on disk. */
  persist(): Promise<void>;
  /** Waits for the last write. */
  settled(): Promise<void>;
}

function encode(this: unknown, key: string, value: unknown): unknown {
  // The replacer sees a Date already turned into its string: the holder still has the Date itself.
  const raw = (this as Record<string, unknown>)[key];
  return raw instanceof Date ? { $date: raw.toISOString() } : value;
}

function decode(_key: string, value: unknown): unknown {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const keys = Object.keys(value);
    const date = (value as { $date?: unknown }).$date;
    if (keys.length === 1 && typeof date === 'string') return new Date(date);
  }
  return value;
}

/**
 * Reads `path` (or starts from `empty()` when it does not exist) through `shape`, which keeps only what it knows;
 * throws one line naming the file and INFOBOT_DATA_DIR when it cannot be read.
 */
export async function openJsonFile<T>(path: string, shape: (parsed: Record<string, unknown>) => T, empty: () => T, options: { beforeWrite?: (data: T) => void } = {}): Promise<JsonFile<T>> {
  let data: T;
  try {
    const parsed: unknown = JSON.parse(await readFile(path, 'utf8'), decode);
    data = shape(parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {});
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw new Error(`The bot’s data file ${path} cannot be read (${(error as Error).message}): fix or remove it, or set INFOBOT_DATA_DIR to another directory.`);
    }
    data = empty();
  }
  let writing: Promise<void> = Promise.resolve();
  let queued: Promise<void> | undefined;
  const file: JsonFile<T> = {
    path,
    data,
    // Writes are queued, each one the whole state at its turn; a failed write is thrown to the changes that asked it.
    // Changes made while a write is under way share the one queued after it (it takes the state when it starts), so a
    // burst of changes costs two rewrites of the file, not one per change.
    persist() {
      queued ??= writing.then(async () => {
        queued = undefined;
        options.beforeWrite?.(file.data);
        const temporary = `${path}.${process.pid}.tmp`;
        await writeFile(temporary, JSON.stringify(file.data, encode), 'utf8');
        await rename(temporary, path);
      });
      const next = queued;
      writing = next.catch(() => undefined);
      return next;
    },
    settled: () => writing,
  };
  return file;
}
