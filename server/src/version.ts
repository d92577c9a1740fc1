import { version } from '../../package.json';

export const VIGIL_VERSION: string = version;
