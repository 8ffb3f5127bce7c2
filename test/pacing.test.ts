// The account pace on its own, with two AccountRate instances standing for two n8n processes
// (queue-mode workers) that share one iMocha account and know nothing of each other. The account is
// a limiter in this file with iMocha's behaviour as the fake has it: fixed one-second windows, a
// 429 with the wait to the next window. Real time, a few seconds per test: the pace is about
// seconds. What is asserted is behaviour (how many 429s, who got what, whether a pace was raised
// where it was not tried), not speed.
import { sleep } from 'n8n-workflow';
import { AccountRate } from '../nodes/Imocha/transport/pacing';

interface Answer {
	at: number;
	who: string;
	status: 200 | 429;
}

/** iMocha's gateway as the fake has it: `limit` requests per fixed one-second window. */
function account(limit: number) {
	let windowStart = Date.now();
	let count = 0;
	const answers: Answer[] = [];
	return {
		answers,
		/** One request: about 20 ms on the wire, then 200 or a 429 with the wait to the next window. */
		async request(who: string): Promise<{ status: 200 | 429; waitMs: number }> {
			await sleep(20);
			const now = Date.now();
			if (now - windowStart >= 1000) {
				windowStart = now - ((now - windowStart) % 1000);
				count = 0;
			}
			const status = ++count <= limit ? 200 : 429;
			answers.push({ at: now, who, status });
			return { status, waitMs: status === 429 ? Math.max(1, windowStart + 1000 - now) : 0 };
		},
	};
}

/**
 * A process sending to the account from `loops` callers at once until `until()` says stop, each
 * request paced by `rate` and, after a 429, sent again once the wait is over (as the client does).
 */
async function sendFrom(rate: AccountRate, imocha: ReturnType<typeof account>, who: string, loops: number, until: () => boolean, pauseMs = 0) {
	await Promise.all(
		Array.from({ length: loops }, async () => {
			while (!until()) {
				const answer = await rate.send(
					async () => await imocha.request(who),
					(result) => result.status === 200,
					10, // a run's Max Concurrent Requests, by default
				);
				if (answer.status === 429) {
					rate.rateLimited(answer.waitMs);
					await sleep(answer.waitMs);
				}
				if (pauseMs) await sleep(pauseMs);
			}
		}),
	);
}

const accepted = (answers: Answer[], who: string | undefined, from: number, to: number) =>
	answers.filter((a) => a.status === 200 && (!who || a.who === who) && a.at >= from && a.at < to).length;

test('two processes on one account (10 and 30 callers): few 429s after the first round, shares near equal, and the one left alone climbs back to the limit in seconds', async () => {
	const imocha = account(50);
	const first = new AccountRate('process A');
	const second = new AccountRate('process B');
	const start = Date.now();
	const elapsed = () => Date.now() - start;
	await Promise.all([
		sendFrom(first, imocha, 'A', 10, () => elapsed() > 17_000),
		// B has three times A's callers, and finishes after 10 s (its executions are done).
		sendFrom(second, imocha, 'B', 30, () => elapsed() > 10_000),
	]);
	const { answers } = imocha;
	// Before the first 429 nothing is known: each process has at most 20 requests on the wire, so
	// the first round of 429s is at most 40.
	const firstRound = answers.filter((a) => a.status === 429 && a.at < start + 1000).length;
	expect(firstRound).toBeGreaterThan(0);
	expect(firstRound).toBeLessThanOrEqual(40);
	// From then on at most 3% of what the account sees is refused.
	const later = answers.filter((a) => a.at >= start + 1000);
	expect(later.filter((a) => a.status === 429).length / later.length).toBeLessThanOrEqual(0.03);
	// While they share it (6–10 s), the one with fewer callers gets between 30% and 70%, and
	// together they use most of the limit (at least 80% of 200).
	const shared = accepted(answers, undefined, start + 6000, start + 10_000);
	expect(shared).toBeGreaterThanOrEqual(160);
	const share = accepted(answers, 'A', start + 6000, start + 10_000) / shared;
	expect(share).toBeGreaterThanOrEqual(0.3);
	expect(share).toBeLessThanOrEqual(0.7);
	// Alone from 10 s on, A uses most of the limit within a few seconds (14–17 s: at least 80% of 150).
	expect(accepted(answers, 'A', start + 14_000, start + 17_000)).toBeGreaterThanOrEqual(120);
}, 30_000);

/** The pace a process has learnt (requests per second it lets out), read for the assertion only. */
const paceOf = (rate: AccountRate) => (rate as unknown as { perSecond: number }).perSecond;

test('a pace that held nothing back is not raised: after quiet seconds a burst starts no more requests in a second than the pace', async () => {
	const imocha = account(50);
	const rate = new AccountRate('process C');
	// Learn the limit: 60 callers for three seconds.
	let stop = Date.now() + 3000;
	await sendFrom(rate, imocha, 'learn', 60, () => Date.now() > stop);
	// One request a second later settles what the learning's last second earned.
	await sleep(1100);
	await rate.send(async () => await imocha.request('settle'), (result) => result.status === 200);
	const learnt = paceOf(rate);
	expect(learnt).toBeGreaterThan(20);
	// Then four seconds of a trickle, about 5 requests a second: far under the pace, never held back.
	stop = Date.now() + 4000;
	await sendFrom(rate, imocha, 'trickle', 1, () => Date.now() > stop, 180);
	expect(paceOf(rate)).toBe(learnt);
	// A burst of 100 at once starts no more in its first second than the pace.
	const burstStart = Date.now();
	const started: number[] = [];
	await Promise.all(
		Array.from({ length: 100 }, async () => {
			await rate.send(
				async () => {
					started.push(Date.now());
					return await imocha.request('burst');
				},
				(result) => result.status === 200,
				100,
			);
		}),
	);
	expect(started.filter((at) => at - burstStart < 1000).length).toBeLessThanOrEqual(learnt);
}, 30_000);
