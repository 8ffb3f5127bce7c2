import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { businessUnitIdOf } from '../../api/businessUnits';
import { businessUnitLocator } from '../../shared/descriptions';
import type { ImochaOperation } from '../../shared/operation';
import { emailOf } from '../../shared/params';
import { requireName } from '../../shared/validation';

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
					"The new user's business unit: from the list, by numeric ID (businessUnitId from Business Unit → Get Many) or by name (matched ignoring case and spaces around it). Without it, the account's default business unit.",
			}),
		],
	},
];

export const userCreate: ImochaOperation = {
	method: 'POST',
	url: '/v3/accounts/user/create',
	async prepare(request, itemIndex) {
		const node = this.getNode();
		const body = request.body as IDataObject;
		body.email = emailOf.call(this, itemIndex);
		body.fullName = requireName(node, itemIndex, 'Full Name', body.fullName);
		const unit = await businessUnitIdOf.call(this, 'additionalFields.businessUnitId', itemIndex, { optional: true });
		if (unit === undefined) delete body.businessunitId;
		else body.businessunitId = unit;
	},
};
