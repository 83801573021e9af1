/**
 * Request validation with zod schemas written from @rocket.chat/rest-typings' AJV schemas, reporting failures
 * with AJV's wording ("must have required property 'roomId'"), joined as Rocket.Chat joins them ("\n ").
 */
import type { z } from 'zod';
import { ANY_OF } from './schemas.js';

/** A zod issue as zod 4 reports it (only the fields read here). */
interface Issue {
	code: string;
	path: PropertyKey[];
	expected?: string;
	errors?: Issue[][];
	keys?: string[];
	minimum?: number | bigint;
	origin?: string;
}

function valueAt(input: unknown, path: PropertyKey[]): unknown {
	let value = input;
	for (const key of path) {
		if (!value || typeof value !== 'object') return undefined;
		value = (value as Record<PropertyKey, unknown>)[key];
	}
	return value;
}

function hasKey(input: unknown, path: PropertyKey[]): boolean {
	const parent = valueAt(input, path.slice(0, -1));
	const key = path[path.length - 1];
	return Boolean(parent && typeof parent === 'object' && key !== undefined && key in parent);
}

/** A property the schema requires is absent: AJV's `required` keyword, whatever the property's own type. */
function isMissing(issue: Issue, input: unknown): boolean {
	return issue.path.length > 0 && !hasKey(input, issue.path) && (issue.code === 'invalid_type' || issue.code === 'invalid_union');
}

// AJV checks `required` and `additionalProperties` before property types; keep that order.
function rank(issue: Issue, input: unknown): number {
	if (isMissing(issue, input)) return 0;
	if (issue.code === 'unrecognized_keys') return 1;
	return 2;
}

// zod reports the issues of a union's branches relative to the union; AJV names them from the root.
function rebase(issues: Issue[], prefix: PropertyKey[]): Issue[] {
	return issues.map((issue) => ({ ...issue, path: [...prefix, ...issue.path] }));
}

function ajvMessage(issue: Issue, input: unknown, anyOf = false): string[] {
	if (isMissing(issue, input)) return [`must have required property '${String(issue.path[issue.path.length - 1])}'`];
	switch (issue.code) {
		case 'invalid_type':
			return [`must be ${issue.expected ?? 'valid'}`];
		case 'unrecognized_keys':
			return ['must NOT have additional properties'];
		case 'invalid_value':
			return ['must be equal to one of the allowed values'];
		case 'too_small':
			return issue.origin === 'string' ? [`must NOT have fewer than ${issue.minimum} characters`] : [`must be >= ${issue.minimum}`];
		case 'invalid_union':
			return [
				...(issue.errors ?? []).flatMap((branch) => firstMessages(rebase(branch, issue.path), input)),
				anyOf ? 'must match a schema in anyOf' : 'must match exactly one schema in oneOf',
			];
		default:
			return ['must be valid'];
	}
}

// AJV (without allErrors) stops at the first failing keyword of a schema.
function firstMessages(issues: Issue[], input: unknown, anyOf = false): string[] {
	const first = [...issues].sort((a, b) => rank(a, input) - rank(b, input))[0];
	return first ? ajvMessage(first, input, anyOf) : [];
}

/** Validates input; on failure returns AJV-style messages joined the way Rocket.Chat joins them. */
export function validate<T>(schema: z.ZodType<T>, input: unknown): { ok: true; value: T } | { ok: false; message: string } {
	const result = schema.safeParse(input);
	if (result.success) return { ok: true, value: result.data };
	const issues = result.error.issues as unknown as Issue[];
	return { ok: false, message: firstMessages(issues, input, ANY_OF.has(schema)).join('\n ') };
}
