import { ts as tsMorphTypescript } from 'ts-morph';

/**
 * The TypeScript compiler that ts-morph bundles, bound once (types and values). Reading it through
 * the CommonJS interop object on every `ts.isX()` call costs a getter per access.
 */
export import ts = tsMorphTypescript;
