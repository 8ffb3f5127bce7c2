import type { IDataObject, IExecuteSingleFunctions, INodeExecutionData } from 'n8n-workflow';
import { recordsIn, resultLimit } from './params';
import type { PageSettings, RequestOptions, SendToImocha } from './transport';

/**
 * iMocha labels some JSON answers text/plain (the single skills profile, imocha-api.md §8);
 * whatever arrives as text is parsed when it is JSON, and kept as text otherwise.
 */
export function parseJsonBody(body: unknown): unknown {
	if (Buffer.isBuffer(body)) return parseJsonBody(body.toString('utf8'));
	if (typeof body !== 'string') return body;
	const text = body.trim();
	if (!text) return undefined;
	try {
		return JSON.parse(text);
	} catch {
		return body;
	}
}

const toItem = (value: unknown): INodeExecutionData => ({
	json: value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as IDataObject) : { data: value as IDataObject[keyof IDataObject] },
});

/** An answer as n8n items: one per element of a JSON array, else one; none for an empty body. */
export function itemsFromBody(body: unknown): INodeExecutionData[] {
	const parsed = parseJsonBody(body);
	if (parsed === undefined) return [];
	return Array.isArray(parsed) ? parsed.map(toItem) : [toItem(parsed)];
}

/**
 * Walks a paged list (page number and size in the query, `hasNextPage` in the answer) and applies
 * Return All / Limit. The page size stays the same on every page (the smaller of the API's maximum
 * and Limit), because a page number only means the same records while the size does not change;
 * the last page is cut to Limit. When the first page gives `totalPages`, the pages still needed
 * are fetched side by side (the node run's concurrency bound applies) and kept in page order;
 * walking on by `hasNextPage` covers records that arrived meanwhile.
 */
export async function fetchPages(
	this: IExecuteSingleFunctions,
	request: RequestOptions,
	send: SendToImocha,
	pages: PageSettings & { listProperty: string },
	itemIndex: number,
): Promise<IDataObject[]> {
	const limit = resultLimit.call(this);
	const pageSize = Math.min(pages.maxPageSize, limit);
	const fetchPage = async (page: number) => {
		const { body } = await send({
			...request,
			qs: { ...request.qs, [pages.pageParameter]: page, [pages.sizeParameter]: pageSize },
		});
		const answer = parseJsonBody(body) as IDataObject | undefined;
		const records = recordsIn.call(this, answer, pages.listProperty, itemIndex);
		return { records, hasNext: answer?.hasNextPage === true, totalPages: answer?.totalPages };
	};

	const records: IDataObject[] = [];
	let page = pages.firstPage;
	let current = await fetchPage(page);
	records.push(...current.records.slice(0, limit));
	const pagesNeeded = Math.ceil(limit / pageSize);
	if (current.hasNext && typeof current.totalPages === 'number' && current.totalPages > 1) {
		const last = Math.min(current.totalPages, pagesNeeded) + pages.firstPage - 1;
		const rest = Array.from({ length: Math.max(0, last - page) }, (_, i) => page + 1 + i);
		const answers = await Promise.all(rest.map(fetchPage));
		for (const answer of answers) {
			records.push(...answer.records.slice(0, limit - records.length));
			current = answer;
			if (answer.records.length === 0) break;
		}
		page = last;
	}
	while (current.hasNext && current.records.length > 0 && records.length < limit) {
		current = await fetchPage(++page);
		records.push(...current.records.slice(0, limit - records.length));
	}
	return records;
}
