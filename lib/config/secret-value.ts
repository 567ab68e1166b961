/**
 * A secret that cannot leak by accident: printing, string interpolation, JSON.stringify and
 * util.inspect all show `[redacted]`. Only `reveal()` gives the value, so every use is greppable.
 */
import { inspect } from 'node:util';

/** Wraps a secret string (the callback HMAC key). */
export class SecretValue {
  readonly #value: string;

  constructor(value: string) {
    this.#value = value;
  }

  /** The secret itself; call it only where the bytes are needed (HMAC keys). */
  reveal(): string {
    return this.#value;
  }

  toString(): string {
    return '[redacted]';
  }

  toJSON(): string {
    return '[redacted]';
  }

  [inspect.custom](): string {
    return 'SecretValue([redacted])';
  }
}
