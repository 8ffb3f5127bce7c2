import type { INodeProperties } from 'n8n-workflow';
import { imochaRoute } from '../../shared/operation';
import { callbackReplay, callbackReplayDescription } from './replay';

export const callbackDescription: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['callback'] } },
		options: [
			{
				name: 'Replay',
				value: 'replay',
				action: 'Resend test callbacks',
				description:
					"Ask iMocha to send the callbacks of invitations again to their callback URLs; returns one item with the lists of successful and failed invitation IDs",
				routing: imochaRoute(callbackReplay),
			},
		],
		default: 'replay',
	},
	...callbackReplayDescription,
];
