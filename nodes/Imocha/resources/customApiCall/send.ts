import type { IDataObject, IHttpRequestMethods, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { invalidInput } from '../../transport/errors';
import type { ImochaOperation } from '../../shared/operation';
import { requireApiPath, requireJson, requireOneOf } from '../../shared/validation';

const showOnlyForCustomApiCall = { resource: ['customApiCall'], operation: ['send'] };
const METHODS = ['DELETE', 'GET', 'PATCH', 'POST', 'PUT'] as const;
const METHODS_WITH_BODY: readonly string[] = ['PATCH', 'POST', 'PUT'];
const APIS = ['assessment', 'intelligence'] as const;

export const customApiCallSendDescription: INodeProperties[] = [
	{
		displayName: 'API',
		name: 'api',
		type: 'options',
		displayOptions: { show: showOnlyForCustomApiCall },
		options: [
			{
				name: 'Skills Assessment',
				value: 'assessment',
				description: "Tests, invitations, reports, users: the credential's Skills Assessment Base URL; paths start with /v3/",
			},
			{
				name: 'Skills Intelligence',
				value: 'intelligence',
				description: "Employees, skills profiles, taxonomy: the credential's Skills Intelligence Base URL; paths have no /v3 prefix",
			},
		],
		default: 'assessment',
		description: 'Which iMocha API (and so which host of the credential) to call',
	},
	{
		displayName: 'Method',
		name: 'method',
		type: 'options',
		displayOptions: { show: showOnlyForCustomApiCall },
		options: METHODS.map((method) => ({ name: method, value: method })),
		default: 'GET',
		description: 'The HTTP method of the request',
	},
	{
		displayName: 'Path',
		name: 'path',
		type: 'string',
		required: true,
		placeholder: 'e.g. /v3/tests',
		displayOptions: { show: showOnlyForCustomApiCall },
		default: '',
		description:
			'Path of the endpoint on the chosen host, starting with /. Full URLs and paths that leave the host are refused, so the API key only goes to iMocha.',
	},
	{
		displayName: 'Query Parameters',
		name: 'queryParameters',
		type: 'fixedCollection',
		placeholder: 'Add Parameter',
		typeOptions: { multipleValues: true },
		displayOptions: { show: showOnlyForCustomApiCall },
		default: {},
		description: 'Parameters added to the URL; a name given more than once is sent once per value',
		options: [
			{
				displayName: 'Parameter',
				name: 'parameters',
				values: [
					{ displayName: 'Name', name: 'name', type: 'string', default: '', placeholder: 'e.g. pageNumber' },
					{ displayName: 'Value', name: 'value', type: 'string', default: '', placeholder: 'e.g. 1' },
				],
			},
		],
	},
	{
		displayName: 'Body (JSON)',
		name: 'body',
		type: 'json',
		displayOptions: { show: { ...showOnlyForCustomApiCall, method: [...METHODS_WITH_BODY] } },
		default: '{}',
		description: 'The JSON body of the request. An empty object ({}) or nothing sends no body.',
	},
];

/** No body to send: nothing, null, or an empty object. */
function isEmptyBody(body: unknown): boolean {
	if (body === undefined || body === null || body === '') return true;
	return typeof body === 'object' && !Array.isArray(body) && Object.keys(body).length === 0;
}

/** Query parameters from the fixed collection; a repeated name becomes a list (sent as name=a&name=b). */
function queryFrom(parameters: Array<{ name?: unknown; value?: unknown }>, fail: (message: string) => Error): IDataObject {
	const qs: IDataObject = {};
	for (const { name, value } of parameters) {
		const key = typeof name === 'string' ? name.trim() : '';
		if (!key) throw fail('Query Parameters has a parameter without a name');
		const text = value === undefined || value === null ? '' : String(value);
		const previous = qs[key];
		qs[key] = previous === undefined ? text : [...(Array.isArray(previous) ? previous : [previous]), text];
	}
	return qs;
}

export const customApiCallSend: ImochaOperation = {
	method: 'GET',
	// The Method field's default and any path: prepare sets both from the fields.
	url: '/',
	// No `idempotent`: whichever method is chosen, the client repeats it after an outage only if it is a GET.
	host(itemIndex) {
		return requireOneOf(this.getNode(), itemIndex, 'API', this.getNodeParameter('api', 'assessment'), APIS);
	},
	async prepare(request, itemIndex) {
		const node = this.getNode();
		const method = requireOneOf(node, itemIndex, 'Method', this.getNodeParameter('method', 'GET'), METHODS);
		const path = requireApiPath(node, itemIndex, 'Path', this.getNodeParameter('path', ''));
		// Belt and braces: the path may only ever name a place on the credential's host.
		const base = new URL('https://imocha-host.invalid');
		if (new URL(path, base).origin !== base.origin) {
			throw invalidInput(node, itemIndex, `Path "${path}" leaves the iMocha host`, 'Enter only the path on the iMocha host, e.g. /v3/tests.');
		}
		request.method = method as IHttpRequestMethods;
		request.url = path;
		const parameters = this.getNodeParameter('queryParameters.parameters', []) as Array<{ name?: unknown; value?: unknown }>;
		request.qs = queryFrom(parameters, (message) =>
			invalidInput(node, itemIndex, message, 'Give every query parameter a name, or remove the empty one.'),
		);
		request.arrayFormat = 'repeat';
		delete request.body;
		if (METHODS_WITH_BODY.includes(method)) {
			const given = this.getNodeParameter('body', '{}');
			// Nothing typed, or an empty object: no body at all (not `{}`), whatever n8n's helper does.
			const body = typeof given === 'string' && given.trim() === '' ? undefined : requireJson(node, itemIndex, 'Body (JSON)', given);
			if (!isEmptyBody(body)) request.body = body as IDataObject;
		}
	},
	async run(request, itemIndex, client): Promise<INodeExecutionData[]> {
		const response = await client.send(this, request, itemIndex);
		const items = itemsFromBody(response.body);
		return items.length ? items : [{ json: { statusCode: response.statusCode } }];
	},
};

const toItem = (value: unknown): INodeExecutionData => ({
	json: value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as IDataObject) : { data: value as IDataObject[keyof IDataObject] },
});

/** An answer as n8n items: one per element of a JSON array, else one; none for an empty body. */
function itemsFromBody(body: unknown): INodeExecutionData[] {
	if (body === undefined) return [];
	return Array.isArray(body) ? body.map(toItem) : [toItem(body)];
}
