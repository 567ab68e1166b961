/**
 * Parses and validates a speech-job submission body the way CI does: every documented element of
 * CI doc 1045/49546 "Submitting Speech Recognition Job" (POST /asr_jobs) and of the current
 * POST /jobs API, with CI's InvalidArgument / MalformedXML answers naming the element at fault.
 * Values arrive as XML text, so numbers are checked as canonical decimal strings.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { z } from 'zod';
import { isTelephoneEngine } from '../engine-names.js';
import { CI_ENGINES, CI_FLASH_ENGINES } from './ci-engines.js';
import { CiError } from './ci-error.js';
import type { SpeechJobSpec, SpeechParams } from './speech-job.js';
import { decodeXmlText } from './xml.js';

// Entities are decoded by decodeXmlText, one pass with character references, as an XML parser does
// (fast-xml-parser leaves `&#13;` as it is); raw line endings it normalises itself.
const parser = new XMLParser({
  ignoreAttributes: true,
  parseTagValue: false,
  trimValues: true,
  processEntities: false,
  tagValueProcessor: (_name, value) => decodeXmlText(value),
});

// Every leaf is text; a repeated element parses as an array and is refused by these schemas.
const text = z.string();
const SpeechRecognitionXml = z
  .object({
    EngineModelType: text.optional(),
    ChannelNum: text.optional(),
    ResTextFormat: text.optional(),
    FilterDirty: text.optional(),
    FilterModal: text.optional(),
    FilterPunc: text.optional(),
    ConvertNumMode: text.optional(),
    SpeakerDiarization: text.optional(),
    SpeakerNumber: text.optional(),
    OutputFileType: text.optional(),
    FlashAsr: text.optional(),
    Format: text.optional(),
    FirstChannelOnly: text.optional(),
    WordInfo: text.optional(),
  })
  .passthrough();

const RequestXml = z.object({
  Tag: text.optional(),
  // `<Input/>` parses as '' rather than an object.
  Input: z
    .union([z.object({ Object: text.optional(), Url: text.optional() }).passthrough(), z.literal('')])
    .optional(),
  Operation: z
    .union([
      z
        .object({
          SpeechRecognition: z.union([SpeechRecognitionXml, z.literal('')]).optional(),
          TemplateId: text.optional(),
          Output: z
            .union([
              z
                .object({ Region: text.optional(), Bucket: text.optional(), Object: text.optional() })
                .passthrough(),
              z.literal(''),
            ])
            .optional(),
          UserData: text.optional(),
          JobLevel: text.optional(),
        })
        .passthrough(),
      z.literal(''),
    ])
    .optional(),
  QueueId: text.optional(),
  CallBack: text.optional(),
  CallBackFormat: text.optional(),
  CallBackType: text.optional(),
  CallBackMqConfig: z.unknown().optional(),
});

/** Parses a submission body; throws CiError (400) naming the first problem. */
export function parseJobRequest(
  body: Buffer,
  api: 'asr_jobs' | 'jobs',
): SpeechJobSpec & { queueId: string | undefined } {
  const xml = body.toString('utf8');
  if (xml.trim() === '') throw invalid('The request body is empty: send a <Request> XML document.');
  if (XMLValidator.validate(xml) !== true) {
    throw new CiError(400, 'MalformedXML', 'The XML you provided was not well-formed or did not validate.');
  }
  const root = z.object({ Request: z.unknown() }).safeParse(parser.parse(xml));
  if (!root.success) throw invalid('The body must be a <Request> element.');
  const parsed = RequestXml.safeParse(root.data.Request);
  if (!parsed.success) {
    const path = parsed.error.issues[0]?.path.join('.') ?? 'Request';
    throw invalid(`Request.${path} is malformed (repeated or not text).`);
  }
  const request = parsed.data;

  if (request.Tag !== 'SpeechRecognition') {
    throw invalid(`Request.Tag must be SpeechRecognition, got '${request.Tag ?? ''}'.`);
  }
  const input = request.Input === '' ? {} : (request.Input ?? {});
  const object = nonEmpty(input.Object);
  const url = nonEmpty(input.Url);
  if (object === undefined && url === undefined) throw invalid('Request.Input needs Object or Url.');
  if (url !== undefined && object === undefined && !/^https?:\/\/[^\s/]+/i.test(url)) {
    throw invalid('Request.Input.Url must be an http or https URL.');
  }

  if (request.Operation === undefined || request.Operation === '')
    throw invalid('Request.Operation is required.');
  const operation = request.Operation;
  if (operation.TemplateId !== undefined && operation.SpeechRecognition === undefined) {
    // Templates win over inline parameters on the real service; the emulator has no template API.
    throw invalid(
      `Request.Operation.TemplateId '${operation.TemplateId}' does not exist (use SpeechRecognition).`,
    );
  }
  if (operation.SpeechRecognition === undefined || operation.SpeechRecognition === '') {
    throw invalid('Request.Operation.SpeechRecognition is required.');
  }
  const params = parseSpeechParams(operation.SpeechRecognition, api);

  const output = operation.Output === '' ? {} : operation.Output;
  if (output === undefined) throw invalid('Request.Operation.Output is required.');
  const region = nonEmpty(output.Region);
  const bucket = nonEmpty(output.Bucket);
  const outObject = nonEmpty(output.Object);
  if (region === undefined) throw invalid('Request.Operation.Output.Region is required.');
  if (bucket === undefined) throw invalid('Request.Operation.Output.Bucket is required.');
  if (outObject === undefined) throw invalid('Request.Operation.Output.Object is required.');
  if (!/^[a-z0-9-]+-\d+$/.test(bucket)) {
    throw invalid(
      `Request.Operation.Output.Bucket '${bucket}' is not a bucket name of the form <name>-<appid>.`,
    );
  }

  const userData = operation.UserData;
  if (userData !== undefined && (userData.length > 1024 || !/^[\x20-\x7e]*$/.test(userData))) {
    throw invalid('Request.Operation.UserData must be at most 1024 printable ASCII characters.');
  }
  const jobLevel = integerIn(operation.JobLevel, 'Request.Operation.JobLevel', [0, 1, 2], 0);

  const queueId = nonEmpty(request.QueueId);
  if (api === 'asr_jobs' && queueId === undefined) throw invalid('Request.QueueId is required.');

  const callBackFormat = request.CallBackFormat ?? 'XML';
  if (callBackFormat !== 'XML' && callBackFormat !== 'JSON') {
    throw invalid(`Request.CallBackFormat must be XML or JSON, got '${callBackFormat}'.`);
  }
  const callBackType = request.CallBackType ?? 'Url';
  if (callBackType !== 'Url' && callBackType !== 'TDMQ') {
    throw invalid(`Request.CallBackType must be Url or TDMQ, got '${callBackType}'.`);
  }
  if (callBackType === 'TDMQ' && request.CallBackMqConfig === undefined) {
    throw invalid('Request.CallBackMqConfig is required when CallBackType is TDMQ.');
  }
  const callBackText = nonEmpty(request.CallBack);
  if (callBackText !== undefined && callBackText !== 'no' && !/^https?:\/\/[^\s/]+/i.test(callBackText)) {
    throw invalid('Request.CallBack must be an http or https URL, or "no".');
  }

  return {
    api,
    input: object !== undefined ? { object } : { url: url ?? '' },
    params,
    output: { region, bucket, object: outObject },
    userData,
    jobLevel,
    callBack: callBackText === 'no' ? undefined : callBackText,
    callBackFormat,
    callBackType,
    queueId,
  };
}

