import type { INodeProperties } from 'n8n-workflow';
import { imochaRoute } from '../../shared/operation';
import { testLinkGet, testLinkGetDescription } from './get';
import { testLinkGetAll, testLinkGetAllDescription } from './getAll';

export const testLinkDescription: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['testLink'] } },
		options: [
			{
				name: 'Get',
				value: 'get',
				action: 'Get test link',
				description:
					'Get one link of a test by its numeric testLinkId; returns its name, status, invitation type, proctoring and schedule',
				routing: imochaRoute(testLinkGet),
			},
			{
				name: 'Get Many',
				value: 'getAll',
				action: 'Get many test links',
				description:
					'List the links of a test; returns one item per link with its ID, name, status, invitation type, proctoring and schedule',
				routing: imochaRoute(testLinkGetAll),
			},
		],
		default: 'getAll',
	},
	...testLinkGetAllDescription,
	...testLinkGetDescription,
];
