/** Faults a test can switch on to see how a client copes with a misbehaving Rocket.Chat. */

/** The fault switches the HTTP and DDP layers consult on every request and frame. */
export interface FaultState {
	rejectResumes: boolean;
	ignorePings: boolean;
	delayMs: number;
	failRest: { pattern: RegExp; status: number } | null;
}

export function createFaultState(): FaultState {
	return { rejectResumes: false, ignorePings: false, delayMs: 0, failRest: null };
}

/** Waits the configured response delay, if any. */
export function applyDelay(faults: FaultState): Promise<void> {
	return faults.delayMs > 0 ? new Promise((resolve) => setTimeout(resolve, faults.delayMs)) : Promise.resolve();
}
