/** Whether certificate name `pattern` (maybe `*.example.com`) covers host `name` (RFC 6125 §6.4.3: one label). */
function covers(pattern: string, name: string): 'exact' | 'wildcard' | undefined {
  if (pattern === name) return 'exact';
  if (!pattern.startsWith('*.')) return undefined;
  const dot = name.indexOf('.');
  return dot > 0 && name.slice(dot + 1) === pattern.slice(2) ? 'wildcard' : undefined;
}

/**
 * The certificate SNI picks for `servername` among `certificates` (the default first), as the
 * ALB user guide describes ("SSL certificates for your Application Load Balancer", certificate
 * list): a certificate whose names match the host name; of several, the most specific (an exact
 * name before a wildcard), then the default and the list in order; none matching, the default.
 * AWS also weighs the client's supported key types; every certificate here is chosen by name only.
 */
export function pickCertificate<T extends { names: readonly string[] }>(certificates: readonly T[], servername: string | undefined): T | undefined {
  if (!servername) return certificates[0];
  const name = servername.toLowerCase();
  let wildcard: T | undefined;
  for (const certificate of certificates) {
    for (const pattern of certificate.names) {
      const match = covers(pattern, name);
      if (match === 'exact') return certificate;
      if (match === 'wildcard') wildcard ??= certificate;
    }
  }
  return wildcard ?? certificates[0];
}

/** Whether any of `certificates` names `servername`, exactly or by wildcard. */
export function namesHost(certificates: ReadonlyArray<{ names: readonly string[] }>, servername: string): boolean {
  const name = servername.toLowerCase();
  return certificates.some((certificate) => certificate.names.some((pattern) => covers(pattern, name) !== undefined));
}
