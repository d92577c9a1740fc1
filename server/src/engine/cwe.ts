// The CWE link both sides show: one implementation, in the shared protocol module.
export { cweUrl } from '../protocol';
