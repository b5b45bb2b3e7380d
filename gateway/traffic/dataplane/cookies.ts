/**
 * Stickiness cookies. ALB's own values are encrypted and opaque; ours carry what they stand for
 * (a target group, or a target group and a target) plus an expiry, base64url-encoded. Nothing in
 * them is trusted: a decoded target is only used if it is still routable.
 */

/** Target stickiness with a load-balancer cookie (`lb_cookie`). */
export const TARGET_COOKIE = 'AWSALB';
/** Target-group stickiness of a weighted forward (`TargetGroupStickinessConfig`). */
export const GROUP_COOKIE = 'AWSALBTG';
/** Application-based stickiness (`app_cookie`): ALB's companion of the application's cookie. */
export const APP_COOKIE = 'AWSALBAPP-0';

/** The value of cookie `name` in a Cookie header, if present. */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const equals = part.indexOf('=');
    if (equals > 0 && part.slice(0, equals).trim() === name) return part.slice(equals + 1).trim();
  }
  return undefined;
}

function encodeSticky(subject: string, expiresAtMs: number): string {
  return Buffer.from(`${Math.floor(expiresAtMs / 1000)}|${subject}`).toString('base64url');
}

/** The subject of a cookie value, or undefined when it is malformed or expired. */
export function decodeSticky(value: string | undefined, nowMs: number): string | undefined {
  if (!value) return undefined;
  const text = Buffer.from(value, 'base64url').toString('utf8');
  const bar = text.indexOf('|');
  if (bar <= 0) return undefined;
  const expires = Number(text.slice(0, bar));
  if (!Number.isFinite(expires) || expires * 1000 <= nowMs) return undefined;
  return text.slice(bar + 1);
}

/**
 * `Set-Cookie` lines for a stickiness cookie and its CORS twin: ALB sends `AWSALB` and
 * `AWSALBCORS` (the latter `SameSite=None; Secure` for cross-origin requests), likewise
 * `AWSALBTG`/`AWSALBTGCORS` and `AWSALBAPP-n` ("Sticky sessions for your Application Load Balancer").
 */
export function setStickyCookie(name: string, subject: string, nowMs: number, durationSeconds: number): string[] {
  const expiresAt = nowMs + durationSeconds * 1000;
  const value = encodeSticky(subject, expiresAt);
  const expires = new Date(expiresAt).toUTCString();
  const plain = `${name}=${value}; Expires=${expires}; Path=/`;
  if (name === APP_COOKIE) return [plain];
  return [plain, `${name}CORS=${value}; Expires=${expires}; Path=/; SameSite=None; Secure`];
}

/** A sticky cookie from the request: the plain one, else its CORS twin. */
export function readSticky(header: string | undefined, name: string, nowMs: number): string | undefined {
  return decodeSticky(readCookie(header, name) ?? readCookie(header, `${name}CORS`), nowMs);
}
