/**
 * Meteor.Error as Rocket.Chat raises it (code + reason + details); plain Error is the other kind.
 * The REST layer and the DDP layer turn both into their own wire shapes.
 */

/** Meteor.Error: `message` is "<reason> [<error>]" (or "[<error>]" without a reason). */
export class MeteorError extends Error {
	constructor(
		readonly error: string | number,
		readonly reason?: string,
		readonly details?: Record<string, unknown>,
	) {
		super(reason ? `${reason} [${error}]` : `[${error}]`);
	}

	/** The JSON a DDP `result`/`nosub` frame carries (Meteor's error serialisation). */
	toJSON(): Record<string, unknown> {
		return {
			isClientSafe: true,
			error: this.error,
			reason: this.reason,
			...(this.details && { details: this.details }),
			message: this.message,
			errorType: 'Meteor.Error',
		};
	}
}
