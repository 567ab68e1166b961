/**
 * The shapes CI answers with, element for element: `JobsDetail` as in the recorded submit response
 * (fixtures/tencent/ci-submit.response.xml, also used for GET and list) and the job-finished notice as
 * in the recorded callback (fixtures/tencent/ci-callback.xml), whose element order differs.
 */
import { formatCiTime } from './ci-time.js';
import type { SpeechJob } from './speech-job.js';
import type { SpeechRecognitionResult } from './speech-result.js';
import type { XmlNode } from './xml.js';

/** `JobsDetail` for submit, GET and list responses. */
export function jobDetailTree(job: SpeechJob): Record<string, XmlNode | undefined> {
  const { spec } = job;
  const p = spec.params;
  return {
    Code: job.code,
    CreationTime: formatCiTime(job.createdAt),
    EndTime: formatCiTime(job.endedAt),
    Input: inputTree(job),
    JobId: job.jobId,
    Message: job.message,
    Operation: {
      JobLevel: String(spec.jobLevel),
      Output: outputTree(job),
      SpeechRecognition: {
        ChannelNum: String(p.channelNum),
        ConvertNumMode: String(p.convertNumMode),
        EngineModelType: p.engineModelType,
        FilterDirty: String(p.filterDirty),
        FilterModal: String(p.filterModal),
        FilterPunc: String(p.filterPunc),
        OutputFileType: p.outputFileType,
        ResTextFormat: String(p.resTextFormat),
        SpeakerDiarization: String(p.speakerDiarization),
        SpeakerNumber: String(p.speakerNumber),
      },
      SpeechRecognitionResult: job.result
        ? resultTree(job.result, job.spec.params.resTextFormat, true)
        : undefined,
      UserData: spec.userData ?? '',
      // The recorded response really carries JobLevel twice inside Operation; clients must cope, so we do it too.
      JobLevel_: String(spec.jobLevel),
    },
    QueueId: job.queueId,
    StartTime: formatCiTime(job.startedAt),
    State: job.state,
    Tag: 'SpeechRecognition',
  };
}

/** The job-finished notice (`EventName` TaskFinish) as an XML tree. */
export function callbackTree(job: SpeechJob): Record<string, XmlNode | undefined> {
  return {
    Response: {
      EventName: 'TaskFinish',
      JobsDetail: {
        State: job.state,
        Tag: 'SpeechRecognition',
        Code: job.code,
        CreationTime: formatCiTime(job.createdAt),
        StartTime: formatCiTime(job.startedAt),
        EndTime: formatCiTime(job.endedAt),
        Input: inputTree(job),
        JobId: job.jobId,
        QueueId: job.queueId,
        Message: job.message,
        Operation: {
          UserData: job.spec.userData ?? '',
          JobLevel: String(job.spec.jobLevel),
          Output: outputTree(job),
          SpeechRecognitionResult: job.result
            ? resultTree(job.result, job.spec.params.resTextFormat, false)
            : undefined,
        },
      },
    },
  };
}

/**
 * The same notice for CallBackFormat=JSON: the PascalCase structure as JSON, every value a string,
 * repeated elements always arrays. `JobsDetail` is an object here; sibling CI documents also show a
 * one-element array, so clients should accept both.
 */
export function callbackJson(job: SpeechJob): string {
  // The JSON form has no <Response> root: {"EventName": "TaskFinish", "JobsDetail": {...}}.
  return JSON.stringify(toJson(callbackTree(job).Response));
}

/** Renames the internal duplicate marker and drops absent elements, for JSON output and tests. */
function toJson(node: XmlNode | undefined): unknown {
  if (node === undefined || typeof node === 'string') return node;
  if (Array.isArray(node)) return node.map((item: XmlNode) => toJson(item));
  const out: Record<string, unknown> = {};
  for (const [name, child] of Object.entries(node as Record<string, XmlNode | undefined>)) {
    if (child !== undefined && !name.endsWith('_')) out[name] = toJson(child);
  }
  return out;
}

function inputTree(job: SpeechJob): XmlNode {
  const { input } = job.spec;
  return 'object' in input
    ? { BucketId: job.bucket, Object: input.object, Region: job.region }
    : { BucketId: job.bucket, Url: input.url, Region: job.region };
}

function outputTree(job: SpeechJob): XmlNode {
  const { output } = job.spec;
  return { Bucket: output.bucket, Object: output.object, Region: output.region };
}

/**
 * ResultDetail is filled for ResTextFormat ≥ 1 (doc 1045/49546: "will not be empty if ResTextFormat is 1").
 * The recorded callback has no WordsNum and no FlashResult; the response documented by doc 1045/49546 has both.
 */
function resultTree(result: SpeechRecognitionResult, resTextFormat: number, full: boolean): XmlNode {
  const detail =
    resTextFormat >= 1
      ? result.ResultDetail.map((s) => ({
          EndMs: s.EndMs,
          FinalSentence: s.FinalSentence,
          SliceSentence: s.SliceSentence,
          SpeakerId: s.SpeakerId,
          SpeechSpeed: s.SpeechSpeed,
          StartMs: s.StartMs,
          WordsNum: full ? s.WordsNum : undefined,
          Words: s.Words.map((w) => ({ ...w })),
        }))
      : undefined;
  return {
    AudioTime: result.AudioTime,
    DetailObjectName: result.DetailObjectName,
    FlashResult: full
      ? result.FlashResult.map((c) => ({
          channel_id: c.channel_id,
          sentence_list: c.sentence_list.map((s) => ({
            end_time: s.end_time,
            speaker_id: s.speaker_id,
            start_time: s.start_time,
            text: s.text,
            word_list: s.word_list.map((w) => ({
              end_time: w.end_time,
              start_time: w.start_time,
              word: w.word,
            })),
          })),
          text: c.text,
        }))
      : undefined,
    ObjectName: result.ObjectName,
    Result: result.Result,
    ResultDetail: detail && detail.length > 0 ? detail : undefined,
  };
}
