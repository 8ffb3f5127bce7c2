import type {
	DeclarativeRestApiSettings,
	IDataObject,
	IExecutePaginationFunctions,
	IExecuteSingleFunctions,
	IHttpRequestMethods,
	IN8nHttpFullResponse,
	INode,
	INodeExecutionData,
	INodePropertyRouting,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import { invalidInput, toImochaApiError } from './errors';

export type RequestOptions = DeclarativeRestApiSettings.HttpRequestOptions;

/** The two iMocha hosts; both take the same x-api-key (imocha-api.md §1). */
export type ImochaHost = 'assessment' | 'intelligence';

/** Sends one request to iMocha with the credential applied; a failure becomes a clean NodeApiError. */
export type SendToImocha = (request: RequestOptions) => Promise<IN8nHttpFullResponse>;

export interface PageSettings {
	/** Query parameter for the page number, and the number of the first page. */
	pageParameter: string;
	firstPage: number;
	/** Query parameter for the page size, and the largest size iMocha accepts. */
	sizeParameter: string;
	maxPageSize: number;
}

export interface ImochaOperation {
	method: IHttpRequestMethods;
	url: string;
	host?: ImochaHost;
	/**
	 * Checks the item's parameters and finishes the request (value types, ids in the path) before
	 * anything is sent. Throw `invalidInput(...)` to refuse the item.
	 */
	prepare?: (this: IExecuteSingleFunctions, request: RequestOptions, itemIndex: number) => void | Promise<void>;
	/** For list operations: the response property holding the records. Return All / Limit apply. */
	listProperty?: string;
	/** For list operations that iMocha pages: walk pages while the answer says `hasNextPage`. */
	pages?: PageSettings;
	/**
	 * For operations that need more than one request or shape their own output (read-modify-write,
	 * splitting, binary files). Gets the prepared request and a `send` that applies the credential.
	 */
	run?: (
		this: IExecuteSingleFunctions,
		request: RequestOptions,
		send: SendToImocha,
		itemIndex: number,
	) => Promise<INodeExecutionData[]>;
}

interface ImochaCredentials {
	apiKey: string;
	baseUrl: string;
	skillsIntelligenceBaseUrl: string;
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

const HOST_SETTING: Record<ImochaHost, { key: keyof ImochaCredentials; label: string }> = {
	assessment: { key: 'baseUrl', label: 'Skills Assessment Base URL' },
	intelligence: { key: 'skillsIntelligenceBaseUrl', label: 'Skills Intelligence Base URL' },
};

/** iMocha requires TLS, and the key must never travel in clear text: only loopback may use http. */
export function secureBaseUrl(node: INode, itemIndex: number, value: unknown, label: string): string {
	const text = typeof value === 'string' ? value.trim().replace(/\/+$/, '') : '';
	let url: URL | undefined;
	try {
		url = new URL(text);
	} catch {
		url = undefined;
	}
	const secure =
		url !== undefined &&
		(url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname)));
	if (!secure) {
		throw invalidInput(
			node,
			itemIndex,
			`The ${label} "${text}" in the iMocha API credential must start with https://`,
			'iMocha accepts only TLS connections, and the API key must never be sent in clear text. Plain http:// is accepted only for localhost, e.g. a local test server.',
		);
	}
	return text;
}

function unexpectedAnswer(node: INode, itemIndex: number, what: string): NodeApiError {
	return new NodeApiError(node, {}, {
		message: `iMocha's answer ${what} [item ${itemIndex}]`,
		description: 'The iMocha API answered in an unexpected shape. Run again; if it persists, contact iMocha support.',
		itemIndex,
	});
}

function recordsOf(body: unknown, property: string, node: INode, itemIndex: number): IDataObject[] {
	const records = (body as IDataObject | undefined)?.[property];
	if (!Array.isArray(records)) throw unexpectedAnswer(node, itemIndex, `has no "${property}" list`);
	return records as IDataObject[];
}

