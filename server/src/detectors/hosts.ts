// Hosts in addresses, shared by the URL and assignment detectors.

/** Host of the part after `scheme://`, without credentials, port or path; brackets kept off IPv6. */
export function hostOf(rest: string): string {
  const authority = rest.split(/[/?#]/, 1)[0];
  const hostPort = authority.slice(authority.lastIndexOf('@') + 1);
  if (hostPort.startsWith('[')) return hostPort.slice(1, hostPort.indexOf(']') > 0 ? hostPort.indexOf(']') : undefined);
  // Whatever follows a colon is a port: a number, or a parameter (`localhost:${PORT:-3000}`).
  return hostPort.split(':', 1)[0];
}
