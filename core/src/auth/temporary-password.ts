import { randomInt } from 'node:crypto';

// No 0/O, 1/l/I: read aloud or copied from a note without mistakes.
const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

/** A temporary password such as "h7kq-3vzp-m2xa" (about 59 bits), for an admin to hand over. */
export function temporaryPassword(): string {
  const group = () => Array.from({ length: 4 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
  return `${group()}-${group()}-${group()}`;
}
