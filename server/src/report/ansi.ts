// Colour for the text report, written by hand: a handful of SGR codes, no dependency.

/** The few SGR codes the text report uses; each closes only its own attribute (bold and dim share theirs: do not nest those two). */
export interface Paint {
  bold(s: string): string;
  dim(s: string): string;
  underline(s: string): string;
  red(s: string): string;
  yellow(s: string): string;
  green(s: string): string;
  cyan(s: string): string;
}

const sgr = (open: number, close: number) => (s: string) => (s === '' ? s : `\x1b[${open}m${s}\x1b[${close}m`);

export const COLOURS: Paint = {
  bold: sgr(1, 22),
  dim: sgr(2, 22),
  underline: sgr(4, 24),
  red: sgr(31, 39),
  yellow: sgr(33, 39),
  green: sgr(32, 39),
  cyan: sgr(36, 39),
};

const same = (s: string) => s;
export const NO_COLOURS: Paint = { bold: same, dim: same, underline: same, red: same, yellow: same, green: same, cyan: same };
