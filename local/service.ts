/**
 * The contract between the emulator's HTTP server (local/server.ts) and the services it hosts (COS,
 * STS, ASR, MPS, CI). The server reads the whole request, routes it by the Host header exactly as
 * Tencent's endpoints are named, and writes back what the service returns.
 */
import type { IncomingHttpHeaders } from 'node:http';

/** A request as the emulator received it. */
export interface EmulatorRequest {
  readonly method: string;
  /** The Host header, lower-case, without port: 'asr.tencentcloudapi.com', 'b-1250000000.cos.ap-guangzhou.myqcloud.com'. */
  readonly host: string;
  /** Path exactly as sent (still percent-encoded), without the query string. */
  readonly rawPath: string;
  /** Query string exactly as sent, without '?' ('' when none). */
  readonly rawQuery: string;
  /** Header names lower-case, as Node gives them. */
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
  /** Emulator clock in ms; injectable so tests can skew it. */
  readonly receivedAt: number;
}

/** What a service answers. */
export interface EmulatorResponse {
  readonly status: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: Buffer | string;
}

/** A hosted service: claims a set of hosts and answers their requests. */
export interface EmulatedService {
  /** Short name for logs and fault injection: 'cos', 'ci', 'asr', 'mps', 'sts'. */
  readonly name: string;
  /** True when this service answers requests for `host`. */
  handles(host: string): boolean;
  handle(request: EmulatorRequest): Promise<EmulatorResponse>;
}
