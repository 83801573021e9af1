/**
 * The emulator's internal events, the counterpart of Rocket.Chat's `watch.*` and `notify.*` broker events:
 * services publish what changed, the realtime layer turns each event into stream frames.
 */
import type { MessageDoc, RoomDoc, SubscriptionDoc } from './collections.js';

/** Everything the realtime layer can deliver. */
export type BusEvent =
	/** A message was inserted or updated (watch.messages): re-emitted on stream-room-messages. */
	| { kind: 'message'; message: MessageDoc }
	/** A message was deleted (notify.deleteMessage): stream-notify-room `<rid>/deleteMessage`. */
	| { kind: 'message-deleted'; rid: string; messageId: string }
	/** A subscription changed (watch.subscriptions): stream-notify-user `<uid>/subscriptions-changed`. */
	| { kind: 'subscription'; action: 'inserted' | 'updated' | 'removed'; subscription: SubscriptionDoc }
	/** A room changed (watch.rooms): stream-notify-user `<uid>/rooms-changed` for its members. */
	| { kind: 'room'; action: 'inserted' | 'updated' | 'removed'; room: RoomDoc }
	/** A per-user event (notify.ephemeralMessage, notify.desktop): stream-notify-user `<uid>/<event>`. */
	| { kind: 'user'; userId: string; event: string; args: unknown[] }
	/** A setting changed (watch.settings): stream-notify-logged `private-settings-changed`, notify-all if public. */
	| { kind: 'setting'; action: 'updated'; setting: { _id: string; value: unknown; public?: boolean } };

type Listener = (event: BusEvent) => void;

/** A synchronous fan-out of emulator events. */
export class EventBus {
	private listeners = new Set<Listener>();

	on(listener: Listener): () => void {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	}

	emit(event: BusEvent): void {
		for (const listener of this.listeners) listener(event);
	}
}
