// The node's "Request Options" that shape how requests are paced, retried and bounded in time,
// read once per client and sanitised there: a value that is not a usable number (an expression
// that gave "abc", a negative count) falls back to the default rather than lifting a bound.
import type { INodeProperties } from 'n8n-workflow';

export interface RequestPolicy {
	retryEnabled: boolean;
	maxRetries: number;
	maxConcurrent: number;
	/** How long one request may take before it is given up (and perhaps retried). */
	timeoutMs: number;
	/** The longest Retry-After or backoff the client waits before repeating a request. */
	maxWaitMs: number;
}

export const DEFAULT_POLICY: RequestPolicy = {
	retryEnabled: true,
	maxRetries: 3,
	maxConcurrent: 10,
	timeoutMs: 60_000,
	maxWaitMs: 30_000,
};

/**
 * A whole number of at least `min` (at most `max`, larger values are cut to it), or `fallback` for
 * anything else: text, NaN, an object, or a number below `min` (0 concurrent requests means nothing).
 */
export function wholeNumber(value: unknown, min: number, max: number, fallback: number): number {
	const number = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
	if (!Number.isFinite(number) || number < min) return fallback;
	return Math.min(max, Math.floor(number));
}

/**
 * The policy from the node's Request Options (`timeout` is n8n's own entry of that collection),
 * with `defaults` for what is not set; every number is bounded.
 */
export function readPolicy(options: unknown, defaults: RequestPolicy = DEFAULT_POLICY): RequestPolicy {
	const given = (options !== null && typeof options === 'object' ? options : {}) as Record<string, unknown>;
	return {
		retryEnabled: typeof given.retryEnabled === 'boolean' ? given.retryEnabled : defaults.retryEnabled,
		maxRetries: wholeNumber(given.maxRetries, 0, 10, defaults.maxRetries),
		maxConcurrent: wholeNumber(given.maxConcurrent, 1, 100, defaults.maxConcurrent),
		timeoutMs: wholeNumber(given.timeout, 1, 600_000, defaults.timeoutMs),
		maxWaitMs: defaults.maxWaitMs,
	};
}

/**
 * The package's entries of the node's "Request Options" (Settings tab). n8n's loader merges its
 * own entries (Batching, Ignore SSL Issues, Proxy, Timeout) into this same collection.
 */
export const requestOptionsProperty: INodeProperties = {
	displayName: 'Request Options',
	name: 'requestOptions',
	type: 'collection',
	isNodeSetting: true,
	placeholder: 'Add Option',
	default: {},
	options: [
		{
			displayName: 'Max Concurrent Requests',
			name: 'maxConcurrent',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 100 },
			default: 10,
			description: 'How many requests to iMocha this node keeps in flight at once, across all input items',
		},
		{
			displayName: 'Max Retries',
			name: 'maxRetries',
			type: 'number',
			typeOptions: { minValue: 0, maxValue: 10 },
			default: 3,
			description:
				"How many times one item's request is repeated after an outage before the item fails; after a 429 (which proves nothing was applied) at least 8 times",
		},
		{
			displayName: 'Retry Rate Limits and Outages',
			name: 'retryEnabled',
			type: 'boolean',
			default: true,
			description:
				"Whether to repeat an item's request after iMocha answers 429 (too many requests) or a gateway outage (502, 503, 504), waiting as long as iMocha asks",
		},
	],
};
