// Pacing: at most N requests of a client in flight, and, per iMocha account, after its first 429 no
// more per second than it allowed.
import { sleep } from 'n8n-workflow';

// The rules are explained, with the measurements behind them, in docs/running-at-scale.md
// ("Sharing an account's rate limit across workers").
/** iMocha counts its limit per second ([inferred]: its 429s name whole seconds). */
const LIMIT_WINDOW_MS = 1000;
/** A learnt limit is forgotten after this long without a 429 (a quota may have been raised). */
const FORGET_AFTER_MS = 60_000;
/** Before the first 429: at most this many requests to one account on the wire (or a run's Max Concurrent Requests, if higher). */
const FIRST_BURST_IN_FLIGHT = 20;
/** At the first 429 the pace starts at this share of what iMocha accepted from the process in the second before, and at least at LEARNT_AT_LEAST. */
const START_FACTOR = 0.9;
const LEARNT_AT_LEAST = 10;
/** At a later 429 it falls to this share of what iMocha accepted in the second before (not below this share of half the pace). */
const FALL_FACTOR = 0.9;
/** Each second the pace held requests back without a 429 it rises by RISE_FACTOR, doubling from the third, up to MAX_RISE; else not at all. */
const RISE_EVERY_MS = 1000;
const RISE_FACTOR = 0.05;
const STEADY_SECONDS = 2;
const MAX_RISE = 0.5;
/** Starts are spread over the second; a process that wakes late may catch up this much at once. */
const CATCH_UP_MS = 100;
/** A 429 asking for a longer wait than this pauses every request to the account (a quota used up, not a pace). */
const PAUSE_ALL_AFTER_MS = 2_000;

/** Where the pacing says what it does: n8n's logger as the node context gives it. */
export interface PaceLog {
	info(message: string, meta?: object): void;
	debug(message: string, meta?: object): void;
}

/**
 * What one iMocha account allows, as this process has learnt it, shared by every execution in the
 * process with the same credential and host. After the first 429 no more requests start in any
 * second than the pace, counting a request while on the wire and for a second after its answer,
 * spread over the second so a 429 at a window's end falls on every process in proportion.
 */
export class AccountRate {
	private pausedUntil = 0;
	/** Requests per second this process lets out (0 until iMocha's first 429). */
	private perSecond = 0;
	private raisedAt = 0;
	/** Quiet seconds in a row (held back, no 429); when it last held one back; when the next may start. */
	private quietSeconds = 0;
	private heldAt = 0;
	private nextStartAt = 0;
	/** Requests on the wire, and the latest answered ones (oldest first): when, and whether iMocha accepted them. */
	private sending = 0;
	private readonly answered: Array<{ sentAt: number; answeredAt: number; accepted: boolean }> = [];
	/** The latest 429 whose lesson (how many iMocha allowed) is still to be drawn, and the last one. */
	private limitedAt?: number;
	private lastLimitedAt = 0;
	private loweredAt = 0;
	private log?: PaceLog;
	/** The callers looking for a turn, one after the other (see takeTurn), and how the first hears of an answer. */
	private queue: Promise<void> = Promise.resolve();
	private answerArrived?: () => void;

	constructor(private readonly label = 'an iMocha account') {}

