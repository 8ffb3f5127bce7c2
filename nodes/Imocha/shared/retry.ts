import { sleep, type ICredentialDataDecryptedObject, type INodeProperties } from 'n8n-workflow';
import type { HttpFailure } from './errors';

/** The node's "Request Options" that shape how requests are paced and retried. */
export interface RequestPolicy {
	retryEnabled: boolean;
	maxRetries: number;
	maxConcurrent: number;
}

export const DEFAULT_POLICY: RequestPolicy = { retryEnabled: true, maxRetries: 3, maxConcurrent: 10 };

const BASE_BACKOFF_MS = 500;
const MAX_WAIT_MS = 30_000;

/** Failures that prove iMocha applied nothing: safe to repeat even a create. */
const NOTHING_APPLIED_CODES = new Set(['ECONNREFUSED']);
/** Failures after which an idempotent request may be repeated (it may or may not have been applied). */
const TRANSIENT_STATUSES = new Set([502, 503, 504]);
const TRANSIENT_CODES = new Set(['ECONNRESET', 'ETIMEDOUT', 'ECONNABORTED', 'EPIPE', 'EAI_AGAIN']);

/** iMocha counts its limit per second ([inferred]: its 429s name whole seconds). */
const LIMIT_WINDOW_MS = 1000;

/**
 * What the items of one node run share. RoutingNode starts every item's request at once; this
 * bounds how many are in flight and holds them all back after a 429, so a large input neither
 * opens thousands of sockets nor keeps hammering a rate-limited account. After iMocha's first 429
 * the run keeps no more requests in any one second than iMocha allowed in the second before it,
 * counting a request from when it is sent until a second after it was answered: wherever the
 * edges of iMocha's window fall, it then sees at most that many. A stricter limit answers 429
 * again, which lowers the number. It also keeps the run's decrypted credential, which n8n would
 * otherwise load from its database for every request.
 */
export class NodeRun {
	private active = 0;
	private readonly waiting: Array<() => void> = [];
	private pausedUntil = 0;
	/** Requests per second iMocha allowed before its 429 (0 until one came). */
	private perSecond = 0;
	/** Requests on the wire, and the latest answered ones (oldest first): when, and whether iMocha accepted them. */
	private sending = 0;
	private readonly answered: Array<{ sentAt: number; answeredAt: number; accepted: boolean }> = [];
	/** The latest 429 whose lesson (how many iMocha allowed) is still to be drawn. */
	private limitedAt?: number;
	private items = 0;
	credentials?: Promise<ICredentialDataDecryptedObject>;

	constructor(
		private readonly maxConcurrent: number,
		private readonly onDone: () => void,
	) {}

	/** An item starts using the run; call `leave()` when it is done. */
	join(): this {
		this.items++;
		return this;
	}

	leave(): void {
		if (--this.items === 0) this.onDone();
	}

	async send<T>(task: () => Promise<T>): Promise<T> {
		if (this.active >= this.maxConcurrent) await new Promise<void>((resolve) => this.waiting.push(resolve));
		else this.active++;
		try {
			await this.takeTurn();
			const sentAt = Date.now();
			let accepted = false;
			try {
				const result = await task();
				accepted = true;
				return result;
			} finally {
				this.sending--;
				this.answered.push({ sentAt, answeredAt: Date.now(), accepted });
				if (this.answered.length > 1000) this.answered.splice(0, 500);
			}
		} finally {
			const next = this.waiting.shift();
			if (next) next();
			else this.active--;
		}
	}

	/**
	 * Waits out a pause after a 429, then (once iMocha has limited the run) until fewer than
	 * `perSecond` requests are on the wire or were answered in the last second, and counts the
	 * caller as on the wire. Every wake-up looks again, because a 429 that arrived meanwhile moves
	 * the pause and may lower the number.
	 */
	private async takeTurn(): Promise<void> {
		for (;;) {
			const now = Date.now();
			if (now < this.pausedUntil) {
				await sleep(this.pausedUntil - now);
				continue;
			}
			if (this.limitedAt !== undefined) this.learnLimit(this.limitedAt);
			const stillCounted =
				this.perSecond > 0 ? this.answered.map((request) => request.answeredAt).filter((at) => now - at < LIMIT_WINDOW_MS) : [];
			const over = this.perSecond > 0 ? this.sending + stillCounted.length - this.perSecond : -1;
			if (over < 0) {
				this.sending++;
				return;
			}
			// A turn frees when enough answers leave the second; while every counted request is still
			// on the wire, look again shortly.
			await sleep(over < stillCounted.length ? Math.max(1, stillCounted[over] + LIMIT_WINDOW_MS - now) : 5);
		}
	}

