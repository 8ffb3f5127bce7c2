// Pacing: at most N requests of a client in flight, and, per iMocha account, after its first 429 no
// more per second than it allowed.
import { sleep } from 'n8n-workflow';

/** iMocha counts its limit per second ([inferred]: its 429s name whole seconds). */
const LIMIT_WINDOW_MS = 1000;
/** A learnt limit is forgotten after this long without a 429. */
const FORGET_AFTER_MS = 60_000;

/**
 * What one iMocha account allows, as this process has learnt it: shared by every run (every
 * execution of every workflow in this n8n process) that uses the same credential and host, since
 * iMocha's limit is per account, not per run. After iMocha's first 429 no more requests start in
 * any one second than iMocha allowed in the second before it, counting a request from when it is
 * sent until a second after it was answered: wherever the edges of iMocha's window fall, it then
 * sees at most that many. A stricter limit answers 429 again, which lowers the number; a minute
 * without a 429 forgets it (a quota may have been raised). Each worker and webhook process of n8n's
 * queue mode learns on its own.
 */
export class AccountRate {
	private pausedUntil = 0;
	/** Requests per second iMocha allowed before its 429 (0 until one came). */
	private perSecond = 0;
	/** Requests on the wire, and the latest answered ones (oldest first): when, and whether iMocha accepted them. */
	private sending = 0;
	private readonly answered: Array<{ sentAt: number; answeredAt: number; accepted: boolean }> = [];
	/** The latest 429 whose lesson (how many iMocha allowed) is still to be drawn, and the last one. */
	private limitedAt?: number;
	private lastLimitedAt = 0;

	/** Runs `task` when the account's pace allows; `accepted` tells whether iMocha took it (a 429 is not taken). */
	async send<T>(task: () => Promise<T>, accepted: (result: T) => boolean): Promise<T> {
		await this.takeTurn();
		const sentAt = Date.now();
		let taken = false;
		try {
			const result = await task();
			taken = accepted(result);
			return result;
		} finally {
			this.sending--;
			this.answered.push({ sentAt, answeredAt: Date.now(), accepted: taken });
			if (this.answered.length > 1000) this.answered.splice(0, 500);
		}
	}

	/**
	 * Waits out a pause after a 429, then (once iMocha has limited the account) until fewer than
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
			if (this.perSecond > 0 && now - this.lastLimitedAt > FORGET_AFTER_MS) this.perSecond = 0;
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
		this.lastLimitedAt = now;
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

/** The accounts this process has talked to, by credential and host (a handful at most). */
const accounts = new Map<string, AccountRate>();

/** The shared pace of the account behind `key` (the credential's id and the host's base URL). */
export function accountRate(key: string): AccountRate {
	let rate = accounts.get(key);
	if (!rate) {
		rate = new AccountRate();
		accounts.set(key, rate);
	}
	return rate;
}

/**
 * How the requests of one client (one node run, one picker call, one trigger call) are let out:
 * at most `maxConcurrent` in flight, each in the turn its account's pace gives it. RoutingNode
 * starts every item's request at once; this keeps a large input from opening thousands of sockets.
 */
export class Pacer {
	private active = 0;
	private readonly waiting: Array<() => void> = [];

	constructor(private readonly maxConcurrent: number) {}

	async send<T>(rate: AccountRate, task: () => Promise<T>, accepted: (result: T) => boolean = () => true): Promise<T> {
		if (this.active >= this.maxConcurrent) await new Promise<void>((resolve) => this.waiting.push(resolve));
		else this.active++;
		try {
			return await rate.send(task, accepted);
		} finally {
			const next = this.waiting.shift();
			if (next) next();
			else this.active--;
		}
	}
}
