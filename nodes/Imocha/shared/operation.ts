// How an operation of the iMocha node runs inside n8n's declarative engine. RoutingNode passes a
// request to `operations.pagination` only when `paginate` is true, so each operation opts in: this
// hook is the one place where an item is validated, sent through the run's client, unwrapped, and
// where a failure becomes one error item (with its pairedItem) instead of the empty item n8n's
// default gives.
import type {
	DeclarativeRestApiSettings,
	IDataObject,
	IExecutePaginationFunctions,
	IExecuteSingleFunctions,
	IHttpRequestMethods,
	INodeExecutionData,
	INodePropertyRouting,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { clientForRun, jsonObjectIn, recordsIn, type ImochaClient, type ImochaRequest, type PageSettings } from '../transport/client';
import { asNodeError } from '../transport/errors';
import type { ImochaHost } from '../transport/hosts';

/** One item's request as an operation builds it: method, path, query, body; the host is the client's to resolve. */
export interface OperationRequest extends ImochaRequest {
	qs: IDataObject;
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
	prepare?: (this: IExecuteSingleFunctions, request: OperationRequest, itemIndex: number) => void | Promise<void>;
	/**
	 * Whether repeating the request after an outage (502/503/504, a reset, a cut answer) is harmless:
	 * iMocha documents it as idempotent, or it sets a state. Defaults to true for GET only.
	 */
	idempotent?: boolean;
	/** For list operations: the response property holding the records. Return All / Limit apply. */
	listProperty?: string;
	/** For list operations that iMocha pages: walk pages while the answer says `hasNextPage`. */
	pages?: Omit<PageSettings, 'listProperty'>;
	/** For list operations with a Simplify toggle: what Simplify keeps of each record. */
	simplify?: (record: IDataObject) => IDataObject;
	/**
	 * For operations that need more than one request or shape their own output (read-modify-write,
	 * splitting, binary files). Gets the prepared request and the run's client, which sends it:
	 * `client.send(this, request, itemIndex)` (or `json`, `file`).
	 */
	run?: (this: IExecuteSingleFunctions, request: OperationRequest, itemIndex: number, client: ImochaClient) => Promise<INodeExecutionData[]>;
}

/** Return All / Limit of a list operation, as a number of records (Infinity for all). */
export function resultLimit(this: IExecuteSingleFunctions, itemIndex: number): number {
	if (this.getNodeParameter('returnAll', false)) return Infinity;
	const limit = this.getNodeParameter('limit', 50) as unknown;
	if (typeof limit !== 'number' || !Number.isSafeInteger(limit) || limit < 1) {
		throw new NodeOperationError(this.getNode(), `Limit "${String(limit)}" is not a whole number of 1 or more [item ${itemIndex}]`, {
			itemIndex,
			description: "Enter how many records to return in 'Limit', e.g. 50, or switch on 'Return All'.",
		});
	}
	return limit;
}

async function runOperation(
	this: IExecutePaginationFunctions,
	requestData: DeclarativeRestApiSettings.ResultOptions,
	operation: ImochaOperation,
): Promise<INodeExecutionData[]> {
	const itemIndex = this.getItemIndex();
	const node = this.getNode();
	const client = clientForRun(this);
	try {
		const routed = requestData.options;
		client.useRoutedSettings({ proxy: routed.proxy, skipSslCertificateValidation: routed.skipSslCertificateValidation === true, allowedDomains: routed.allowedDomains });
		const request: OperationRequest = {
			method: operation.method,
			url: operation.url,
			host: typeof operation.host === 'function' ? operation.host.call(this, itemIndex) : operation.host,
			qs: (routed.qs ?? {}) as IDataObject,
			body: (routed.body ?? {}) as IDataObject,
			idempotent: operation.idempotent,
		};
		if (operation.prepare) await operation.prepare.call(this, request, itemIndex);

		let results: INodeExecutionData[];
		if (operation.run) {
			results = await operation.run.call(this, request, itemIndex, client);
		} else if (operation.listProperty) {
			const limit = resultLimit.call(this, itemIndex);
			const records = operation.pages
				? await client.pages(this, request, { ...operation.pages, listProperty: operation.listProperty }, limit, itemIndex)
				: recordsIn(node, await client.json(this, request, itemIndex), operation.listProperty, itemIndex).slice(0, limit);
			// Read once per item, not per record: a Return All list can hold tens of thousands.
			const simplify = operation.simplify && this.getNodeParameter('simplify', true) ? operation.simplify : undefined;
			return records.map((record) => ({ json: simplify ? simplify(record) : record, pairedItem: { item: itemIndex } }));
		} else {
			results = [{ json: jsonObjectIn(node, await client.json(this, request, itemIndex), itemIndex) }];
		}
		return results.map((result) => ({ ...result, pairedItem: { item: itemIndex } }));
	} catch (error) {
		const nodeError = asNodeError(node, error, itemIndex);
		if (!this.continueOnFail()) throw nodeError;
		// n8n rewrites an error item's json to { error: message } itself (WorkflowExecute.normalizeNodeErrors).
		return [{ json: { error: nodeError.message }, error: nodeError, pairedItem: { item: itemIndex } }];
	}
}

/** The routing of every iMocha operation: the hook above, opted in with `paginate`. */
export function imochaRoute(operation: ImochaOperation): INodePropertyRouting {
	return {
		// RoutingNode does not need `request`: with `paginate` it hands each item to the hook, which
		// sends what it builds (routing-node.js makeRequest); this is copied into requestData, never
		// sent. It stays as the operation's real method and path (its `{id}`s filled by the hook) for
		// the reader and test/description.test.ts; Custom API Call's are its Method's default and "/".
		request: { method: operation.method, url: operation.url },
		send: { paginate: true },
		operations: {
			async pagination(this: IExecutePaginationFunctions, requestData) {
				return await runOperation.call(this, requestData, operation);
			},
		},
	};
}
