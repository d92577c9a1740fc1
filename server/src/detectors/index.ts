import { FixSpec, DetectorSpec } from './spec';
import { assignmentDetector } from './assignment';
import { callDetector } from './call';
import { fileDetector } from './file';
import { patternDetector } from './pattern';
import { Detector } from '../engine/detector';
import { urlDetector } from './url';

/** The small, general set of detector kinds; a new rule is a JSON entry that picks one. */
export const DETECTOR_KINDS = ['pattern', 'assignment', 'call', 'url', 'file'] as const;

/** `category`: what the rule finds; filler in a matched value makes a made-up credential, not a made-up IV. */
export function createDetector(spec: DetectorSpec, fix: FixSpec | undefined, category?: string): Detector {
  switch (spec.kind) {
    case 'pattern':
      return patternDetector(spec, { rejectFiller: category === 'secret' });
    case 'assignment':
      return assignmentDetector(spec, fix);
    case 'call':
      return callDetector(spec, fix);
    case 'url':
      return urlDetector(spec, fix);
    case 'file':
      return fileDetector(spec);
  }
}
