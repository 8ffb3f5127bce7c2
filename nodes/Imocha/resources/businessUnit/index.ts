import type { INodeProperties } from 'n8n-workflow';
import { imochaRoute } from '../../shared/operation';
import { businessUnitGetAll, businessUnitGetAllDescription } from './getAll';

export const businessUnitDescription: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['businessUnit'] } },
		options: [
			{
				name: 'Get Many',
				value: 'getAll',
				action: 'Get many business units',
				description: 'List the business units of the iMocha account; returns one item per business unit',
				routing: imochaRoute(businessUnitGetAll),
			},
		],
		default: 'getAll',
	},
	...businessUnitGetAllDescription,
];
