import type { INodeProperties } from 'n8n-workflow';
import { returnAllAndLimit } from '../../shared/descriptions';
import type { ImochaOperation } from '../../shared/operation';

export const testGetAllDescription: INodeProperties[] = returnAllAndLimit({ resource: ['test'], operation: ['getAll'] });

export const testGetAll: ImochaOperation = {
	method: 'GET',
	url: '/v3/tests',
	listProperty: 'tests',
};
