import { describe, expect, test } from 'vitest';
import { openFileDb } from '../support/db.js';
import type { Message } from '../support/rc-user.js';
import { outcome } from './support/decisions.js';
import { ask, fieldsOf, worldFor } from './support/world.js';

const t = await openFileDb();
const world = worldFor(t, () => ({ proxyDatabase: true }));
const adminRoom = () => world.seed.adminRoom._id;

const cardTitled = (prefix: string) => (m: Message) => (m.attachments ?? []).some((a) => String(a.title).startsWith(prefix));

describe('when Rocket.Chat’s database goes away', () => {
  // How fast the card comes (the 5 s promise) is measured by `npm run bench:faults`, not raced here on a loaded machine.
  test('the answer is an error card naming what failed, with a reference that is in the log; then it recovers by itself', async () => {
    // The admin's roles are cached (help checks every command's permission) without computing any statistics.
    await ask(world, world.admin, adminRoom(), '/info help');
    await world.proxy?.stop();
    try {
      const { answer } = await ask(world, world.admin, adminRoom(), '/info refresh', { done: cardTitled('Could not answer') });
      const card = answer.attachments?.find((a) => String(a.title).startsWith('Could not answer'));
      expect(card?.title).toBe('Could not answer /info refresh');
      const fields = fieldsOf(card);
      expect(fields['What failed']).toMatch(/Rocket\.Chat’s database \(MongoDB\)/);
      const ref = fields.Reference ?? '';
      expect(ref).toMatch(/^[0-9a-f]{6}$/);
      expect(world.logs.some((l) => l.ref === ref && l.level === 50 && String(l.msg).includes(ref))).toBe(true);

      // A user whose roles were never cached: the permission check itself cannot run, which is an error, not a refusal.
      const second = await ask(world, world.user, adminRoom(), '/info usage', {
        done: (m) => cardTitled('Could not answer')(m) || m.msg.includes('needs the Rocket.Chat permission'),
      });
      expect(second.answer.msg).not.toContain('needs the Rocket.Chat permission');
      expect(fieldsOf(second.answer.attachments?.find((a) => String(a.title).startsWith('Could not answer')))['What failed']).toMatch(/database/);
    } finally {
      await world.proxy?.resume();
    }
  });

  // Its own test: a full refresh on a seeded workspace is most of a 30 s limit on FerretDB under load by itself.
  test('then it recovers by itself: the next refresh answers with the four cards', async () => {
    const { answer } = await ask(world, world.admin, adminRoom(), '/info refresh', { done: cardTitled('Usage') });
    expect(answer.attachments?.map((a) => a.title)).toEqual(['Deployment', 'License', 'Usage', 'Federation']);
  });
});

describe('malformed input', () => {
  let before = 0;
  test('odd messages get guidance or silence, never a crash', async () => {
    const odd = [
      `/info ${'x'.repeat(4_000)}`,
      '/info --',
      '/info "unclosed',
      '!info \u0000\u0007',
      '@infobot',
      '/info usage --json=1 --json',
      '/info usage usage usage',
      '!INFO    USAGE   ',
      '/info\n\nusage',
      '🙂',
    ];
    before = world.logs.length;
    const mark = world.decisions.mark();
    const sent: string[] = [];
    for (const text of odd) sent.push((await world.admin.send(adminRoom(), text))._id);
    const decisions = (await Promise.all(sent.map((id) => world.decisions.about(mark, id)))).flat();
    // Guidance is a refusal or an answer (a usage line); silence is "not a command". Nothing failed or went unrouted.
    const kinds = decisions.map((d) => (d.kind === 'ignored' ? d.reason : d.kind));
    expect(kinds.filter((k) => !['refused', 'handled', 'not-a-command'].includes(k)), JSON.stringify(decisions.map(outcome))).toEqual([]);
  });

  test('the bot still answers afterwards, and nothing went unrouted or failed on the way', async () => {
    expect(before, 'the odd messages were sent by the test before').toBeGreaterThan(0);
    const { answer } = await ask(world, world.admin, adminRoom(), '/info federation', { done: cardTitled('Federation') });
    expect(answer.attachments?.[0]?.title).toBe('Federation');
    const logs = world.logs.slice(before);
    expect(logs.filter((l) => l.msg === 'message could not be routed')).toEqual([]);
    expect(logs.filter((l) => String(l.msg).startsWith('command failed'))).toEqual([]);
  });
});