	/** Runs `task` when the account's pace allows; `accepted` tells whether iMocha took it (a 429 is not taken). */
	async send<T>(task: () => Promise<T>, accepted: (result: T) => boolean, inFlight = FIRST_BURST_IN_FLIGHT, log?: PaceLog): Promise<T> {
		if (log) this.log = log;
		await this.takeTurn(Math.max(FIRST_BURST_IN_FLIGHT, inFlight));
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
			this.answerArrived?.();
		}
	}

	/** Callers look for a turn one at a time, in order; those behind the first sleep (no polling in a busy worker). */
	private async takeTurn(maxInFlight: number): Promise<void> {
		const before = this.queue;
		let done!: () => void;
		this.queue = new Promise<void>((resolve) => (done = resolve));
		await before;
		try {
			await this.findTurn(maxInFlight);
		} finally {
			done();
		}
	}

	/** Waits `ms` at most: less when an answer arrives first (it may free a place on the wire). */
	private async untilAnswerOr(ms: number): Promise<void> {
		await Promise.race([sleep(ms), new Promise<void>((resolve) => (this.answerArrived = resolve))]);
		this.answerArrived = undefined;
	}

	/** Waits out a pause after a 429, then for the pace to let one more request out; every wake-up looks again. */
	private async findTurn(maxInFlight: number): Promise<void> {
		for (;;) {
			const now = Date.now();
			if (now < this.pausedUntil) {
				await sleep(this.pausedUntil - now);
				continue;
			}
			if (this.limitedAt !== undefined) this.learnLimit(this.limitedAt);
			if (this.perSecond > 0 && now - this.lastLimitedAt > FORGET_AFTER_MS) {
				this.perSecond = 0;
				this.log?.info('iMocha pace forgotten after a minute without a 429', { account: this.label });
			}
			if (this.perSecond > 0 && now - this.raisedAt >= RISE_EVERY_MS) this.rise(now);
			if (this.perSecond === 0) {
				if (this.sending < maxInFlight) {
					this.sending++;
					return;
				}
				await this.untilAnswerOr(LIMIT_WINDOW_MS);
				continue;
			}
			// Spread over the second: one start every 1/pace of a second.
			if (now < this.nextStartAt) {
				this.heldAt = now;
				await sleep(this.nextStartAt - now);
				continue;
			}
			// Counted: requests on the wire, and those answered in the last second (oldest first).
			const stillCounted = this.answered.map((request) => request.answeredAt).filter((at) => now - at < LIMIT_WINDOW_MS);
			const over = this.sending + stillCounted.length - this.perSecond;
			if (over < 0) {
				this.nextStartAt = Math.max(now - CATCH_UP_MS, this.nextStartAt) + LIMIT_WINDOW_MS / this.perSecond;
				this.sending++;
				return;
			}
			this.heldAt = now;
			// A turn frees when enough answers leave the second, or (all still on the wire) at the next answer.
			if (over < stillCounted.length) await sleep(Math.max(1, stillCounted[over] + LIMIT_WINDOW_MS - now));
			else await this.untilAnswerOr(LIMIT_WINDOW_MS);
		}
	}

	/** The seconds since the last rise: those in which the pace held requests back add a step each (see RISE_EVERY_MS). */
	private rise(now: number): void {
		const tried = now - this.heldAt < now - this.raisedAt;
		const seconds = Math.floor((now - this.raisedAt) / RISE_EVERY_MS);
		this.raisedAt = now;
		if (!tried) {
			this.quietSeconds = 0;
			return;
		}
		for (let second = 0; second < seconds; second++) {
			this.quietSeconds++;
			const share = Math.min(MAX_RISE, RISE_FACTOR * 2 ** Math.max(0, this.quietSeconds - STEADY_SECONDS));
			this.perSecond += Math.max(1, Math.floor(this.perSecond * share));
		}
		this.log?.debug('iMocha pace raised after a second without a 429', { account: this.label, pace: this.perSecond });
	}

	/**
	 * iMocha answered 429. The first one pauses every request to the account as asked (the pace is
	 * learnt when the pause ends); later ones lower the pace, and pause everything only for a long
	 * wait (a quota, not a pace). The request that met the 429 waits as asked in any case.
	 */
	rateLimited(waitMs: number): void {
		const now = Date.now();
		this.lastLimitedAt = now;
		if (this.perSecond === 0 || waitMs > PAUSE_ALL_AFTER_MS) {
			this.pausedUntil = Math.max(this.pausedUntil, now + waitMs);
			if (this.perSecond === 0) this.limitedAt = now;
			return;
		}
		// Several 429s of one window are one lesson.
		if (now - this.loweredAt < LIMIT_WINDOW_MS) return;
		const accepted = this.answered.filter((request) => request.accepted && request.answeredAt > now - LIMIT_WINDOW_MS).length;
		const lowered = Math.max(1, Math.floor(Math.max(Math.min(this.perSecond, accepted), this.perSecond / 2) * FALL_FACTOR));
		this.loweredAt = now;
		this.raisedAt = now;
		this.quietSeconds = 0;
		if (lowered !== this.perSecond) {
			this.log?.info('iMocha pace lowered after a 429', { account: this.label, from: this.perSecond, to: lowered });
			this.perSecond = lowered;
		}
	}

	/** The pace from what iMocha accepted in the second up to its first 429, counted once the pause is over (answers then in flight count). */
	private learnLimit(limitedAt: number): void {
		this.limitedAt = undefined;
		const allowed = this.answered.filter(
			(request) => request.accepted && request.sentAt <= limitedAt && request.answeredAt > limitedAt - LIMIT_WINDOW_MS,
		).length;
		this.perSecond = Math.max(LEARNT_AT_LEAST, Math.floor(allowed * START_FACTOR));
		this.raisedAt = Date.now();
		// A first guess (the process may have been starting): it rises quickly until the next 429.
		this.quietSeconds = STEADY_SECONDS;
		this.log?.info('iMocha pace learnt from its 429', { account: this.label, acceptedPerSecond: allowed, pace: this.perSecond });
	}
}

/** The accounts this process has talked to, by credential and host (a handful at most). */
const accounts = new Map<string, AccountRate>();

/** The shared pace of the account behind `key` (the credential's id and the host's base URL). */
export function accountRate(key: string, label?: string): AccountRate {
	let rate = accounts.get(key);
	if (!rate) {
		rate = new AccountRate(label);
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

	async send<T>(rate: AccountRate, task: () => Promise<T>, accepted: (result: T) => boolean = () => true, log?: PaceLog): Promise<T> {
		if (this.active >= this.maxConcurrent) await new Promise<void>((resolve) => this.waiting.push(resolve));
		else this.active++;
		try {
			return await rate.send(task, accepted, this.maxConcurrent, log);
		} finally {
			const next = this.waiting.shift();
			if (next) next();
			else this.active--;
		}
	}
}
