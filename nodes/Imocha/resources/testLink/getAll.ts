import type { INodeProperties } from 'n8n-workflow';
import { returnAllAndLimit, testLocator } from '../../shared/descriptions';
import { fillPath, testIdOf } from '../../shared/params';
import type { ImochaOperation } from '../../shared/operation';

const showOnlyForTestLinkGetAll = { resource: ['testLink'], operation: ['getAll'] };

export const testLinkGetAllDescription: INodeProperties[] = [
	testLocator(showOnlyForTestLinkGetAll),
	...returnAllAndLimit(showOnlyForTestLinkGetAll),
];

export const testLinkGetAll: ImochaOperation = {
	method: 'GET',
	url: '/v3/tests/{testId}/testlinks',
	listProperty: 'testLinks',
	prepare(request, itemIndex) {
		fillPath(request, { testId: testIdOf.call(this, itemIndex) });
	},
};
