import type { IDataObject, ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';
import { toImochaApiError } from '../shared/errors';
import { secureBaseUrl } from '../shared/transport';

/** GETs a list from the Skills Assessment API with the credential, for a picker. */
export async function getImochaList(this: ILoadOptionsFunctions, url: string, property: string): Promise<IDataObject[]> {
	const credentials = await this.getCredentials('imochaApi');
	const baseURL = secureBaseUrl(this.getNode(), 0, credentials.baseUrl, 'Skills Assessment Base URL');
	let response: IDataObject;
	try {
		response = (await this.helpers.httpRequestWithAuthentication.call(this, 'imochaApi', {
			method: 'GET',
			baseURL,
			url,
			json: true,
		})) as IDataObject;
	} catch (error) {
		throw toImochaApiError(this.getNode(), error, 0);
	}
	const records = response?.[property];
	return Array.isArray(records) ? (records as IDataObject[]) : [];
}

/**
 * The picker's entries: records whose name contains the filter (ignoring case) or whose id is the
 * filter, sorted by name, the id as value.
 */
export function pickerResults(
	records: IDataObject[],
	keys: { id: string; name: string },
	filter?: string,
): INodeListSearchResult {
	const needle = filter?.trim().toLowerCase();
	return {
		results: records
			.filter(
				(record) =>
					!needle || String(record[keys.name]).toLowerCase().includes(needle) || String(record[keys.id]) === needle,
			)
			.map((record) => ({ name: String(record[keys.name]), value: String(record[keys.id]) }))
			.sort((a, b) => a.name.localeCompare(b.name)),
	};
}
