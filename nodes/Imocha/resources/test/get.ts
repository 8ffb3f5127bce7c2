import type { INodeProperties } from 'n8n-workflow';
import { testLocator } from '../../shared/descriptions';
import { fillPath, testIdOf } from '../../shared/params';
import type { ImochaOperation } from '../../shared/operation';

export const testGetDescription: INodeProperties[] = [
	testLocator({ resource: ['test'], operation: ['get'] }),
];

/** [inferred] GET /v3/tests/{testId}: in iMocha's navigation; the path follows its siblings. */
export const testGet: ImochaOperation = {
	method: 'GET',
	url: '/v3/tests/{testId}',
	prepare(request, itemIndex) {
		fillPath(request, { testId: testIdOf.call(this, itemIndex) });
	},
};