function parseSpeechParams(
  xml: z.infer<typeof SpeechRecognitionXml>,
  api: 'asr_jobs' | 'jobs',
): SpeechParams {
  const where = 'Request.Operation.SpeechRecognition';
  const engine = xml.EngineModelType;
  if (engine === undefined || engine === '') throw invalid(`${where}.EngineModelType is required.`);
  if (!CI_ENGINES.includes(engine)) {
    throw invalid(
      `${where}.EngineModelType '${engine}' is not supported; use one of ${CI_ENGINES.join(', ')}.`,
    );
  }
  const flash = xml.FlashAsr ?? 'false';
  if (flash !== 'true' && flash !== 'false') throw invalid(`${where}.FlashAsr must be true or false.`);
  if (flash === 'true') checkFlashParams(xml, engine, where);
  // ChannelNum is required for general recognition; fast recognition reads channels from the file.
  if (xml.ChannelNum === undefined && flash === 'false') throw invalid(`${where}.ChannelNum is required.`);
  const channelNum = integerIn(xml.ChannelNum, `${where}.ChannelNum`, [1, 2], 1);
  if (channelNum === 2 && !isTelephoneEngine(engine)) {
    throw invalid(`${where}.ChannelNum 2 (dual channel) is only for the 8k engines, not ${engine}.`);
  }
  // Doc 1045/49546 marks ResTextFormat required for the legacy API; the current API echoes 0 when omitted.
  if (api === 'asr_jobs' && xml.ResTextFormat === undefined)
    throw invalid(`${where}.ResTextFormat is required.`);
  const resTextFormat = integerIn(xml.ResTextFormat, `${where}.ResTextFormat`, [0, 1, 2], 0);
  const speakerDiarization = integerIn(xml.SpeakerDiarization, `${where}.SpeakerDiarization`, [0, 1], 0);
  const speakerNumber = integerIn(
    xml.SpeakerNumber,
    `${where}.SpeakerNumber`,
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
    0,
  );
  const outputFileType = xml.OutputFileType ?? 'txt';
  if (outputFileType !== 'txt' && outputFileType !== 'srt') {
    throw invalid(`${where}.OutputFileType must be txt or srt, got '${outputFileType}'.`);
  }
  return {
    engineModelType: engine,
    channelNum,
    resTextFormat,
    filterDirty: integerIn(xml.FilterDirty, `${where}.FilterDirty`, [0, 1, 2], 0),
    filterModal: integerIn(xml.FilterModal, `${where}.FilterModal`, [0, 1, 2], 0),
    filterPunc: integerIn(xml.FilterPunc, `${where}.FilterPunc`, [0, 1, 2], 0),
    // Documented default is 1, but CI's recorded echo shows 0 when the request omits it.
    // 3 (mathematical conversion) is the general engines' third mode, as in ASR's CreateRecTask.
    convertNumMode: integerIn(xml.ConvertNumMode, `${where}.ConvertNumMode`, [0, 1, 3], 0),
    speakerDiarization,
    speakerNumber,
    outputFileType,
    flashAsr: flash === 'true',
  };
}

