/**
 * `/info`: posts `!info …` in the same room (and thread) on the sender's behalf; infobot answers it as it answers
 * the sender typing `!info …`. Rocket.Chat stores an App's message with `u` = the sender set here, through the same
 * executeSendMessage a user's own message takes (apps/meteor/app/apps/server/bridges/messages.ts,
 * converters/messages.ts convertAppMessage), with no `bot` or App mark: to infobot it is the sender's message, so the
 * sender's permissions are checked as always, and the App can do nothing the sender could not do by typing it.
 */
import type { IHttp, IModify, IPersistence, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import type { ISlashCommand, SlashCommandContext } from '@rocket.chat/apps-engine/definition/slashcommands';
import { forwardedText } from './forward';

export class InfoCommand implements ISlashCommand {
    public command = 'info';
    public i18nParamsExample = 'Infobot_Info_Params';
    public i18nDescription = 'Infobot_Info_Description';
    public providesPreview = false;

    public async executor(context: SlashCommandContext, _read: IRead, modify: IModify, _http: IHttp, _persis: IPersistence): Promise<void> {
        const creator = modify.getCreator();
        const message = creator
            .startMessage()
            .setSender(context.getSender())
            .setRoom(context.getRoom())
            .setText(forwardedText(context.getArguments()));
        const threadId = context.getThreadId();
        if (threadId) {
            message.setThreadId(threadId);
        }
        await creator.finish(message);
    }
}
