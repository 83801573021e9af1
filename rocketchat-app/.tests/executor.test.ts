/**
 * The `/info` command against Apps-Engine's real definitions (SlashCommandContext, App), with our doubles for the
 * accessors: it posts `!info …` as the sender, in the same room and thread, and the bot reads that as its command.
 */
import { SlashCommandContext } from '@rocket.chat/apps-engine/definition/slashcommands';
import { describe, expect, test } from 'vitest';
import { commands } from '../../commands/index.js';
import { parseCommandLine } from '../../src/dispatch/parse.js';
import { buildRegistry } from '../../src/dispatch/registry.js';
import { recognise } from '../../src/dispatch/trigger.js';
import { InfobotApp } from '../InfobotApp';
import { forwardedText, MAX_ARGUMENT_CHARS } from '../src/forward';
import { InfoCommand } from '../src/InfoCommand';
import { adminRoom, alice, recordingModify, unused } from './support/doubles';

async function run(params: string[], threadId?: string) {
    const { modify, finished } = recordingModify();
    const context = new SlashCommandContext(alice, adminRoom, params, threadId);
    await new InfoCommand().executor(context, unused.read, modify, unused.http, unused.persis);
    return finished;
}

describe('the /info slash command', () => {
    test('is registered by the App as `info`, with a description and a parameter hint from its i18n file', async () => {
        const provided: InfoCommand[] = [];
        const app = new InfobotApp({ name: 'Infobot', requiredApiVersion: '^1.41.0', author: { name: '' } } as never, { debug: () => undefined } as never);
        const configuration = { slashCommands: { provideSlashCommand: async (c: InfoCommand) => void provided.push(c) } };
        await (app as unknown as { extendConfiguration(c: unknown, e: unknown): Promise<void> }).extendConfiguration(configuration, undefined);
        expect(provided.map((c) => c.command)).toEqual(['info']);
        const i18n = (await import('../i18n/en.json')).default as Record<string, string>;
        expect(i18n[provided[0]?.i18nDescription ?? '']).toContain('Administration > Info');
        expect(i18n[provided[0]?.i18nParamsExample ?? '']).toContain('usage');
        expect(provided[0]?.providesPreview).toBe(false);
    });

    test('`/info usage` in a room: one message, `!info usage`, from the sender, in that room', async () => {
        const finished = await run(['usage']);
        expect(finished).toHaveLength(1);
        expect(finished[0]).toEqual({ sender: alice, room: adminRoom, text: '!info usage' });
    });

    test('in a thread the message goes to the same thread', async () => {
        const [message] = await run(['license'], 'thread-1');
        expect(message).toEqual({ sender: alice, room: adminRoom, text: '!info license', threadId: 'thread-1' });
    });

    test('bare `/info` and the empty parameters Rocket.Chat makes of extra spaces', async () => {
        expect((await run([]))[0]?.text).toBe('!info');
        // Rocket.Chat splits ` usage  --json` on single spaces.
        expect((await run(['', 'usage', '', '--json']))[0]?.text).toBe('!info usage --json');
    });

    test('arguments are bounded', () => {
        expect(forwardedText(['x'.repeat(5000)]).length).toBe('!info '.length + MAX_ARGUMENT_CHARS);
    });

    test('infobot reads the posted text as the command the sender typed', async () => {
        const registry = buildRegistry(commands);
        for (const [params, name] of [[['usage'], 'info usage'], [[], 'info'], [['enable-slash'], 'info enable-slash']] as const) {
            const [message] = await run([...params]);
            const trigger = recognise(message?.text ?? '', { roots: registry.roots, botUsername: 'infobot', direct: false });
            expect(trigger?.form).toBe('bang');
            expect(parseCommandLine(trigger?.line ?? '', registry).command.name).toBe(name);
        }
    });
});
