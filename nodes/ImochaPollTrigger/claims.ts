// One poll at a time per trigger. n8n's scheduler starts a poll at every Poll Time without waiting
// for the previous one (1.x ActiveWorkflows and 2.x ActiveWorkflowTriggers: `void
// executePollTrigger()`), and both polls read the same static data: the window and the delivered
// keys are written only when a poll ends, so a poll that starts while another fetches reports
// would deliver the same attempts again. Polls run only on n8n's main instance (with multi-main,
// only on the leader; workers never poll, also in queue mode), so a claim held in this process
// suffices. No timers in nodes/: a claim holds until released, or until its holder showed no sign
// of life for CLAIM_STALE_MS (compared timestamps).
import { MINUTE } from './attempts';

/**
 * How long a poll may go without progress before its claim lapses. A poll shows progress after
 * every request, and one request takes at most ~25 s (10 s per try, a wait of at most 5 s, one
 * retry; POLL_POLICY), so only a poll that hangs lets its claim lapse.
 */
export const CLAIM_STALE_MS = 5 * MINUTE;

export interface PollClaim {
	readonly key: string;
	/** When the holder last showed progress (epoch ms). */
	seen: number;
}

const claims = new Map<string, PollClaim>();

/** The trigger's claim for a new poll, or undefined while another poll holds it and is not stale. */
export function claimPoll(key: string, now: number): PollClaim | undefined {
	const held = claims.get(key);
	// A clock set back by more than the lapse counts as stale too, so it cannot block polling.
	if (held && Math.abs(now - held.seen) < CLAIM_STALE_MS) return undefined;
	const claim = { key, seen: now };
	claims.set(key, claim);
	return claim;
}

/** Whether `claim` still holds: false once it lapsed and another poll took the trigger over. */
export const holdsClaim = (claim: PollClaim): boolean => claims.get(claim.key) === claim;

/** Progress: the claim does not lapse for another CLAIM_STALE_MS. */
export function touchClaim(claim: PollClaim, now: number): void {
	if (holdsClaim(claim)) claim.seen = now;
}

/** The poll ended (delivered, found nothing or failed): the next poll may start. */
export function releaseClaim(claim: PollClaim): void {
	if (holdsClaim(claim)) claims.delete(claim.key);
}
