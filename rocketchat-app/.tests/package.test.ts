/**
 * `rc-apps package` (Rocket.Chat's Apps CLI, from npm, offline) builds the installable zip; the zip's app.json is
 * valid and its compiled command, loaded the way Rocket.Chat loads it, still posts `!info …` as the sender.
 */
import { execFile } from 'node:child_process';
import { readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { runInNewContext } from 'node:vm';
import { SlashCommandContext } from '@rocket.chat/apps-engine/definition/slashcommands';
import { beforeAll, describe, expect, test } from 'vitest';
import yauzl from 'yauzl';
import { adminRoom, alice, recordingModify, unused } from './support/doubles';

const appDir = join(__dirname, '..');
const requireFromApp = createRequire(join(appDir, 'app.json'));

/** Every file in a zip, by name. */
async function unzip(path: string): Promise<Map<string, Buffer>> {
    const zip = await promisify<string, yauzl.Options, yauzl.ZipFile>(yauzl.open)(path, { lazyEntries: true });
    const files = new Map<string, Buffer>();
    await new Promise<void>((resolve, reject) => {
        zip.on('entry', (entry: yauzl.Entry) => {
            zip.openReadStream(entry, (error, stream) => {
                if (error || !stream) return reject(error);
                const chunks: Buffer[] = [];
                stream.on('data', (c: Buffer) => chunks.push(c));
                stream.on('end', () => {
                    files.set(entry.fileName, Buffer.concat(chunks));
                    zip.readEntry();
                });
            });
        });
        zip.on('end', () => resolve());
        zip.on('error', reject);
        zip.readEntry();
    });
    return files;
}

/** Evaluates a compiled file of the zip as CommonJS, resolving its own relative requires inside the zip. */
function load(files: Map<string, Buffer>, name: string): Record<string, unknown> {
    const source = files.get(name)?.toString('utf8');
    if (source === undefined) throw new Error(`${name} is not in the zip`);
    const exports: Record<string, unknown> = {};
    const require = (id: string) => (id.startsWith('.') ? load(files, join(name, '..', `${id}.js`)) : requireFromApp(id));
    runInNewContext(source, { exports, require, module: { exports } });
    return exports;
}

describe('the App package', () => {
    let files: Map<string, Buffer>;
    const info = JSON.parse(require('node:fs').readFileSync(join(appDir, 'app.json'), 'utf8')) as Record<string, unknown>;
    const zipPath = join(appDir, 'dist', `${info.nameSlug}_${info.version}.zip`);

    beforeAll(async () => {
        await rm(join(appDir, 'dist'), { recursive: true, force: true });
        await promisify(execFile)(join(appDir, 'node_modules', '.bin', 'rc-apps'), ['package'], { cwd: appDir });
        files = await unzip(zipPath);
    });

    test('holds app.json, the icon, the i18n file and the compiled classes, and nothing of the tests', () => {
        const names = [...files.keys()].sort();
        for (const name of ['app.json', 'icon.png', 'i18n/en.json', 'InfobotApp.js', 'src/InfoCommand.js', 'src/forward.js']) expect(names).toContain(name);
        // `.packagedby` is the CLI's mark (Rocket.Chat then loads the compiled .js files); dot-files and folders, the tests among them, stay out.
        expect(names.filter((n) => (n.startsWith('.') && n !== '.packagedby') || n.startsWith('node_modules/'))).toEqual([]);
    });

    test('app.json is the App manifest Rocket.Chat validates: id, version, API range, class file, permissions', async () => {
        const manifest = JSON.parse(files.get('app.json')?.toString('utf8') ?? '{}') as Record<string, unknown>;
        expect(manifest.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
        expect(manifest).toMatchObject({ name: 'Infobot', nameSlug: 'infobot', classFile: 'InfobotApp.ts', requiredApiVersion: '^1.41.0', iconFile: 'icon.png' });
        expect(manifest.permissions).toEqual([{ name: 'slashcommand' }, { name: 'message.write' }]);
        // The CLI's own schema (what `rc-apps package` checks before building).
        const { appJsonSchema } = requireFromApp('@rocket.chat/apps-cli/lib/misc/appJsonSchema');
        const tv4 = requireFromApp('tv4');
        const result = tv4.validateMultiple(JSON.parse(await readFile(join(appDir, 'app.json'), 'utf8')), appJsonSchema);
        expect(result.errors).toEqual([]);
        expect(result.missing).toEqual([]);
        expect(files.get('icon.png')?.subarray(1, 4).toString('latin1')).toBe('PNG');
    });

    test('the compiled command posts `!info …` as the sender, in the room and thread', async () => {
        const { InfoCommand } = load(files, 'src/InfoCommand.js') as { InfoCommand: new () => { command: string; executor: (...args: unknown[]) => Promise<void> } };
        const command = new InfoCommand();
        expect(command.command).toBe('info');
        const { modify, finished } = recordingModify();
        await command.executor(new SlashCommandContext(alice, adminRoom, ['', 'deployment'], 'thread-9'), unused.read, modify, unused.http, unused.persis);
        expect(finished).toEqual([{ sender: alice, room: adminRoom, text: '!info deployment', threadId: 'thread-9' }]);
    });
});
