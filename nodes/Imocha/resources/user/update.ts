import type { INodeProperties } from 'n8n-workflow';
import { businessUnitIdOf } from '../../api/businessUnits';
import { businessUnitLocator } from '../../shared/descriptions';
import type { ImochaOperation } from '../../shared/operation';
import { emailOf } from '../../shared/params';

const showOnlyForUserUpdate = { resource: ['user'], operation: ['update'] };

export const userUpdateDescription: INodeProperties[] = [
	businessUnitLocator({ required: true, displayOptions: { show: showOnlyForUserUpdate } }),
];

export const userUpdate: ImochaOperation = {
	method: 'POST',
	url: '/v3/accounts/user/update',
	// Moving a user to the unit they are already in changes nothing: safe to repeat.
	idempotent: true,
	async prepare(request, itemIndex) {
		const email = emailOf.call(this, itemIndex);
		request.body = {
			email,
			// iMocha answers 400 to a string id: the field must be a JSON number.
			businessunitId: await businessUnitIdOf.call(this, 'businessUnitId', itemIndex),
		};
	},
};
