import type { INodeProperties } from 'n8n-workflow';
import { imochaRoute } from '../../shared/operation';
import { gdprMask, gdprMaskDescription } from './mask';

export const gdprDescription: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['gdpr'] } },
		options: [
			{
				name: 'Mask',
				value: 'mask',
				action: 'Mask candidate data for GDPR',
				description:
					"Ask iMocha to mask a candidate's personal data (all records, or one attempt); returns iMocha's acknowledgement, as masking runs later",
				routing: imochaRoute(gdprMask),
			},
		],
		default: 'mask',
	},
	...gdprMaskDescription,
];
