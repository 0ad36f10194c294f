/**
 * GitHub's webhook signature (X-Hub-Signature-256: `sha256=` + HMAC-SHA256 of the raw body with
 * the webhook secret), checked by the entry points themselves: the Lambda handler re-reads a
 * rotated secret and checks again, and both count refused deliveries.
 * https://docs.github.com/en/webhooks/using-webhooks/validating-webhook-deliveries
 */
import { createHmac, timingSafeEqual } from "node:crypto";

export function signatureMatches(secret: string, body: string | Buffer, signature: string): boolean {
  const expected = Buffer.from(`sha256=${createHmac("sha256", secret).update(body).digest("hex")}`);
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
