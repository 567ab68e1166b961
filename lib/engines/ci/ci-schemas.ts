/**
 * zod schemas for what CI answers, applied to the output of `parseCiXml` (strings; an element that
 * repeats is an array, one that does not is an object, and `list` accepts both).
 * Where real payloads vary:
 * - empty elements (`<Message/>`, `<ResultDetail/>`) arrive as '' and mean "none";
 * - an element may repeat where the documents show it once: CI's own submit answer (doc 1045/49546, fixture
 *   ci-submit.response.xml) carries `<JobLevel>` twice inside Operation, so leaves take the first;
 * - times are 'YYYY-MM-DDThh:mm:ss+0800' or '-' when not set; they stay strings here.
 * Values stay strings (CI sends strings); the transcript adapters convert units once.
 */
import { z } from 'zod';
import { onFirstUse } from '../../lazy/on-first-use.js';
import type { CiJobState } from './ci-request.js';

const firstOf = (value: unknown) => (Array.isArray(value) ? value[0] : value);

/** The two kinds of text leaf every CI schema is made of. */
interface Leaves {
  /** A text leaf: '' when absent, the first value when repeated. */
  readonly text: z.ZodEffects<z.ZodString, string, unknown>;
  /** A text leaf that may be absent. */
  readonly optionalText: z.ZodEffects<z.ZodOptional<z.ZodString>, string | undefined, unknown>;
}

/** A repeated element: always an array, empty elements dropped. */
function list<T extends z.ZodTypeAny>(item: T) {
  return z.preprocess(
    (value) =>
      value === undefined || value === ''
        ? []
        : (Array.isArray(value) ? value : [value]).filter((v) => v !== ''),
    z.array(item),
  );
}

/** A container element that may be absent or empty. */
function container<T extends z.ZodTypeAny>(shape: T) {
  return z.preprocess((value) => {
    const first = firstOf(value);
    return first === '' ? undefined : first;
  }, shape.optional());
}

/** `SpeechRecognitionResult`. */
function resultSchema({ text, optionalText }: Leaves) {
  const wordSchema = z.object({
    Word: text,
    OffsetStartMs: text,
    OffsetEndMs: text,
    VoiceType: optionalText,
  });

  const sentenceSchema = z.object({
    FinalSentence: text,
    SliceSentence: optionalText,
    StartMs: text,
    EndMs: text,
    WordsNum: optionalText,
    SpeechSpeed: optionalText,
    SpeakerId: optionalText,
    Words: list(wordSchema),
  });

  const flashChannelSchema = z.object({
    channel_id: optionalText,
    text: optionalText,
    sentence_list: list(
      z.object({
        text: text,
        start_time: text,
        end_time: text,
        speaker_id: optionalText,
        word_list: list(z.object({ word: text, start_time: text, end_time: text })),
      }),
    ),
  });

  return z.object({
    AudioTime: optionalText,
    Result: optionalText,
    ObjectName: optionalText,
    DetailObjectName: optionalText,
    ResultDetail: list(sentenceSchema),
    FlashResult: list(flashChannelSchema),
  });
}

const jobStates = [
  'Submitted',
  'Running',
  'Success',
  'Failed',
  'Pause',
  'Cancel',
] as const satisfies readonly CiJobState[];

/** One `JobsDetail` element. */
function jobSchema(leaves: Leaves) {
  const { text, optionalText } = leaves;
  return z.object({
    JobId: text,
    State: z.preprocess(firstOf, z.enum(jobStates)),
    Tag: text,
    /** Meaningful when State is Failed ('Success' otherwise). */
    Code: text,
    Message: text,
    CreationTime: text,
    StartTime: text,
    EndTime: text,
    QueueId: text,
    Input: container(
      z.object({ BucketId: optionalText, Object: optionalText, Region: optionalText, Url: optionalText }),
    ),
    Operation: container(
      z.object({
        TemplateId: optionalText,
        UserData: text,
        JobLevel: text,
        SpeechRecognition: container(z.record(z.string(), text)),
        Output: container(z.object({ Region: text, Bucket: text, Object: text })),
        SpeechRecognitionResult: container(resultSchema(leaves)),
      }),
    ),
  });
}

/** One speech queue of `GET /asrqueue` (doc 1207/47599). */
function queueSchema({ text, optionalText }: Leaves) {
  return z.object({
    QueueId: text,
    Name: text,
    /** 'Active' or 'Paused'. */
    State: text,
    MaxSize: optionalText,
    MaxConcurrent: optionalText,
    CreateTime: optionalText,
    UpdateTime: optionalText,
    NotifyConfig: container(
      z.object({ Url: optionalText, Type: optionalText, State: optionalText, Event: optionalText }),
    ),
  });
}

// Built on first use: only the CI engine parses with these (lib/lazy/on-first-use.ts).
const ciSchemas = onFirstUse(() => {
  const leaves: Leaves = {
    text: z.preprocess((value) => firstOf(value) ?? '', z.string()),
    optionalText: z.preprocess(firstOf, z.string().optional()),
  };
  const { text, optionalText } = leaves;
  const job = jobSchema(leaves);
  const queue = queueSchema(leaves);
  return {
    job,
    queue,
    jobsResponse: z.object({
      Response: z.object({
        EventName: optionalText,
        JobsDetail: list(job),
        NonExistJobIds: list(text),
        NextToken: optionalText,
      }),
    }),
    queuesResponse: z.object({
      Response: z.object({
        RequestId: optionalText,
        TotalCount: optionalText,
        PageNumber: optionalText,
        PageSize: optionalText,
        QueueList: list(queue),
      }),
    }),
  };
});

/** `<Response>` of submit, describe and list (and the TaskFinish callback). */
export const ciJobsResponseSchema = z.lazy(() => ciSchemas().jobsResponse);

/** `<Response>` of `GET /asrqueue` (doc 1207/47599). */
export const ciQueuesResponseSchema = z.lazy(() => ciSchemas().queuesResponse);

/** A CI speech job as CI describes it (one `JobsDetail` element). */
export type CiJob = z.infer<ReturnType<typeof ciSchemas>['job']>;

/** A speech queue as CI describes it. */
export type CiQueue = z.infer<ReturnType<typeof ciSchemas>['queue']>;
