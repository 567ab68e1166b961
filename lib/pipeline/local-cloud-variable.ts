/**
 * `COS_TRANSCRIBE_LOCAL_CLOUD=http://127.0.0.1:P` points every Tencent client at the local emulator
 * (from-environment.ts). Its own module so the emulator, which sets it for the functions it runs, does
 * not load the pipeline's clients to learn its name.
 */
export const localCloudVariable = 'COS_TRANSCRIBE_LOCAL_CLOUD';
