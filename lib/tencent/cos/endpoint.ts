/**
 * Where to dial instead of Tencent, e.g. the local emulator. Requests still name the real host
 * (`<bucket>.cos.<region>.myqcloud.com`, `<bucket>.ci.<region>.myqcloud.com`) in the URL, the Host
 * header and the signature; only the TCP connection goes to `ip`.
 */
export interface Endpoint {
  /** `host:port` to connect to, e.g. '127.0.0.1:9000'. */
  readonly ip: string;
  /** Scheme spoken on that connection; defaults to 'http:' (the emulator speaks plain HTTP). */
  readonly protocol?: 'http:' | 'https:';
}

/** The scheme for requests: https for Tencent, the endpoint's (default http) for an override. */
export function endpointProtocol(endpoint: Endpoint | undefined): 'http:' | 'https:' {
  return endpoint ? (endpoint.protocol ?? 'http:') : 'https:';
}