	/** iMocha answered 429: wait as asked, then keep no more per second than it allowed. */
	rateLimited(waitMs: number): void {
		const now = Date.now();
		this.pausedUntil = Math.max(this.pausedUntil, now + waitMs);
		this.limitedAt = now;
	}

	/**
	 * How many requests iMocha accepted in the second up to its 429: those sent before it and
	 * answered within that second. Counted once the pause is over, because requests still on the
	 * wire at the 429 were accepted too; counting then would set the pace too low.
	 */
	private learnLimit(limitedAt: number): void {
		this.limitedAt = undefined;
		const allowed = this.answered.filter(
			(request) => request.accepted && request.sentAt <= limitedAt && request.answeredAt > limitedAt - LIMIT_WINDOW_MS,
		).length;
		if (allowed > 0) this.perSecond = this.perSecond > 0 ? Math.min(this.perSecond, allowed) : allowed;
	}
}

const runs = new Map<string, NodeRun>();

/** The shared state of the node run `key` (execution and node), joined by one more item. */
export function joinNodeRun(key: string, maxConcurrent: number): NodeRun {
	let run = runs.get(key);
	if (!run) {
		run = new NodeRun(Math.max(1, maxConcurrent), () => runs.delete(key));
		runs.set(key, run);
	}
	return run.join();
}

/** Retry-After as seconds or an HTTP date (RFC 9110 §10.2.3), in milliseconds. */
export function retryAfterMs(headers: Record<string, unknown> | undefined, now = Date.now()): number | undefined {
	const value = headers?.['retry-after'];
	if (typeof value !== 'string' && typeof value !== 'number') return undefined;
	const text = String(value).trim();
	if (/^\d+(\.\d+)?$/.test(text)) return Number(text) * 1000;
	const date = Date.parse(text);
	return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * How long to wait before repeating a failed request, or undefined when it must not be repeated.
 * A 429 always qualifies (iMocha refused it); otherwise only a request that is safe to repeat
 * (`idempotent`) is retried after an outage, unless the failure proves nothing reached iMocha.
 */
export function retryDelay(failure: HttpFailure, attempt: number, idempotent: boolean): number | undefined {
	const { status, code } = failure;
	const retryable =
		status === 429 ||
		(code !== undefined && NOTHING_APPLIED_CODES.has(code)) ||
		(idempotent && ((status !== undefined && TRANSIENT_STATUSES.has(status)) || (code !== undefined && TRANSIENT_CODES.has(code))));
	if (!retryable) return undefined;
	const requested = retryAfterMs(failure.headers);
	if (requested !== undefined) return requested <= MAX_WAIT_MS ? requested : undefined;
	// Exponential backoff with full jitter, so items that failed together do not return together.
	const ceiling = Math.min(MAX_WAIT_MS, BASE_BACKOFF_MS * 2 ** attempt);
	return Math.round(ceiling / 2 + Math.random() * (ceiling / 2));
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
			typeOptions: { minValue: 1 },
			default: 10,
			description: 'How many requests to iMocha this node keeps in flight at once, across all input items',
		},
		{
			displayName: 'Max Retries',
			name: 'maxRetries',
			type: 'number',
			typeOptions: { minValue: 0 },
			default: 3,
			description: "How many times one item's request is repeated after a 429 or an outage before the item fails",
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

export function readPolicy(options: Partial<RequestPolicy> | undefined): RequestPolicy {
	return {
		retryEnabled: options?.retryEnabled ?? DEFAULT_POLICY.retryEnabled,
		maxRetries: Math.max(0, Math.floor(options?.maxRetries ?? DEFAULT_POLICY.maxRetries)),
		maxConcurrent: Math.max(1, Math.floor(options?.maxConcurrent ?? DEFAULT_POLICY.maxConcurrent)),
	};
}
