import type { INodeProperties } from 'n8n-workflow';
import { returnAllAndLimit } from '../../shared/descriptions';
import type { ImochaOperation } from '../../shared/operation';

export const businessUnitGetAllDescription: INodeProperties[] = returnAllAndLimit({
	resource: ['businessUnit'],
	operation: ['getAll'],
});

export const businessUnitGetAll: ImochaOperation = {
	method: 'GET',
	url: '/v3/accounts/business-units',
	listProperty: 'businessUnits',
};
