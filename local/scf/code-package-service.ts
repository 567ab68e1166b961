/**
 * Where GetFunctionAddress's `Url` points: the function's code package as uploaded. Tencent answers
 * with a time-limited COS download URL; the emulator serves the package itself on
 * `scf-code.emulator.local/<namespace>/<function>.zip`, a loopback-only host like its admin host.
 */
import type { EmulatedService } from '../service.js';
import type { DeployedFunctions } from './deployed-functions.js';

/** The host packages are served on. */
export const CODE_PACKAGE_HOST = 'scf-code.emulator.local';

/** The download URL of a function's package. */
export function codePackageUrl(namespace: string, name: string): string {
  return `http://${CODE_PACKAGE_HOST}/${encodeURIComponent(namespace)}/${encodeURIComponent(name)}.zip`;
}

/** Serves the packages of deployed functions. */
export function createCodePackageService(functions: DeployedFunctions): EmulatedService {
  return {
    name: 'scf-code',
    handles: (host) => host === CODE_PACKAGE_HOST,
    async handle(request) {
      const match = /^\/([^/]+)\/([^/]+)\.zip$/.exec(request.rawPath);
      const zip =
        match &&
        functions.codePackage(decodeURIComponent(match[1] ?? ''), decodeURIComponent(match[2] ?? ''));
      if (request.method !== 'GET' || !zip) {
        return { status: 404, headers: { 'content-type': 'text/plain' }, body: 'no such code package\n' };
      }
      return { status: 200, headers: { 'content-type': 'application/zip' }, body: zip };
    },
  };
}
