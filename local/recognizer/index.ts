/**
 * The offline recognizer's public face, for the ASR, MPS and CI emulators:
 * `recognizeSpeech(media, { language?, channels? })` → Recognition, or a RecognitionError.
 */
export type { InstallationCheck } from './installation.js';
export { describeMissing } from './installation.js';
export type { Recognition, RecognitionErrorCode, RecognizedSentence, RecognizedWord } from './recognition.js';
export { RecognitionError } from './recognition.js';
export type { RecognizeOptions } from './recognize-speech.js';
export { pendingRecognitions, recognizerInstallation, recognizeSpeech } from './recognize-speech.js';
