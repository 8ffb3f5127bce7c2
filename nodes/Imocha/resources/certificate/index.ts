import type { INodeProperties } from 'n8n-workflow';
import { imochaRoute } from '../../shared/operation';
import { certificateCreate, certificateCreateDescription } from './create';
import { certificateGetAll, certificateGetAllDescription } from './getAll';

export const certificateDescription: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['certificate'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				action: 'Create a certificate',
				description:
					"Add a certificate with the taxonomy skills it proves to the account's catalogue; returns what iMocha stored. iMocha marks this endpoint as Developing: it may change.",
				routing: imochaRoute(certificateCreate),
			},
			{
				name: 'Get Many',
				value: 'getAll',
				action: 'Get many certificates',
				description: "List the certificates of the account's catalogue; returns one item per certificate with its issuer, status and skills",
				routing: imochaRoute(certificateGetAll),
			},
		],
		default: 'getAll',
	},
	...certificateCreateDescription,
	...certificateGetAllDescription,
];