/** Fast recognition (FlashAsr): its engines, and the Format / FirstChannelOnly / WordInfo it adds. */
function checkFlashParams(xml: z.infer<typeof SpeechRecognitionXml>, engine: string, where: string): void {
  if (!CI_FLASH_ENGINES.includes(engine)) {
    throw invalid(
      `${where}.FlashAsr needs one of the engines ${CI_FLASH_ENGINES.join(', ')}, not ${engine}.`,
    );
  }
  const format = xml.Format;
  if (format === undefined || !FLASH_FORMATS.includes(format)) {
    throw invalid(`${where}.Format is required with FlashAsr: one of ${FLASH_FORMATS.join(', ')}.`);
  }
  integerIn(xml.FirstChannelOnly, `${where}.FirstChannelOnly`, [0, 1], 1);
  integerIn(xml.WordInfo, `${where}.WordInfo`, [0, 1, 2], 0);
}

const FLASH_FORMATS: readonly string[] = ['wav', 'pcm', 'ogg-opus', 'speex', 'silk', 'mp3', 'm4a', 'aac'];

function integerIn(
  value: string | undefined,
  name: string,
  allowed: readonly number[],
  fallback: number,
): number {
  if (value === undefined) return fallback;
  if (!/^(0|[1-9]\d*)$/.test(value) || !allowed.includes(Number(value))) {
    throw invalid(`${name} must be one of ${allowed.join(', ')}, got '${value}'.`);
  }
  return Number(value);
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}

function invalid(message: string): CiError {
  return new CiError(400, 'InvalidArgument', message);
}
