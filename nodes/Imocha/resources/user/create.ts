import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { businessUnitLocator } from '../../shared/descriptions';
import type { ImochaOperation } from '../../shared/operation';
import { emailOf } from '../../shared/params';
import { requireName, requirePositiveInteger } from '../../shared/validation';

const showOnlyForUserCreate = { resource: ['user'], operation: ['create'] };

export const userCreateDescription: INodeProperties[] = [
	{
		displayName: 'Full Name',
		name: 'fullName',
		type: 'string',
		placeholder: 'e.g. Nathan Smith',
		required: true,
		displayOptions: { show: showOnlyForUserCreate },
		default: '',
		description: 'Full name of the new user',
		routing: { send: { type: 'body', property: 'fullName' } },
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		displayOptions: { show: showOnlyForUserCreate },
		default: {},
		description: 'Optional details of the new user',
		options: [
			businessUnitLocator({
				description:
					"Numeric ID of the new user's business unit (businessUnitId from Business Unit → Get Many). Without it, the account's default business unit.",
			}),
		],
	},
];

export const userCreate: ImochaOperation = {
	method: 'POST',
	url: '/v3/accounts/user/create',
	prepare(request, itemIndex) {
		const node = this.getNode();
		const body = request.body as IDataObject;
		body.email = emailOf.call(this, itemIndex);
		body.fullName = requireName(node, itemIndex, 'Full Name', body.fullName);
		const unit = this.getNodeParameter('additionalFields.businessUnitId', '', { extractValue: true });
		if (unit === undefined || unit === null || String(unit).trim() === '') {
			delete body.businessunitId;
		} else {
			body.businessunitId = requirePositiveInteger(node, itemIndex, 'Business Unit', unit);
		}
	},
};
