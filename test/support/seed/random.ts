/**
 * Deterministic randomness for the seeder. Every entity draws from its own stream, keyed by
 * (seed, label, index), so a document does not depend on the order in which others were generated
 * or written: batches can be flushed in any interleaving and the output stays identical.
 */

/** Meteor's `Random.id()` alphabet (no look-alike characters), as Rocket.Chat's ids use. */
export const METEOR_ID_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTWXYZabcdefghijkmnopqrstuvwxyz';
const HEX = '0123456789abcdef';

function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

function splitmix32(state: number): () => number {
  let s = state >>> 0;
  return () => {
    s = (s + 0x9e3779b9) | 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/** A small, fast PRNG (sfc32) with the helpers the generators need. */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seedWords: readonly [number, number, number, number]) {
    [this.a, this.b, this.c, this.d] = seedWords;
    for (let i = 0; i < 12; i++) this.next();
  }

  /** A float in [0, 1). */
  next(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return (t >>> 0) / 4294967296;
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)];
    if (item === undefined) throw new Error('pick() needs a non-empty list');
    return item;
  }

  /** Picks by weight: `[[value, weight], …]`. */
  weighted<T>(table: readonly (readonly [T, number])[]): T {
    let total = 0;
    for (const [, weight] of table) total += weight;
    let roll = this.next() * total;
    for (const [value, weight] of table) {
      roll -= weight;
      if (roll < 0) return value;
    }
    const last = table[table.length - 1];
    if (!last) throw new Error('weighted() needs a non-empty table');
    return last[0];
  }

  private chars(alphabet: string, length: number): string {
    let out = '';
    for (let i = 0; i < length; i++) out += alphabet[Math.floor(this.next() * alphabet.length)];
    return out;
  }

  /** A Meteor `Random.id()`: 17 characters unless told otherwise. */
  id(length = 17): string {
    return this.chars(METEOR_ID_ALPHABET, length);
  }

  /** A hex string, e.g. 24 characters for the string ids Rocket.Chat's BaseRaw gives inserted docs. */
  hex(length: number): string {
    return this.chars(HEX, length);
  }

  /** A version-4 UUID, as `crypto.randomUUID()` formats it. */
  uuid(): string {
    const h = this.hex(32);
    const variant = HEX[8 + Math.floor(this.next() * 4)];
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
  }
}

/** The stream for one entity: same (seed, label, index) → same sequence. */
export function rngFor(seed: number, label: string, index = 0): Rng {
  const mix = splitmix32(fnv1a(label) ^ Math.imul(seed | 0, 0x9e3779b1) ^ Math.imul(index | 0, 0x85ebca77));
  return new Rng([mix(), mix(), mix(), mix()]);
}
