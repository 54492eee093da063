/**
 * Whether an error means the database is out of reach (down, restarting, refusing connections), not
 * that a query was wrong: the API then answers 503 `database_unavailable` instead of 500, and the
 * pool reconnects by itself once the server is back.
 */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN']);
// SQLSTATE class 08 (connection exception) and 57P01–57P03 (admin shutdown, crash shutdown, starting up).
const SQLSTATE = /^(08...|57P0[123])$/;
const MESSAGES =
  /Connection terminated|connection timeout|the database system is (starting up|shutting down)/i;

export function isDatabaseOutage(err: unknown): boolean {
  for (
    let e = err, depth = 0;
    e && typeof e === 'object' && depth < 6;
    e = (e as { cause?: unknown }).cause, depth++
  ) {
    const { code, message } = e as { code?: unknown; message?: unknown };
    if (typeof code === 'string' && (NETWORK_CODES.has(code) || SQLSTATE.test(code))) return true;
    if (typeof message === 'string' && MESSAGES.test(message)) return true;
  }
  return false;
}
