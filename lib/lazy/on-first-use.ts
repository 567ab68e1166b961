/**
 * A module-level value made on first use instead of at import. A function bundle evaluates every
 * module it contains at each cold start, whatever path the invocation then takes; zod schemas are
 * the bulk of that work (each field is a few objects), and most of them serve one engine or one kind
 * of answer. Built through this, a schema costs its construction only in the invocations that parse
 * with it (issue 16, cold start).
 */
export function onFirstUse<T>(make: () => T): () => T {
  let made: { readonly value: T } | undefined;
  return () => {
    made ??= { value: make() };
    return made.value;
  };
}
