/**
 * zod schemas of the ASR responses (docs/tencent-wire.md §3.3, §4, §7.1). Tencent marks
 * nearly every field "may be null", and real answers omit some, so optional fields accept null and
 * absence. TaskIds are uint64 strings (see uint64.ts). Units are Tencent's: AudioDuration is SECONDS
 * in DescribeTaskStatus and MILLISECONDS in SentenceRecognition; the transcript adapters convert.
 */
import { z } from 'zod';
import { onFirstUse } from '../../lazy/on-first-use.js';
import { uint64Schema } from '../../tencent/api3/uint64.js';

const maybe = <T extends z.ZodTypeAny>(schema: T) => schema.nullish();

/** CreateRecTask's and DescribeTaskStatus's answers. */
function recTaskSchemas() {
  /** One word with offsets relative to its sentence's StartMs. */
  const sentenceWordSchema = z.object({
    Word: maybe(z.string()),
    OffsetStartMs: maybe(z.number()),
    OffsetEndMs: maybe(z.number()),
  });

  /** Keyword hits of a sentence. */
  const keyWordResultSchema = z.object({
    KeyWordLibID: maybe(z.string()),
    KeyWordLibName: maybe(z.string()),
    KeyWords: maybe(z.array(z.string())),
  });

  /** One sentence of a DescribeTaskStatus result (ResTextFormat >= 1). */
  const sentenceDetailSchema = z.object({
    FinalSentence: maybe(z.string()),
    SliceSentence: maybe(z.string()),
    WrittenText: maybe(z.string()),
    StartMs: maybe(z.number()),
    EndMs: maybe(z.number()),
    WordsNum: maybe(z.number()),
    Words: maybe(z.array(sentenceWordSchema)),
    SpeechSpeed: maybe(z.number()),
    SpeakerId: maybe(z.number()),
    EmotionalEnergy: maybe(z.number()),
    SilenceTime: maybe(z.number()),
    EmotionType: maybe(z.array(z.string())),
    KeyWordResults: maybe(z.array(keyWordResultSchema)),
    LangType: maybe(z.string()),
    SpeakerRoleName: maybe(z.string()),
  });

  /** CreateRecTask answer. */
  const createRecTaskResponseSchema = z.object({
    RequestId: z.string(),
    Data: z.object({ TaskId: uint64Schema }),
  });

  /** Task states: 0 waiting, 1 doing, 2 success, 3 failed. */
  const taskStatusSchema = z.object({
    TaskId: uint64Schema,
    Status: z.number().int().min(0).max(3),
    StatusStr: maybe(z.string()),
    Result: maybe(z.string()),
    ErrorMsg: maybe(z.string()),
    ResultDetail: maybe(z.array(sentenceDetailSchema)),
    /** Seconds (float). */
    AudioDuration: maybe(z.number()),
  });

  /** DescribeTaskStatus answer. */
  const describeTaskStatusResponseSchema = z.object({
    RequestId: z.string(),
    Data: taskStatusSchema,
  });

  return {
    createRecTaskResponseSchema,
    taskStatusSchema,
    sentenceDetailSchema,
    describeTaskStatusResponseSchema,
  };
}

/** SentenceRecognition's answer. */
function sentenceRecognitionSchema() {
  /** One word of a SentenceRecognition answer, times in ms from the start of the clip. */
  const sentenceWordInfoSchema = z.object({
    Word: maybe(z.string()),
    StartTime: maybe(z.number()),
    EndTime: maybe(z.number()),
  });

  return z.object({
    RequestId: z.string(),
    Result: maybe(z.string()),
    /** Milliseconds. */
    AudioDuration: maybe(z.number()),
    WordSize: maybe(z.number()),
    WordList: maybe(z.array(sentenceWordInfoSchema)),
  });
}

// Built on first use (lib/lazy/on-first-use.ts): only the ASR and sentence engines parse with these.
const asrAnswers = onFirstUse(() => ({
  ...recTaskSchemas(),
  sentenceRecognitionResponseSchema: sentenceRecognitionSchema(),
}));
type AsrAnswers = ReturnType<typeof asrAnswers>;

/** CreateRecTask answer. */
export const createRecTaskResponseSchema = z.lazy(() => asrAnswers().createRecTaskResponseSchema);
/** DescribeTaskStatus answer. */
export const describeTaskStatusResponseSchema = z.lazy(() => asrAnswers().describeTaskStatusResponseSchema);
/** SentenceRecognition answer. */
export const sentenceRecognitionResponseSchema = z.lazy(() => asrAnswers().sentenceRecognitionResponseSchema);

/** Parsed CreateRecTask answer. */
export type CreateRecTaskResponse = z.output<AsrAnswers['createRecTaskResponseSchema']>;
/** Parsed DescribeTaskStatus answer. */
export type DescribeTaskStatusResponse = z.output<AsrAnswers['describeTaskStatusResponseSchema']>;
/** State and result of one recording task. */
export type TaskStatus = z.output<AsrAnswers['taskStatusSchema']>;
/** One sentence of a task result. */
export type SentenceDetail = z.output<AsrAnswers['sentenceDetailSchema']>;
/** Parsed SentenceRecognition answer. */
export type SentenceRecognitionResponse = z.output<AsrAnswers['sentenceRecognitionResponseSchema']>;
