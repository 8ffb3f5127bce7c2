import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';
import { getImochaList, pickerResults } from './imochaList';

export async function searchTests(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	const tests = await getImochaList.call(this, '/v3/tests', 'tests');
	return pickerResults(tests, { id: 'testId', name: 'testName' }, filter);
}
