import type { INodeProperties } from 'n8n-workflow';
import { imochaRoute } from '../../shared/operation';
import { taxonomyGetAll, taxonomyGetAllDescription } from './getAll';

export const taxonomyDescription: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['taxonomy'] } },
		options: [
			{
				name: 'Get Many',
				value: 'getAll',
				action: 'Get many taxonomy skills',
				description:
					"List the skills of the account's skills taxonomy; returns one item per skill with its domain, subdomain, cluster and classification (by name with Simplify)",
				routing: imochaRoute(taxonomyGetAll),
			},
		],
		default: 'getAll',
	},
	...taxonomyGetAllDescription,
];
