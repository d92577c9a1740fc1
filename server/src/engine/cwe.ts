/** The MITRE page of a `CWE-n` reference, or undefined for anything else. */
export function cweUrl(cwe: string): string | undefined {
  const m = /^CWE-(\d+)$/i.exec(cwe);
  return m ? `https://cwe.mitre.org/data/definitions/${m[1]}.html` : undefined;
}
