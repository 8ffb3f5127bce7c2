import type { INodeProperties } from 'n8n-workflow';
import { imochaRoute } from '../../shared/operation';
import { invitationCancel, invitationCancelDescription } from './cancel';
import { invitationGetAll, invitationGetAllDescription } from './getAll';
import { invitationInvite, invitationInviteDescription } from './invite';
import { invitationReattempt, invitationReattemptDescription } from './reattempt';

export const invitationDescription: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['invitation'] } },
		options: [
			{
				name: 'Cancel',
				value: 'cancel',
				action: 'Cancel pending invitation',
				description:
					'Cancel an invitation the candidate has not started (status Pending), by its numeric testInvitationId. Returns the testInvitationId and status "cancelled".',
				routing: imochaRoute(invitationCancel),
			},
			{
				name: 'Get Many',
				value: 'getAll',
				action: 'Get many test attempts by state',
				description:
					'Retrieve the attempts that were completed, cancelled or expired in a time window; returns one item per attempt with its invitation ID, test ID, candidate and status',
				routing: imochaRoute(invitationGetAll),
			},
			{
				name: 'Invite',
				value: 'invite',
				action: 'Invite candidate to test',
				description:
					"Invite a candidate to a test; returns testInvitationId, testUrl and status. The same email gets the same invitation back (check status). With an iMocha Trigger's URL as Callback URL, a workflow starts when the candidate finishes.",
				routing: imochaRoute(invitationInvite),
			},
			{
				name: 'Reattempt',
				value: 'reattempt',
				action: 'Let candidate retake test',
				description:
					'Let a candidate retake a test; returns the testInvitationId and testUrl to use (a new one once the earlier attempt is finished)',
				routing: imochaRoute(invitationReattempt),
			},
		],
		default: 'invite',
	},
	...invitationInviteDescription,
	...invitationReattemptDescription,
	...invitationCancelDescription,
	...invitationGetAllDescription,
];
