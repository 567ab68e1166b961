/**
 * The variable that points every client at the local emulator (lib/pipeline/from-environment.ts);
 * the config reads it too (a local cloud's callback route is plain http on loopback). On its own so
 * that the emulator, which sets it for the functions it runs, imports nothing else of lib/config.
 */
export const localCloudVariable = 'COS_TRANSCRIBE_LOCAL_CLOUD';
