/**
 * One warm SCF Node.js instance, run by function-runtime.ts on the SCF runtime's Node (18.15) in a
 * child process: `node -e <this source> <code dir> <file>.<export>` (a string rather than a file, so
 * the bundled CLI carries it too). It loads the handler from the unpacked code package on the first
 * invocation (as SCF does, so a broken package fails the invocation, not the deploy), then answers
 * each `{id, event, context}` message with `{id, ok, result}` or `{id, ok: false, error}`. Plain
 * CommonJS: it runs as it is on Node 18.
 */
export const scfNodeRuntimeSource = `
const path = require('node:path');

const [codeDir, handlerName] = process.argv.slice(1);
const dot = handlerName.lastIndexOf('.');
const file = handlerName.slice(0, dot);
const exportName = handlerName.slice(dot + 1);
let handler;

function load() {
  if (handler) return handler;
  const loaded = require(path.join(codeDir, file));
  if (typeof loaded[exportName] !== 'function') {
    throw new Error(\`handler \${handlerName}: \${file}.js does not export a function \${exportName}\`);
  }
  handler = loaded[exportName];
  return handler;
}

function invoke(fn, event, context) {
  return new Promise((resolve, reject) => {
    const done = (error, result) => (error ? reject(error) : resolve(result));
    const returned = fn(event, context, done);
    // Callback-style handlers (three parameters) answer through the callback; others by their return value.
    if (fn.length < 3 || (returned && typeof returned.then === 'function'))
      Promise.resolve(returned).then(resolve, reject);
  });
}

process.on('message', async ({ id, event, context }) => {
  const deadline = Date.now() + context.time_limit_in_ms;
  const fullContext = { ...context, getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()) };
  try {
    const result = await invoke(load(), event, fullContext);
    process.send({ id, ok: true, result: result === undefined ? null : result });
  } catch (error) {
    const known = error instanceof Error;
    process.send({
      id,
      ok: false,
      error: {
        name: known ? error.name : 'Error',
        message: known ? error.message : String(error),
        stack: known ? error.stack : undefined,
      },
    });
  }
});
`;
