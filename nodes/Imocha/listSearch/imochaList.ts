import type { IDataObject, ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';
import { clientForCall, recordsIn } from '../transport/client';

/** A picker answers while the user waits: 5 s per request and one quick retry. */
const PICKER_POLICY = { timeoutMs: 5_000, maxRetries: 1, maxWaitMs: 2_000 };

/** GETs a list from the Skills Assessment API through the client, for a picker. */
export async function getImochaList(this: ILoadOptionsFunctions, url: string, property: string): Promise<IDataObject[]> {
	return recordsIn(this.getNode(), await clientForCall(PICKER_POLICY).json(this, { method: 'GET', url }), property);
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
