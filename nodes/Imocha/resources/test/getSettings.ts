import type { INodeProperties } from 'n8n-workflow';
import { testLocator } from '../../shared/descriptions';
import { fillPath, testIdOf } from '../../shared/params';
import type { ImochaOperation } from '../../shared/operation';

export const testGetSettingsDescription: INodeProperties[] = [
	testLocator({ resource: ['test'], operation: ['getSettings'] }),
];

export const testGetSettings: ImochaOperation = {
	method: 'GET',
	url: '/v3/tests/{testId}/settings',
	prepare(request, itemIndex) {
		fillPath(request, { testId: testIdOf.call(this, itemIndex) });
	},
};
