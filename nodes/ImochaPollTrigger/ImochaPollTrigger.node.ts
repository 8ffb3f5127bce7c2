import {
	NodeConnectionTypes,
	NodeOperationError,
	type IDataObject,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
	type IPollFunctions,
} from 'n8n-workflow';
import { ATTEMPT_STATE_OPTIONS, ATTEMPT_STATES, type AttemptState } from '../Imocha/api/attempts';
import { reportProperties } from '../Imocha/api/reports';
import { clientForCall } from '../Imocha/transport/client';
import { namesLookup } from '../Imocha/shared/descriptions';
import { testImochaCredential } from '../Imocha/transport/credentialTest';
import { wholeNumber } from '../Imocha/transport/policy';
import { attemptItems, fetchAttempts, HOUR, MINUTE, newAttempts, type PollState } from './attempts';
import { claimPoll, holdsClaim, releaseClaim, touchClaim } from './claims';

const DEFAULT_OVERLAP_MINUTES = 10;
/** A test run by hand ("Fetch Test Event") shows a few attempts of the last week. */
const MANUAL_LOOK_BACK_MS = 7 * 24 * HOUR;
const MANUAL_SAMPLE = 5;

/** A poll is bounded: 10 s per request and one retry; a longer outage is left to the next poll. */
const POLL_POLICY = { timeoutMs: 10_000, maxRetries: 1, maxWaitMs: 5_000 };

export class ImochaPollTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'iMocha Poll Trigger',
		name: 'imochaPollTrigger',
		icon: { light: 'file:../../icons/imocha.svg', dark: 'file:../../icons/imocha.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: `={{"Attempts: " + ($parameter["states"] || []).map((state) => ${namesLookup(Object.fromEntries(ATTEMPT_STATE_OPTIONS.map((o) => [o.value, o.name])), 'state', 'state')}).join(", ")}}`,
		description:
			'Starts the workflow for each iMocha test attempt that was completed (or cancelled or expired) since the last poll',
		defaults: { name: 'iMocha Poll Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'imochaApi', required: true, testedBy: 'imochaApiTest' }],
		properties: [
			{
				displayName: 'Attempts',
				name: 'states',
				type: 'multiOptions',
				required: true,
				options: ATTEMPT_STATE_OPTIONS,
				default: ['completed'],
				description: 'Which attempts start the workflow, as iMocha lists them (Retrieve Invites)',
			},
			...reportProperties,
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				description: 'Where the first and later polls start reading',
				options: [
					{
						displayName: 'Look Back on First Poll (Hours)',
						name: 'lookBackHours',
						type: 'number',
						typeOptions: { minValue: 0, maxValue: 720 },
						default: 0,
						description:
							'How far back the first poll after activation reaches. 0 starts from activation, so attempts that ended before do not start the workflow.',
					},
					{
						displayName: 'Window Overlap (Minutes)',
						name: 'overlapMinutes',
						type: 'number',
						typeOptions: { minValue: 0, maxValue: 60 },
						default: DEFAULT_OVERLAP_MINUTES,
						description:
							'How far each poll reaches back before the end of the previous one, for attempts iMocha lists late. Attempts already delivered are skipped.',
					},
				],
			},
		],
	};

	methods = { credentialTest: { imochaApiTest: testImochaCredential } };

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const states = this.getNodeParameter('states', ['completed']) as AttemptState[];
		const unknown = states.filter((state) => !(ATTEMPT_STATES as readonly string[]).includes(state));
		if (states.length === 0 || unknown.length > 0) {
			throw new NodeOperationError(this.getNode(), `Attempts must be one or more of ${ATTEMPT_STATES.join(', ')}`, {
				description: 'Pick at least one kind of attempt under Attempts.',
			});
		}
		const options = this.getNodeParameter('options', {}) as IDataObject;
		const overlap = wholeNumber(options.overlapMinutes, 0, 60, DEFAULT_OVERLAP_MINUTES) * MINUTE;
		const lookBack = wholeNumber(options.lookBackHours, 0, 720, 0) * HOUR;
		// iMocha takes times to the second.
		const now = Math.floor(Date.now() / 1000) * 1000;
		const client = clientForCall(POLL_POLICY);

		if (this.getMode() === 'manual') {
			// Up to the next whole second, so an attempt that ended a moment ago is among them.
			const attempts = await fetchAttempts.call(this, client, states, now - MANUAL_LOOK_BACK_MS, now + 1000);
			const items = await attemptItems.call(this, client, attempts.slice(0, MANUAL_SAMPLE));
			return items.length ? [items] : null;
		}

		// One poll at a time per trigger (claims.ts): a poll that starts while another of this trigger
		// runs returns nothing and leaves the state alone; the next poll continues from the saved window.
		const claim = claimPoll(`${this.getWorkflow().id ?? ''}:${this.getNode().id || this.getNode().name}`, now);
		if (!claim) {
			this.logger?.debug('iMocha poll skipped: the previous poll of this trigger is still running', { node: this.getNode().name });
			return null;
		}
		const progress = () => touchClaim(claim, Date.now());
		try {
			const state = this.getWorkflowStaticData('node') as PollState & IDataObject;
			const previousEnd = state.windowEnd === undefined ? NaN : Date.parse(state.windowEnd);
			const firstPoll = Number.isNaN(previousEnd);
			// The first poll reads back only the overlap, to know what to skip next time, unless asked for history.
			const start = firstPoll ? now - (lookBack || overlap) : Math.min(previousEnd - overlap, now);
			const attempts = await fetchAttempts.call(this, client, states, start, now, progress);
			const { fresh, delivered } = newAttempts(attempts, state.delivered, { start, end: now });
			const items = firstPoll && lookBack === 0 ? [] : await attemptItems.call(this, client, fresh, progress);
			// A poll that hung until its claim lapsed was taken over by a later poll: that one delivers.
			if (!holdsClaim(claim)) {
				this.logger?.debug('iMocha poll dropped its result: a later poll took over its lapsed claim', { node: this.getNode().name });
				return null;
			}
			// Moved only after every request succeeded: a failed poll reads the same window again.
			state.windowEnd = new Date(now).toISOString();
			state.delivered = delivered;
			return items.length ? [items] : null;
		} finally {
			releaseClaim(claim);
		}
	}
}
