import type { INodeProperties } from 'n8n-workflow';
import { testLinkLocator, testLocator } from '../../shared/descriptions';
import type { ImochaOperation } from '../../shared/operation';
import { fillPath, testIdOf } from '../../shared/params';
import { requireLocatorId } from '../../shared/validation';

const showOnlyForTestLinkGet = { resource: ['testLink'], operation: ['get'] };

export const testLinkGetDescription: INodeProperties[] = [
	testLocator(showOnlyForTestLinkGet),
	testLinkLocator({ required: true, displayOptions: { show: showOnlyForTestLinkGet } }),
];

/**
 * GET /v3/tests/{testId}/testlinks/{testLinkId}: one link of a test, the same object Get Many lists
 * (docs/imocha-api.md §6.11; in iMocha's older v3 docs, not in the current navigation).
 */
export const testLinkGet: ImochaOperation = {
	method: 'GET',
	url: '/v3/tests/{testId}/testlinks/{testLinkId}',
	prepare(request, itemIndex) {
		const testLinkId = requireLocatorId(this.getNode(), itemIndex, 'Test Link', this.getNodeParameter('testLinkId', ''));
		fillPath(request, { testId: testIdOf.call(this, itemIndex), testLinkId });
	},
};
