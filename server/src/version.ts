import { version } from '../../package.json';

export const VIGIL_VERSION: string = version;

/** Set by the build (scripts/build.mjs): a hash of the engine's sources and rules, for result caches. */
declare const VIGIL_BUILD_ID: string | undefined;
export const BUILD_ID: string | undefined = typeof VIGIL_BUILD_ID === 'string' ? VIGIL_BUILD_ID : undefined;
