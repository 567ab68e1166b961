/**
 * SCF trigger events, shaped as SCF delivers them (SCF docs product 583/9707, 583/96099; recorded in test/fixtures/scf): the COS event
 * with `cosObject.key` = `/<appid>/<bucket short name>/<key>` and a short region code; the function-URL
 * event with lower-case header names, a raw string body and `queryString` values that are a string, an
 * array (repeated key) or `true` (key without value); the timer event with Type "Timer".
 */
import { randomInt } from 'node:crypto';
import { shortRegion } from '../cos/cos-host.js';
import { qSignEncode } from '../cos/q-sign.js';
import type { ObjectEvent } from '../store/object-events.js';

/** One record of a COS trigger event. */
export interface CosEventRecord {
  cos: {
    cosSchemaVersion: '1.0';
    cosObject: { url: string; meta: Record<string, string>; vid: string; key: string; size: number };
    cosBucket: { region: string; name: string; appid: string };
    cosNotificationId: string;
  };
  event: {
    eventName: string;
    eventVersion: '1.0';
    eventTime: number;
    eventSource: 'qcs::cos';
    requestParameters: { requestSourceIP: string; requestHeaders: { Authorization: string } };
    eventQueue: string;
    reservedInfo: string;
    reqid: number;
  };
}

/** The COS trigger event for one object event, as delivered to `functionName`. */
export function cosTriggerEvent(
  objectEvent: ObjectEvent,
  target: { appId: string; region: string; functionName: string; namespace: string },
): { Records: CosEventRecord[] } {
  const short = shortRegion(target.region);
  const name = objectEvent.bucket.slice(0, objectEvent.bucket.length - target.appId.length - 1);
  const encodedKey = qSignEncode(objectEvent.key).replace(/%2F/g, '/');
  return {
    Records: [
      {
        cos: {
          cosSchemaVersion: '1.0',
          cosObject: {
            url: `http://${objectEvent.bucket}.cos.${target.region}.myqcloud.com/${encodedKey}`,
            // SCF's sample carries exactly these two entries; user metadata is not forwarded.
            meta: {
              'x-cos-request-id': objectEvent.origin.requestId,
              'Content-Type': objectEvent.meta?.contentType ?? '',
            },
            vid: '',
            // The documented form; whether COS %-encodes unusual keys here is not documented: sent raw.
            key: `/${target.appId}/${name}/${objectEvent.key}`,
            size: objectEvent.meta?.size ?? 0,
          },
          cosBucket: { region: short, name, appid: target.appId },
          // Tencent's own spelling in recorded events.
          cosNotificationId: 'unkown',
        },
        event: {
          eventName: objectEvent.eventName,
          eventVersion: '1.0',
          eventTime: Math.floor(objectEvent.time / 1000),
          eventSource: 'qcs::cos',
          requestParameters: {
            requestSourceIP: objectEvent.origin.sourceIp,
            requestHeaders: { Authorization: objectEvent.origin.authorization },
          },
          eventQueue: `qcs:0:lambda:${short}:appid/${target.appId}:${target.namespace}.${target.functionName}.$LATEST`,
          reservedInfo: '',
          reqid: randomInt(100_000_000, 999_999_999),
        },
      },
    ],
  };
}

/**
 * The event a function URL delivers (583/96099): API Gateway's event without headerParameters,
 * isBase64Encoded, pathParameters, queryStringParameters and requestContext.
 */
export interface FunctionUrlEvent {
  body: string;
  /** Lower-case names, plus `x-scf-remote-addr` (the client's address). */
  headers: Record<string, string>;
  httpMethod: string;
  path: string;
  /** A string per key; as in API Gateway's event, a repeated key gives an array and a bare key `true`. */
  queryString: Record<string, string | string[] | true>;
}

/**
 * The function-URL event for one HTTP request. Assumption (583/96099 shows only a JSON body and does
 * not say): the body arrives as UTF-8 text, whatever its content type.
 */
export function functionUrlEvent(input: {
  method: string;
  rawPath: string;
  headers: Record<string, string>;
  rawQuery: string;
  body: Buffer;
  remoteAddress: string;
}): FunctionUrlEvent {
  const queryString: Record<string, string | string[] | true> = {};
  for (const part of input.rawQuery.split('&')) {
    if (part === '') continue;
    const equals = part.indexOf('=');
    const key = formDecode(equals < 0 ? part : part.slice(0, equals));
    if (equals < 0) {
      if (!(key in queryString)) queryString[key] = true;
      continue;
    }
    const value = formDecode(part.slice(equals + 1));
    const previous = queryString[key];
    queryString[key] =
      previous === undefined || previous === true
        ? value
        : Array.isArray(previous)
          ? [...previous, value]
          : [previous, value];
  }
  return {
    body: input.body.toString('utf8'),
    headers: { ...input.headers, 'x-scf-remote-addr': input.remoteAddress },
    httpMethod: input.method,
    path: percentDecode(input.rawPath),
    queryString,
  };
}

/** SCF's timer event. */
export interface TimerEvent {
  Type: 'Timer';
  TriggerName: string;
  Time: string;
  Message: string;
}

/** The timer event for one firing at `time` (ms); SCF prints the time to the second. */
export function timerEvent(triggerName: string, time: number, message = ''): TimerEvent {
  return {
    Type: 'Timer',
    TriggerName: triggerName,
    Time: new Date(Math.floor(time / 1000) * 1000).toISOString().replace('.000Z', 'Z'),
    Message: message,
  };
}

function formDecode(text: string): string {
  return percentDecode(text.replace(/\+/g, ' '));
}

function percentDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
