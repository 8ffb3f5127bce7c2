import type { IDataObject, ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';
import { toImochaApiError } from '../shared/errors';
import { secureBaseUrl } from '../shared/transport';

interface BusinessUnit {
	businessUnitId: number;
	businessUnitName: string;
}

export async function searchBusinessUnits(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const credentials = await this.getCredentials('imochaApi');
	const baseURL = secureBaseUrl(this.getNode(), 0, credentials.baseUrl, 'Skills Assessment Base URL');
	let response: IDataObject;
	try {
		response = (await this.helpers.httpRequestWithAuthentication.call(this, 'imochaApi', {
			method: 'GET',
			baseURL,
			url: '/v3/accounts/business-units',
			json: true,
		})) as IDataObject;
	} catch (error) {
		throw toImochaApiError(this.getNode(), error, 0);
	}
	const needle = filter?.trim().toLowerCase();
	const units = ((response.businessUnits as BusinessUnit[] | undefined) ?? []).filter(
		(unit) => !needle || unit.businessUnitName.toLowerCase().includes(needle) || String(unit.businessUnitId) === needle,
	);
	return {
		results: units
			.map((unit) => ({ name: unit.businessUnitName, value: String(unit.businessUnitId) }))
			.sort((a, b) => a.name.localeCompare(b.name)),
	};
}
