import type { INodeProperties } from 'n8n-workflow';
import { testLocator } from '../../shared/descriptions';
import { fillPath, testIdOf } from '../../shared/params';
import type { ImochaOperation } from '../../shared/operation';

export const testGetSettingsDescription: INodeProperties[] = [
	testLocator({
		displayOptions: { show: { resource: ['test'], operation: ['getSettings'] } },
		description: 'The test whose settings to retrieve',
	}),
];

export const testGetSettings: ImochaOperation = {
	method: 'GET',
	url: '/v3/tests/{testId}/settings',
	prepare(request, itemIndex) {
		fillPath(request, { testId: testIdOf.call(this, itemIndex) });
	},
};
