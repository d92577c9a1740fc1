import { FixSpec, DetectorSpec } from './spec';
import { assignmentDetector } from './assignment';
import { callDetector } from './call';
import { fileDetector } from './file';
import { patternDetector } from './pattern';
import { Detector } from '../engine/detector';
import { urlDetector } from './url';

/** The small, general set of detector kinds; a new rule is a JSON entry that picks one. */
export const DETECTOR_KINDS = ['pattern', 'assignment', 'call', 'url', 'file'] as const;

export function createDetector(spec: DetectorSpec, fix: FixSpec | undefined): Detector {
  switch (spec.kind) {
    case 'pattern':
      return patternDetector(spec);
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
