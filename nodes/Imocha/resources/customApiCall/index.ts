import type { INodeProperties } from 'n8n-workflow';
import { imochaRoute } from '../../shared/operation';
import { customApiCallSend, customApiCallSendDescription } from './send';

export const customApiCallDescription: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['customApiCall'] } },
		options: [
			{
				name: 'Send',
				value: 'send',
				action: 'Send API request',
				description:
					"Call any endpoint of either iMocha API with the credential's key, e.g. one this node has no operation for; returns the JSON answer, one item per element when it is a list",
				routing: imochaRoute(customApiCallSend),
			},
		],
		default: 'send',
	},
	...customApiCallSendDescription,
];