async function fetchList(
	this: IExecuteSingleFunctions,
	operation: ImochaOperation & { listProperty: string },
	request: RequestOptions,
	send: SendToImocha,
	itemIndex: number,
): Promise<IDataObject[]> {
	const node = this.getNode();
	const limit = this.getNodeParameter('returnAll', false) ? Infinity : (this.getNodeParameter('limit', 50) as number);
	const { pages } = operation;
	if (!pages) {
		const { body } = await send(request);
		return recordsOf(body, operation.listProperty, node, itemIndex).slice(0, limit);
	}
	const records: IDataObject[] = [];
	for (let page = pages.firstPage; records.length < limit; page++) {
		const pageSize = Math.min(pages.maxPageSize, limit - records.length);
		const { body } = await send({
			...request,
			qs: { ...request.qs, [pages.pageParameter]: page, [pages.sizeParameter]: pageSize },
		});
		const pageRecords = recordsOf(body, operation.listProperty, node, itemIndex);
		records.push(...pageRecords.slice(0, limit - records.length));
		if (!(body as IDataObject).hasNextPage || pageRecords.length === 0) break;
	}
	return records;
}

async function runImochaRequest(
	this: IExecutePaginationFunctions,
	requestData: DeclarativeRestApiSettings.ResultOptions,
	operation: ImochaOperation,
): Promise<INodeExecutionData[]> {
	const itemIndex = this.getItemIndex();
	const node = this.getNode();
	try {
		const credentials = await this.getCredentials<ImochaCredentials>('imochaApi', itemIndex);
		const host = HOST_SETTING[operation.host ?? 'assessment'];
		const request = requestData.options;
		request.baseURL = secureBaseUrl(node, itemIndex, credentials[host.key], host.label);
		if (operation.prepare) await operation.prepare.call(this, request, itemIndex);

		const send: SendToImocha = async (options) => {
			try {
				return (await this.helpers.httpRequestWithAuthentication.call(this, 'imochaApi', {
					...options,
					returnFullResponse: true,
				} as RequestOptions as never)) as IN8nHttpFullResponse;
			} catch (error) {
				throw toImochaApiError(node, error, itemIndex);
			}
		};

		let results: INodeExecutionData[];
		if (operation.run) {
			results = await operation.run.call(this, request, send, itemIndex);
		} else if (operation.listProperty) {
			const records = await fetchList.call(this, { ...operation, listProperty: operation.listProperty }, request, send, itemIndex);
			results = records.map((json) => ({ json }));
		} else {
			const { body } = await send(request);
			if (!body || typeof body !== 'object' || Array.isArray(body)) {
				throw unexpectedAnswer(node, itemIndex, 'is not a JSON object');
			}
			results = [{ json: body as IDataObject }];
		}
		return results.map((result) => ({ ...result, pairedItem: { item: itemIndex } }));
	} catch (error) {
		const nodeError =
			error instanceof NodeApiError || error instanceof NodeOperationError
				? error
				: new NodeOperationError(node, error as Error, { itemIndex });
		if (!this.continueOnFail()) throw nodeError;
		// n8n rewrites an error item's json to { error: message } itself (WorkflowExecute.normalizeNodeErrors).
		return [{ json: { error: nodeError.message }, error: nodeError, pairedItem: { item: itemIndex } }];
	}
}

/**
 * The routing of every iMocha operation. RoutingNode passes a request to `operations.pagination`
 * only when `paginate` is true, so each operation opts in: that hook is the one place where an
 * item's request is validated, sent to the right host, unwrapped, and where a failure becomes one
 * error item (with its pairedItem) instead of the empty item n8n's default gives.
 */
export function imochaRoute(operation: ImochaOperation): INodePropertyRouting {
	return {
		request: { method: operation.method, url: operation.url },
		send: { paginate: true },
		operations: {
			async pagination(this: IExecutePaginationFunctions, requestData) {
				return await runImochaRequest.call(this, requestData, operation);
			},
		},
	};
}
