/**
 * The Infobot Rocket.Chat App: registers `/info` as a real slash command, so Rocket.Chat's clients list it and send
 * it whatever Message_AllowUnrecognizedSlashCommand says; the command hands the text to infobot (src/InfoCommand.ts).
 */
import type { IConfigurationExtend } from '@rocket.chat/apps-engine/definition/accessors';
import { App } from '@rocket.chat/apps-engine/definition/App';
import { InfoCommand } from './src/InfoCommand';

export class InfobotApp extends App {
    protected async extendConfiguration(configuration: IConfigurationExtend): Promise<void> {
        await configuration.slashCommands.provideSlashCommand(new InfoCommand());
    }
}
