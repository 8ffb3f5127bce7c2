// Pacing: at most N requests of a client in flight, and, per iMocha account, after its first 429 no
// more per second than it allowed.
import { sleep } from 'n8n-workflow';

/** iMocha counts its limit per second ([inferred]: its 429s name whole seconds). */
const LIMIT_WINDOW_MS = 1000;
/** A learnt limit is forgotten after this long without a 429. */
const FORGET_AFTER_MS = 60_000;
/**
 * The pace starts this far below what iMocha accepted before its first 429: when several processes
 * (queue-mode workers) share an account, each learns its share of one window, and the shares add
 * up to the limit; starting below it, together they stay under.
 */
const START_FACTOR = 0.9;
/**
 * The least pace learnt at the first 429: a process that had sent little in that second (its
 * executions were starting, or others took the window) starts from here rather than from a
 * trickle; were the account's limit lower, the next 429s bring it down within seconds.
 */
const LEARNT_AT_LEAST = 10;
/**
 * At a later 429 the pace falls to this share of what iMocha accepted from this process in the
 * second before it (its share of the account's window, when others send too), but never below
 * this share of half the pace, so one unlucky second does not starve a process.
 */
const FALL_FACTOR = 0.9;
/**
 * For each second in which the pace held requests back and no 429 came, the pace rises by a
 * twentieth (at least one request); from the third such second on, the rise doubles every second,
 * up to half the pace (a twentieth, a twentieth, a tenth, a fifth, two fifths, a half), so that a
 * process left alone on the account (the others finished) is back at the limit in a few seconds.
 * A second in which the pace held nothing back (the process sent less than it allowed) raises
 * nothing and starts the count again: a pace is only raised where it was tried, so a quiet process
 * does not gather a burst.
 */
const RISE_EVERY_MS = 1000;
const RISE_FACTOR = 0.05;
const STEADY_SECONDS = 2;
const MAX_RISE = 0.5;
/**
 * Before iMocha's first 429 nothing is known of the limit: a process keeps at most this many
 * requests to one account on the wire (or a run's own Max Concurrent Requests, when higher), so
 * the burst that meets the first 429 is small, whatever the number of executions at once.
 */
const FIRST_BURST_IN_FLIGHT = 20;
/** How far behind its spread a busy process may catch up at once (see takeTurn). */
const CATCH_UP_MS = 100;
/** A 429 asking for a longer wait than this pauses every request to the account (a quota used up, not a pace). */
const PAUSE_ALL_AFTER_MS = 2_000;

/** Where the pacing says what it does: n8n's logger as the node context gives it. */
export interface PaceLog {
	info(message: string, meta?: object): void;
	debug(message: string, meta?: object): void;
}

/**
 * What one iMocha account allows, as this process has learnt it: shared by every run (every
 * execution of every workflow in this n8n process) that uses the same credential and host, since
 * iMocha's limit is per account, not per run. Before the first 429 at most FIRST_BURST_IN_FLIGHT
 * requests are on the wire. At iMocha's first 429 every request waits as iMocha asks, and from
 * then on no more requests start in any one second than the pace, which starts at 90% of what
 * iMocha accepted in the second before the 429, counting a request while it is on the wire and for
 * a second after it was answered: wherever the edges of iMocha's window fall, it then sees at most
 * that many. The starts are spread over the second (one every 1/pace of a second), so each
 * process's requests reach every part of iMocha's window and a 429 at its end falls on every
 * process in proportion, not always on the one whose burst comes last. The pace rises in seconds
 * that it held requests back without a 429 and falls at a 429 (see RISE_FACTOR and FALL_FACTOR):
 * processes that share an account, and know nothing of each other, settle near equal shares of it.
 * A minute without a 429 forgets it (a quota may have been
 * raised). Each worker and webhook process of n8n's queue mode learns on its own.
 */
export class AccountRate {
	private pausedUntil = 0;
	/** Requests per second this process lets out (0 until iMocha's first 429). */
	private perSecond = 0;
	private raisedAt = 0;
	/** Seconds in a row that the pace held requests back without a 429; when it last held one back; when the next request may start. */
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

	/**
	 * Callers look for a turn one at a time, in the order they came: the first waits (on the clock,
	 * or for an answer to free a place on the wire) while the others wait behind it without waking,
	 * so a busy worker with hundreds of waiting requests does not spend its time polling.
	 */
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

	/**
	 * Waits out a pause after a 429, then until the pace lets one more request out, and counts the
	 * caller as on the wire. Every wake-up looks again, because a 429 that arrived meanwhile moves
	 * the pause and lowers the pace.
	 */
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
			// Spread over the second: one start every 1/pace of a second, so that each process's
			// requests reach every part of iMocha's window and a 429 at its end falls on all of them.
			if (now < this.nextStartAt) {
				this.heldAt = now;
				await sleep(this.nextStartAt - now);
				continue;
			}
			// Counted: requests on the wire, and those answered in the last second (oldest first).
			const stillCounted = this.answered.map((request) => request.answeredAt).filter((at) => now - at < LIMIT_WINDOW_MS);
			const over = this.sending + stillCounted.length - this.perSecond;
			if (over < 0) {
				// A start that comes late (a busy process wakes late) may be made up, a tenth of a second at most.
				this.nextStartAt = Math.max(now - CATCH_UP_MS, this.nextStartAt) + LIMIT_WINDOW_MS / this.perSecond;
				this.sending++;
				return;
			}
			this.heldAt = now;
			// A turn frees when enough answers leave the second; while every counted request is still
			// on the wire, look again shortly.
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
	 * iMocha answered 429. The first one (nothing learnt yet) pauses every request to the account as
	 * iMocha asks; the pace is learnt when the pause ends. Later ones lower the pace by 20% at once,
	 * and pause everything only when iMocha asks for a long wait (a quota, not a pace). The request
	 * that met the 429 waits as asked in any case (the caller's own wait).
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

	/**
	 * How many requests iMocha accepted in the second up to its first 429: those sent before it and
	 * answered within that second. Counted once the pause is over, because requests still on the
	 * wire at the 429 were accepted too; counting then would set the pace too low.
	 */
	private learnLimit(limitedAt: number): void {
		this.limitedAt = undefined;
		const allowed = this.answered.filter(
			(request) => request.accepted && request.sentAt <= limitedAt && request.answeredAt > limitedAt - LIMIT_WINDOW_MS,
		).length;
		this.perSecond = Math.max(LEARNT_AT_LEAST, Math.floor(allowed * START_FACTOR));
		this.raisedAt = Date.now();
		// What one second showed is a first guess (the process may have been starting, or others took
		// most of the window): the pace rises quickly from it until the next 429 corrects it.
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
