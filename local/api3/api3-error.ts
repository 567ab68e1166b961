/**
 * An API 3.0 error as the services answer it: a Tencent code and message, sent with HTTP 200 inside
 * `Response.Error` (docs/tencent-wire.md §10.1). Handlers throw it; the service framework writes the envelope.
 */
export class Api3Error extends Error {
  override readonly name = 'Api3Error';
  /** Tencent's code, e.g. 'AuthFailure.SignatureExpire', 'InvalidParameterValue'. */
  readonly code: string;

  constructor(code: string, message: string) {
    super(message);
    this.code = code;
  }
}
