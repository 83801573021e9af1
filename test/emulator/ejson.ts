/** EJSON as DDP carries it: dates travel as {"$date": ms}; everything else is plain JSON. */

/** Replaces every Date in a value with {$date: ms}, as Meteor's EJSON.toJSONValue does. */
export function toEjson(value: unknown): unknown {
	if (value instanceof Date) return { $date: value.getTime() };
	if (Array.isArray(value)) return value.map(toEjson);
	if (value && typeof value === 'object') {
		const out: Record<string, unknown> = {};
		for (const [key, inner] of Object.entries(value)) {
			if (inner !== undefined) out[key] = toEjson(inner);
		}
		return out;
	}
	return value;
}

/** Turns {$date: ms} back into Date objects (frames arriving from clients). */
export function fromEjson(value: unknown): unknown {
	if (Array.isArray(value)) return value.map(fromEjson);
	if (value && typeof value === 'object') {
		const record = value as Record<string, unknown>;
		const keys = Object.keys(record);
		if (keys.length === 1 && keys[0] === '$date' && typeof record.$date === 'number') return new Date(record.$date);
		const out: Record<string, unknown> = {};
		for (const [key, inner] of Object.entries(record)) out[key] = fromEjson(inner);
		return out;
	}
	return value;
}

/** Serialises one DDP frame. */
export function stringifyFrame(frame: Record<string, unknown>): string {
	return JSON.stringify(toEjson(frame));
}
