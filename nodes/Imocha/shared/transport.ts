import type {
	DeclarativeRestApiSettings,
	IDataObject,
	IExecutePaginationFunctions,
	IExecuteSingleFunctions,
	IHttpRequestMethods,
	INode,
	INodeExecutionData,
	INodePropertyRouting,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import { invalidInput, toImochaApiError } from './errors';

export type RequestOptions = DeclarativeRestApiSettings.HttpRequestOptions;

/** The two iMocha hosts; both take the same x-api-key (imocha-api.md §1). */
export type ImochaHost = 'assessment' | 'intelligence';

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

async function send(
	context: IExecutePaginationFunctions,
	requestData: DeclarativeRestApiSettings.ResultOptions,
	itemIndex: number,
): Promise<IDataObject[]> {
	let items: INodeExecutionData[];
	try {
		items = await context.makeRoutingRequest(requestData);
	} catch (error) {
		throw toImochaApiError(context.getNode(), error, itemIndex);
	}
	return items.map(({ json }) => json);
}

function listRecords(body: IDataObject, property: string, node: INode, itemIndex: number): IDataObject[] {
	const records = body?.[property];
	if (!Array.isArray(records)) {
		throw new NodeApiError(node, { body } as IDataObject as never, {
			message: `iMocha's answer has no "${property}" list [item ${itemIndex}]`,
			description: 'The iMocha API answered in an unexpected shape. Run again; if it persists, contact iMocha support.',
			itemIndex,
		});
	}
	return records as IDataObject[];
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
		requestData.options.baseURL = secureBaseUrl(node, itemIndex, credentials[host.key], host.label);
		if (operation.prepare) await operation.prepare.call(this, requestData.options, itemIndex);

		let records = await send(this, requestData, itemIndex);
		if (operation.listProperty) {
			records = listRecords(records[0], operation.listProperty, node, itemIndex);
			if (!this.getNodeParameter('returnAll', false)) {
				records = records.slice(0, this.getNodeParameter('limit', 50) as number);
			}
		}
		return records.map((json) => ({ json, pairedItem: { item: itemIndex } }));
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
