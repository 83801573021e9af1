/**
 * `/info download` when Rocket.Chat refuses statistics.json, rule by rule, end to end: the real bot against the
 * emulator, whose uploads follow FileUpload.validateFileUpload. Each setting is changed through Rocket.Chat's
 * REST API as an admin would; the bot must name the setting that refused the file, say what an admin can do,
 * and offer the way round (another room, or the document inline when the server takes a message that long).
 */
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { openFileDb } from '../support/db.js';
import type { Message, RoomWatch } from '../support/rc-user.js';
import { ask, startWorld, type World } from './support/world.js';

const t = await openFileDb();
let world: World;
const changed = new Map<string, unknown>();

async function setSetting(id: string, value: unknown): Promise<void> {
  if (!changed.has(id)) changed.set(id, (await world.admin.get<{ value: unknown }>(`settings/${id}`)).value);
  await world.admin.post(`settings/${id}`, { value });
}

const refusal = (m: Message) => m.msg.startsWith('I could not upload `statistics.json`');
const isFile = (m: Message) => m.file !== undefined;

async function download(roomId: string, watch?: RoomWatch): Promise<Message> {
  const { answer } = await ask(world, world.admin, roomId, '!info download', { done: (m) => refusal(m) || isFile(m), ...(watch ? { watch } : {}) });
  return answer;
}

beforeAll(async () => {
  world = await startWorld(t);
}, 120_000);
afterEach(async () => {
  for (const [id, value] of changed) await world.admin.post(`settings/${id}`, { value });
  changed.clear();
});
afterAll(async () => world?.stop());

describe('/info download refused by Rocket.Chat', () => {
  test('uploads switched off: names FileUpload_Enabled, and the document is too long for a 5 000-character message', async () => {
    await setSetting('FileUpload_Enabled', false);
    const answer = await download(world.seed.adminRoom._id);
    expect(refusal(answer)).toBe(true);
    expect(answer.msg).toContain('file uploads are switched off on this workspace (setting *File Uploads Enabled*, `FileUpload_Enabled`)');
    expect(answer.msg).toContain('An admin can switch it on under Administration > Workspace > Settings > File Upload.');
    expect(answer.msg).toMatch(/It is also too long \(\d+ characters\) to post as a message here: .*`Message_MaxAllowedSize`/);
    expect(answer.msg).not.toContain('```');
  });

  test('uploads off in direct messages: names FileUpload_Enabled_Direct and sends the admin to a room, where the upload works', async () => {
    await setSetting('FileUpload_Enabled_Direct', false);
    const dm = await world.admin.dm(world.seed.accounts.bot.username);
    const watch = await world.admin.watch(dm);
    try {
      const answer = await download(dm, watch);
      expect(answer.rid).toBe(dm);
      expect(answer.msg).toContain('`FileUpload_Enabled_Direct`');
      expect(answer.msg).toContain('ask me with `/info download` in a channel or private group I am a member of');
    } finally {
      watch.close();
    }
    const inRoom = await download(world.seed.adminRoom._id);
    expect(inRoom.attachments?.[0]?.title).toBe('statistics.json');
  });

  test('file too large: names FileUpload_MaxFileSize and the -1 escape', async () => {
    await setSetting('FileUpload_MaxFileSize', 100);
    const answer = await download(world.seed.adminRoom._id);
    expect(answer.msg).toContain('larger than this workspace accepts (setting *Maximum File Upload Size (in bytes)*, `FileUpload_MaxFileSize`)');
    expect(answer.msg).toContain('set it to -1 for no limit');
  });

  test('JSON blocked, messages long enough: names the media type lists and posts the document as a JSON code block', async () => {
    await setSetting('FileUpload_MediaTypeBlackList', 'image/svg+xml,application/json');
    await setSetting('Message_MaxAllowedSize', 500_000);
    const users = await t.db.collection('users').find({}).toArray();
    const answer = await download(world.seed.adminRoom._id);
    expect(answer.msg).toContain('its media type `application/json` is not accepted');
    expect(answer.msg).toContain('`FileUpload_MediaTypeBlackList`');
    expect(answer.msg).toContain('`FileUpload_MediaTypeWhiteList`');
    const block = /```json\n([\s\S]*)\n```$/.exec(answer.msg);
    expect(block).not.toBeNull();
    const statistics = JSON.parse(block?.[1] ?? '') as Record<string, unknown>;
    expect(statistics.totalUsers).toBe(users.length);
    const uniqueId = await t.db.collection<{ _id: string; value: unknown }>('rocketchat_settings').findOne({ _id: 'uniqueID' });
    expect(statistics.uniqueId).toBe(uniqueId?.value);
  });
});
