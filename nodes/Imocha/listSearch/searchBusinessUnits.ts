import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';
import { getImochaList, pickerResults } from './imochaList';

export async function searchBusinessUnits(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const units = await getImochaList.call(this, '/v3/accounts/business-units', 'businessUnits');
	return pickerResults(units, { id: 'businessUnitId', name: 'businessUnitName' }, filter);
}
