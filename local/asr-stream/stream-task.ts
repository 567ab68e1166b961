/**
 * One running live recognition task: pull the stream, cut utterances, recognise each with the
 * offline recognizer, post one callback per utterance (in order), and end after `idleEndMs` without
 * data or without voice (docs product 1093/52061: "若连续10分钟拉不到流或流数据无人声时，服务会终止识别任务")
 * or when closed. Ending sends nothing: the service has no final callback.
 */
import { randomBytes } from 'node:crypto';
import type { EmulatorContext } from '../context.js';
import { RecognitionError } from '../recognizer/recognition.js';
import { recognizeSpeech } from '../recognizer/recognize-speech.js';
import { type StreamSentence, streamCallbackRequest } from './stream-callback.js';
import { pullStream } from './stream-source.js';
import type { CreateStreamTaskParams } from './stream-task-params.js';
import { type CutUtterance, UtteranceCutter } from './utterance-cutter.js';

/** How tasks behave; see the README beside this file for why each default is what it is. */
export interface StreamTaskOptions {
  /** No data or no voice for this long ends a task (the service: 10 minutes). */
  readonly idleEndMs: number;
  /** Post the legacy form body instead of JSON with a CheckSum header. */
  readonly legacyCallback: boolean;
  /** Extra attempts after a callback that does not answer 2xx (none documented, so 0 by default). */
  readonly callbackRetries: number;
}

/** A task as the table keeps it. */
export interface StreamTask {
  readonly taskId: bigint;
  readonly url: string;
  running: boolean;
  /** Ends the task: stops pulling and sending. */
  end(reason: 'closed' | 'idle'): void;
}

/** Starts a task; `onEnd` is told once when it ends. */
export function startStreamTask(
  context: EmulatorContext,
  taskId: bigint,
  params: CreateStreamTaskParams,
  options: StreamTaskOptions,
  onEnd: (task: StreamTask) => void,
): StreamTask {
  const cutter = new UtteranceCutter();
  const startedAt = context.now();
  let lastDataAt = startedAt;
  let lastVoiceAt = startedAt;
  let sequence = 0;
  let chain = Promise.resolve();
  // A task ended by the idle limit still reports what it heard before; a closed one sends nothing more.
  let closed = false;
  const voiceHex = randomBytes(12).toString('hex');
  const log = (event: string, fields: Record<string, unknown> = {}) =>
    context.log(event, { taskId: taskId.toString(), ...fields });

  const enqueue = (utterance: CutUtterance) => {
    chain = chain
      .then(() => recognizeAndPost(utterance))
      .catch((error: unknown) => log('asr.stream.error', { error: String(error) }));
  };
  const source = pullStream(params.Url, {
    onAudio: (pcm) => {
      lastDataAt = context.now();
      const heard = cutter.lastVoiceMs;
      for (const utterance of cutter.push(pcm)) enqueue(utterance);
      // Voice is speech energy as it arrives: recognition lags behind, the idle clock must not.
      if (cutter.lastVoiceMs !== heard) lastVoiceAt = lastDataAt;
    },
    // The stream may come back: keep what was heard, and keep trying until the idle limit.
    onStop: (reason) => {
      for (const utterance of cutter.flush()) enqueue(utterance);
      log('asr.stream.pull-stopped', { reason: reason.replace(/\w+:\/\/\S+/g, '<url>') });
    },
  });
  const idle = setInterval(
    () => {
      const now = context.now();
      if (now - lastDataAt >= options.idleEndMs || now - lastVoiceAt >= options.idleEndMs) task.end('idle');
    },
    Math.max(50, Math.min(1_000, options.idleEndMs / 4)),
  );
  idle.unref();

  const task: StreamTask = {
    taskId,
    url: params.Url,
    running: true,
    end(reason) {
      if (!task.running) return;
      task.running = false;
      closed = reason === 'closed';
      clearInterval(idle);
      source.stop();
      if (!closed) for (const utterance of cutter.flush()) enqueue(utterance);
      // What was heard before the end is still being recognised and sent; say when that is over.
      void chain.then(() => log('asr.stream.drained'));
      log('asr.stream.ended', { reason });
      onEnd(task);
    },
  };

  async function recognizeAndPost(utterance: CutUtterance): Promise<void> {
    if (closed) return;
    let words: Array<{ text: string; startMs: number; endMs: number }>;
    try {
      const recognition = await recognizeSpeech(utterance.pcm, {
        language: params.EngineType,
        rawPcm: { sampleRate: 16_000, channels: 1 },
      });
      words = recognition.sentences.flatMap((sentence) => sentence.words);
    } catch (error) {
      if (error instanceof RecognitionError && error.code === 'EmptyAudio') return;
      throw error;
    }
    log('asr.stream.utterance', {
      startMs: utterance.startMs,
      ms: utterance.pcm.length / 32,
      words: words.length,
    });
    if (words.length === 0 || closed) return;
    sequence += 1;
    const sentence = toSentence(words, utterance.startMs, params, `${taskId}0_${voiceHex}_1_0_${sequence}`);
    const request = streamCallbackRequest({
      appId: context.appId,
      taskId,
      signToken: params.SignToken,
      sentence,
      legacy: options.legacyCallback,
    });
    log('asr.stream.callback', {
      voiceId: sentence.VoiceId,
      text: sentence.Text,
      startMs: sentence.StartTime,
    });
    for (let attempt = 0; attempt <= options.callbackRetries && !closed; attempt++) {
      const outcome = await context.sendCallback(
        params.CallbackUrl,
        request.body,
        request.contentType,
        request.headers,
      );
      if (outcome.delivered) return;
      log('asr.stream.callback.failed', { attempt: attempt + 1, status: outcome.status });
    }
  }
  return task;
}

/**
 * The callback sentence: words shifted to the task's clock; English-style punctuation (capital
 * first letter, full stop) unless FilterPunc drops it; WordList empty for WordInfo 0, words
 * without punctuation for 1 and with it for 2.
 */
function toSentence(
  words: ReadonlyArray<{ text: string; startMs: number; endMs: number }>,
  offsetMs: number,
  params: CreateStreamTaskParams,
  voiceId: string,
): StreamSentence {
  const punctuate = (params.FilterPunc ?? 0) === 0 || params.EngineType !== '16k_zh';
  const shown = words.map((word, index) => {
    const first = index === 0 ? word.text.charAt(0).toUpperCase() + word.text.slice(1) : word.text;
    return punctuate && index === words.length - 1 ? `${first}.` : first;
  });
  const wordInfo = params.WordInfo ?? 0;
  return {
    VoiceId: voiceId,
    Text: shown.join(' '),
    StartTime: offsetMs + (words[0]?.startMs ?? 0),
    EndTime: offsetMs + (words.at(-1)?.endMs ?? 0),
    WordList:
      wordInfo === 0
        ? []
        : words.map((word, index) => ({
            Word: wordInfo === 2 ? (shown[index] ?? word.text) : word.text,
            StartTime: offsetMs + word.startMs,
            EndTime: offsetMs + word.endMs,
          })),
  };
}
