/**
 * How a callback secret is judged weak without ever being shown. Anyone who guesses it can mint
 * callback tokens, so besides the length (`minSecretLength`) it must vary: at least
 * `minDistinctCharacters` different characters and, counted over its own character frequencies,
 * `minEntropyBits` bits of Shannon entropy (length × per-character entropy). `openssl rand -hex 16`
 * gives about 92 bits at worst (measured over 200,000 draws) and `-hex 32` over 210; 32 copies of one
 * letter give 0, `password` four times 88 with 7 distinct characters. Character statistics cannot see
 * a repeated pattern such as `0123456789abcdef` twice: this is a floor against careless values, not
 * a proof of randomness.
 */

/** The shortest secret accepted, in characters. */
export const minSecretLength = 32;
/** The fewest different characters a secret may have. */
export const minDistinctCharacters = 10;
/** The least Shannon entropy, in bits over the whole secret, estimated from its own characters. */
export const minEntropyBits = 80;

/** What is wrong with `secret`, in words that never quote it; undefined when it is strong enough. */
export function secretWeakness(secret: string): string | undefined {
  const characters = [...secret];
  if (characters.length < minSecretLength) return `is shorter than ${minSecretLength} characters`;
  const counts = new Map<string, number>();
  for (const character of characters) counts.set(character, (counts.get(character) ?? 0) + 1);
  if (counts.size < minDistinctCharacters) {
    return `has only ${counts.size} different characters (at least ${minDistinctCharacters} needed), so it is easy to guess`;
  }
  let bitsPerCharacter = 0;
  for (const count of counts.values()) {
    const share = count / characters.length;
    bitsPerCharacter -= share * Math.log2(share);
  }
  const bits = Math.floor(bitsPerCharacter * characters.length);
  if (bits < minEntropyBits) {
    return `varies too little (about ${bits} bits of entropy, at least ${minEntropyBits} needed), so it is easy to guess`;
  }
  return undefined;
}
