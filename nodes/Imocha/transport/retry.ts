// When a failed request may be sent again, and after how long.
import type { HttpFailure } from './errors';

const BASE_BACKOFF_MS = 500;
/** The shortest pause before a request is sent again, whatever Retry-After says. */
const MIN_WAIT_MS = 250;

/** Failures that prove iMocha applied nothing: safe to repeat even a create. */
const NOTHING_APPLIED_CODES = new Set(['ECONNREFUSED']);
/** Failures after which an idempotent request may be repeated (it may or may not have been applied). */
const TRANSIENT_STATUSES = new Set([502, 503, 504]);
const TRANSIENT_CODES = new Set(['ECONNRESET', 'ETIMEDOUT', 'ECONNABORTED', 'EPIPE', 'EAI_AGAIN', 'BODY_CUT']);

/** Retry-After as seconds or an HTTP date (RFC 9110 §10.2.3), in milliseconds. */
export function retryAfterMs(headers: Record<string, unknown> | undefined, now = Date.now()): number | undefined {
	const value = headers?.['retry-after'];
	if (typeof value !== 'string' && typeof value !== 'number') return undefined;
	const text = String(value).trim();
	if (/^-?\d+(\.\d+)?$/.test(text)) return Number(text) * 1000;
	const date = Date.parse(text);
	return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * How long to wait before repeating a failed request, or undefined when it must not be repeated.
 * A 429 always qualifies (iMocha refused it), and so does a refused connection (nothing arrived);
 * after an ambiguous failure (an outage, a reset, a time-out, an answer cut off) only a request
 * that is safe to repeat (`idempotent`) is sent again. `maxWaitMs` caps what Retry-After may ask.
 */
export function retryDelay(failure: HttpFailure, attempt: number, idempotent: boolean, maxWaitMs: number): number | undefined {
	const { status, code } = failure;
	const retryable =
		status === 429 ||
		(code !== undefined && NOTHING_APPLIED_CODES.has(code)) ||
		(idempotent && ((status !== undefined && TRANSIENT_STATUSES.has(status)) || (code !== undefined && TRANSIENT_CODES.has(code))));
	if (!retryable) return undefined;
	const requested = retryAfterMs(failure.headers);
	if (requested !== undefined && requested > maxWaitMs) return undefined;
	// Exponential backoff with jitter, so items that failed together do not return together. A
	// Retry-After of 0, below 0 or in the past asks for no pause at all: the backoff still applies.
	const ceiling = Math.min(maxWaitMs, BASE_BACKOFF_MS * 2 ** attempt);
	const backoff = Math.round(ceiling / 2 + Math.random() * (ceiling / 2));
	return requested !== undefined && requested > 0 ? Math.max(requested, MIN_WAIT_MS) : backoff;
}
