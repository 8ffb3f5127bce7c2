import type {
	DeclarativeRestApiSettings,
	ICredentialDataDecryptedObject,
	IDataObject,
	IExecutePaginationFunctions,
	IExecuteSingleFunctions,
	IHttpRequestMethods,
	IN8nHttpFullResponse,
	INode,
	INodeExecutionData,
	INodePropertyRouting,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError, sleep } from 'n8n-workflow';
import { invalidInput, readFailure, toImochaApiError, unexpectedAnswer } from './errors';
import { recordsIn, resultLimit } from './params';
import { fetchPages } from './responses';
import { joinNodeRun, readPolicy, retryDelay, type RequestPolicy } from './retry';

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
	/** Which iMocha host the request goes to; a function when the item's parameters decide. */
	host?: ImochaHost | ((this: IExecuteSingleFunctions, itemIndex: number) => ImochaHost);
	/**
	 * Checks the item's parameters and finishes the request (value types, ids in the path) before
	 * anything is sent. Throw `invalidInput(...)` to refuse the item.
	 */
	prepare?: (this: IExecuteSingleFunctions, request: RequestOptions, itemIndex: number) => void | Promise<void>;
	/**
	 * Whether repeating the request after an outage (502/503/504, a reset) is harmless: iMocha
	 * documents it as idempotent, or it sets a state. Defaults to true for GET only. Requests that
	 * are not are still repeated after a 429 or a refused connection, which prove nothing was applied.
	 */
	idempotent?: boolean;
	/** For list operations: the response property holding the records. Return All / Limit apply. */
	listProperty?: string;
	/** For list operations that iMocha pages: walk pages while the answer says `hasNextPage`. */
	pages?: PageSettings;
	/** For list operations with a Simplify toggle: what Simplify keeps of each record. */
	simplify?: (record: IDataObject) => IDataObject;
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

async function fetchList(
	this: IExecuteSingleFunctions,
	operation: ImochaOperation & { listProperty: string },
	request: RequestOptions,
	send: SendToImocha,
	itemIndex: number,
): Promise<IDataObject[]> {
	const { pages } = operation;
	if (pages) return await fetchPages.call(this, request, send, { ...pages, listProperty: operation.listProperty }, itemIndex);
	const { body } = await send(request);
	return recordsIn.call(this, body, operation.listProperty, itemIndex).slice(0, resultLimit.call(this));
}

async function runImochaRequest(
	this: IExecutePaginationFunctions,
	requestData: DeclarativeRestApiSettings.ResultOptions,
	operation: ImochaOperation,
): Promise<INodeExecutionData[]> {
	const itemIndex = this.getItemIndex();
	const node = this.getNode();
	const policy = readPolicy(this.getNodeParameter('requestOptions', {}) as Partial<RequestPolicy>);
	// Joined before the first await, while RoutingNode is still starting the run's items.
	const run = joinNodeRun(`${this.getExecutionId()}:${node.id}`, policy.maxConcurrent);
	try {
		run.credentials ??= this.getCredentials('imochaApi', itemIndex);
		const credentials = (await run.credentials) as unknown as ImochaCredentials;
		const credentialsDecrypted = {
			id: node.credentials?.imochaApi?.id ?? '',
			name: node.credentials?.imochaApi?.name ?? '',
			type: 'imochaApi',
			data: credentials as unknown as ICredentialDataDecryptedObject,
		};
		const hostName = typeof operation.host === 'function' ? operation.host.call(this, itemIndex) : operation.host;
		const host = HOST_SETTING[hostName ?? 'assessment'];
		const request = requestData.options;
		request.baseURL = secureBaseUrl(node, itemIndex, credentials[host.key], host.label);
		if (operation.prepare) await operation.prepare.call(this, request, itemIndex);

		// Decided after prepare(), which may set the method (Custom API Call).
		const idempotent = operation.idempotent ?? request.method === 'GET';
		const send: SendToImocha = async (options) => {
			for (let attempt = 0; ; attempt++) {
				try {
					return await run.send(
						async () =>
							(await this.helpers.httpRequestWithAuthentication.call(
								this,
								'imochaApi',
								{
									// A followed redirect would carry the x-api-key header to whatever host it
									// names; an operation that expects one follows it itself (Report → Get PDF).
									disableFollowRedirect: true,
									...options,
									returnFullResponse: true,
								} as RequestOptions as never,
								{ credentialsDecrypted },
							)) as IN8nHttpFullResponse,
					);
				} catch (error) {
					const failure = readFailure(error);
					const delay =
						policy.retryEnabled && attempt < policy.maxRetries ? retryDelay(failure, attempt, idempotent) : undefined;
					if (delay === undefined) throw toImochaApiError(node, error, itemIndex);
					// A 429 concerns the whole account: hold back every request of this run, not just this one.
					if (failure.status === 429) run.rateLimited(delay);
					else await sleep(delay);
				}
			}
		};

		let results: INodeExecutionData[];
		if (operation.run) {
			results = await operation.run.call(this, request, send, itemIndex);
		} else if (operation.listProperty) {
			const records = await fetchList.call(this, { ...operation, listProperty: operation.listProperty }, request, send, itemIndex);
			// Read once per item, not per record: a Return All list can hold tens of thousands.
			const simplify = operation.simplify && this.getNodeParameter('simplify', true) ? operation.simplify : undefined;
			return records.map((record) => ({ json: simplify ? simplify(record) : record, pairedItem: { item: itemIndex } }));
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
	} finally {
		run.leave();
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
