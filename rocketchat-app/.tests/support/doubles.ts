/**
 * Test doubles of ours for the accessors Rocket.Chat hands an App's slash command: IModify records the messages
 * its creator finishes; IRead, IHttp and IPersistence throw on any use, so a test fails if the command reaches for
 * anything it should not need. The builder implements only the IMessageBuilder calls a forwarded command makes.
 */
import type { IHttp, IMessageBuilder, IModify, IModifyCreator, IPersistence, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import type { IMessage } from '@rocket.chat/apps-engine/definition/messages';
import type { IRoom } from '@rocket.chat/apps-engine/definition/rooms';
import type { IUser } from '@rocket.chat/apps-engine/definition/users';

/** An accessor no test expects to be used. */
export function untouchable<T>(name: string): T {
    return new Proxy({}, {
        get(_target, property) {
            throw new Error(`the command used ${name}.${String(property)}, which it has no reason to`);
        },
    }) as T;
}

function messageBuilder(): IMessageBuilder {
    const message: Partial<IMessage> = {};
    const builder = {
        setSender(sender: IUser) {
            message.sender = sender;
            return builder;
        },
        setRoom(room: IRoom) {
            message.room = room;
            return builder;
        },
        setText(text: string) {
            message.text = text;
            return builder;
        },
        setThreadId(threadId: string) {
            message.threadId = threadId;
            return builder;
        },
        getMessage: () => message as IMessage,
    };
    return builder as unknown as IMessageBuilder;
}

/** An IModify whose creator keeps every finished message. */
export function recordingModify(): { modify: IModify; finished: IMessage[] } {
    const finished: IMessage[] = [];
    const creator = {
        startMessage: () => messageBuilder(),
        async finish(builder: IMessageBuilder) {
            finished.push(builder.getMessage());
            return `message-${finished.length}`;
        },
    } as unknown as IModifyCreator;
    const modify = { getCreator: () => creator } as unknown as IModify;
    return { modify, finished };
}

/** The three accessors a forwarded command never needs. */
export const unused = {
    read: untouchable<IRead>('read'),
    http: untouchable<IHttp>('http'),
    persis: untouchable<IPersistence>('persis'),
};

/** A user and a room shaped as Rocket.Chat's converters hand them to Apps (only the fields the command reads). */
export const alice = { id: 'u-alice', username: 'alice', name: 'Alice' } as IUser;
export const adminRoom = { id: 'r-admin', slugifiedName: 'infobot-admin', displayName: 'infobot-admin' } as IRoom;
