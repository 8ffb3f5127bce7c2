import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { returnAllAndLimit } from '../../shared/descriptions';
import { ATTEMPT_STATE_OPTIONS, ATTEMPT_STATES, retrieveInvites } from '../../api/attempts';
import { resultLimit, type ImochaOperation } from '../../shared/operation';
import { convertTimeWindow, requireOneOf, type WindowEnd } from '../../shared/validation';

const showOnlyForInvitationGetAll = { resource: ['invitation'], operation: ['getAll'] };
const dateField = (displayName: string, name: string, property: string, what: string): INodeProperties => ({
	displayName,
	name,
	type: 'dateTime',
	required: true,
	displayOptions: { show: showOnlyForInvitationGetAll },
	default: '',
	description: `${what}; sent to iMocha in UTC. A time without an offset is read in the workflow's time zone.`,
	routing: { send: { type: 'body', property } },
});

export const invitationGetAllDescription: INodeProperties[] = [
	{
		displayName: 'State',
		name: 'state',
		type: 'options',
		required: true,
		displayOptions: { show: showOnlyForInvitationGetAll },
		options: ATTEMPT_STATE_OPTIONS,
		default: 'completed',
		description: 'Which attempts to retrieve',
		routing: { send: { type: 'query', property: 'state' } },
	},
	dateField('Start Date and Time', 'startDateTime', 'StartDateTime', 'Start of the time window to search'),
	dateField('End Date and Time', 'endDateTime', 'EndDateTime', 'End of the time window to search'),
	...returnAllAndLimit(showOnlyForInvitationGetAll),
];

/** Retrieve Invites (docs/imocha-api.md §6.15): answers `{ result: { testAttempts: [...] }, errors: null }`. */
export const invitationGetAll: ImochaOperation = {
	method: 'POST',
	url: '/v3/candidates/testattempts',
	// A POST that only reads.
	idempotent: true,
	async run(request, itemIndex, client) {
		const node = this.getNode();
		const body = request.body as IDataObject;
		const qs = request.qs as IDataObject;
		const state = requireOneOf(node, itemIndex, 'State', qs.state, ATTEMPT_STATES);
		// Both ends are required: one an expression left undefined is refused, not left out.
		const ends: [WindowEnd, WindowEnd] = [
			{ key: 'StartDateTime', field: 'Start Date and Time' },
			{ key: 'EndDateTime', field: 'End Date and Time' },
		];
		convertTimeWindow(node, itemIndex, this.getTimezone(), body, ends, true);
		const limit = resultLimit.call(this, itemIndex);
		const window = { start: body.StartDateTime as string, end: body.EndDateTime as string };
		const attempts = await retrieveInvites(client, this, state, window, itemIndex);
		return attempts.slice(0, limit).map((json) => ({ json }));
	},
};
