/**
 * A value made by its first use instead of at import, then kept: the project's one way to defer a
 * costly module-level value (zod schemas, XML parsers, the ICU segmenter, a handler's dependencies).
 * A function bundle evaluates every module it contains at each cold start, whatever path the
 * invocation then takes, and zod schemas were the bulk of that work (each field is a few objects)
 * though most serve one engine or one kind of answer (issue 16, cold start).
 */
export function onFirstUse<T>(make: () => T): () => T {
  let made: { readonly value: T } | undefined;
  return () => {
    made ??= { value: make() };
    return made.value;
  };
}
