// `astra-app-backups/spec`: which spec this build of the package was generated from. A
// subpath of its own, so that the main entry does not carry it.
import { SPEC as GENERATED } from '../../generated/spec.js';

/** The OpenAPI description a build of the package was generated from. */
export interface SpecInfo {
  /** The API's title (`info.title`). */
  readonly title: string;
  /** The OpenAPI version of the description, e.g. `3.1.0`. */
  readonly openapi: string;
  /** The Astra API version the description transcribes (`info.version`), e.g. `1.1`. */
  readonly apiVersion: string;
  /** The newest resource `version` the SDK writes (`AppBackup.version`), e.g. `1.1`. */
  readonly resourceVersion: string;
  /**
   * sha256 (hex) of the contract: the bundled spec without its code samples, as canonical
   * JSON. It changes only when the contract does; `releases/<version>/release.json` in the
   * repository records it for each release.
   */
  readonly contractSha256: string;
}

/** The spec this package was built from (the same as `astra-app-backups/openapi.json`, samples aside). */
export const SPEC: SpecInfo = Object.freeze({ ...GENERATED });
