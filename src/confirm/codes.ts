/**
 * One-time confirmation codes, shared by every flow that changes Rocket.Chat only after its requester confirms
 * (a license, a setting change): short and unambiguous to read and type.
 */
import { randomInt } from 'node:crypto';

/** No 0/O, 1/I/L. */
const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
const CODE_LENGTH = 6;

/** A fresh one-time code. */
export function newCode(): string {
  return Array.from({ length: CODE_LENGTH }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]).join('');
}

/** True for a string shaped like a code (after normaliseCode). */
export function isCode(text: string): boolean {
  return text.length === CODE_LENGTH && [...text].every((c) => CODE_ALPHABET.includes(c));
}

/** A code as typed (any case, in backticks as the card shows it, words after it) in the stored form. */
export function normaliseCode(typed: string): string {
  return (typed.trim().split(/\s+/)[0] ?? '').replace(/[^A-Za-z0-9]/g, '').toUpperCase();
}
