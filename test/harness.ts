// Runs this package's nodes through n8n's own execution engine (n8n-core's WorkflowExecute, which
// drives the real declarative RoutingNode and real HTTP requests) after loading them from dist/
// with n8n's PackageDirectoryLoader, exactly as an n8n instance loads a community package.
// Nothing of the engine is mocked; only credential storage is replaced by an in-memory map.
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

if (!process.env.N8N_USER_FOLDER) {
	const userFolder = mkdtempSync(join(tmpdir(), 'imocha-n8n-'));
	process.env.N8N_USER_FOLDER = userFolder;
	process.on('exit', () => rmSync(userFolder, { recursive: true, force: true }));
}
process.env.N8N_LOG_LEVEL = 'debug';

import {
	ExecuteContext,
	ExecutionLifecycleHooks,
	LoadOptionsContext,
	PackageDirectoryLoader,
	RoutingNode,
	WorkflowExecute,
} from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	ICredentialType,
	IDataObject,
	IHttpRequestOptions,
	INode,
	INodeExecutionData,
	INodeListSearchResult,
	INodeType,
	INodeTypes,
	IRun,
	IRunExecutionData,
	IVersionedNodeType,
	IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';
import { ICredentialsHelper, LoggerProxy, NodeHelpers, Workflow } from 'n8n-workflow';

export const PACKAGE_NAME = 'n8n-nodes-imocha';
export const NODE_TYPE = `${PACKAGE_NAME}.imocha`;
export const TEST_API_KEY = 'test-key';

type LoadedPackage = {
	nodeTypes: Record<string, INodeType | IVersionedNodeType>;
	credentialTypes: Record<string, ICredentialType>;
};

let loaded: Promise<LoadedPackage> | undefined;

/** Loads dist/ the way n8n does (package.json "n8n" block, codex, icons, declarative options). */
export function loadPackage(): Promise<LoadedPackage> {
	loaded ??= (async () => {
		// n8n's logger (which LoggerProxy, WorkflowExecute and the node contexts all use) writes here.
		// n8n-core ships its own copies of @n8n/di and @n8n/backend-common: use those.
		const coreRequire = createRequire(require.resolve('n8n-core'));
		const { Container } = coreRequire('@n8n/di');
		const { Logger } = coreRequire('@n8n/backend-common');
		const logger = Container.get(Logger);
		(logger as unknown as { setInternalLogger(l: unknown): void }).setInternalLogger(captureTransport);
		LoggerProxy.init(logger);
		const loader = new PackageDirectoryLoader(resolve(__dirname, '..'));
		await loader.loadAll();
		const nodeTypes: LoadedPackage['nodeTypes'] = {};
		for (const [name, data] of Object.entries(loader.nodeTypes)) nodeTypes[`${PACKAGE_NAME}.${name}`] = data.type;
		const credentialTypes: LoadedPackage['credentialTypes'] = {};
		for (const [name, data] of Object.entries(loader.credentialTypes)) credentialTypes[name] = data.type;
		return { nodeTypes, credentialTypes };
	})();
	return loaded;
}

/** Every line n8n logs during runs (at debug level), so tests can check that no secret is ever logged. */
export const capturedLogs: string[] = [];
const captureTransport = {
	levels: { error: 0, warn: 1, info: 2, debug: 3 },
	log(level: string, message: string, meta?: object) {
		capturedLogs.push(`${level} ${message} ${meta ? safeStringify(meta) : ''}`);
	},
	child() {
		return captureTransport;
	},
};

export function safeStringify(value: unknown): string {
	const seen = new WeakSet();
	return JSON.stringify(value, (_key, val: unknown) => {
		if (val instanceof Error) {
			return { ...val, name: val.name, message: val.message, stack: val.stack };
		}
		if (typeof val === 'object' && val !== null) {
			if (seen.has(val)) return '[circular]';
			seen.add(val);
		}
		if (typeof val === 'bigint') return val.toString();
		return val;
	});
}

/**
 * Stores credentials in memory and applies a credential type's `authenticate` the way n8n's
 * CredentialsHelper does: generic auth resolves each `={{ }}` expression against the credential.
 * (n8n's own test helper only handles function authenticators, so headers would go missing.)
 */
class TestCredentialsHelper extends ICredentialsHelper {
	constructor(
		private readonly credentialTypes: Record<string, ICredentialType>,
		private readonly data: Record<string, ICredentialDataDecryptedObject>,
	) {
		super();
	}

	getParentTypes(): string[] {
		return [];
	}

	isCredentialUsableByNode(): boolean {
		return true;
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		requestOptions: IHttpRequestOptions,
		workflow?: Workflow,
		node?: INode,
	): Promise<IHttpRequestOptions> {
		const authenticate = this.credentialTypes[typeName]?.authenticate;
		if (!authenticate) return requestOptions;
		if (typeof authenticate === 'function') return await authenticate(credentials, requestOptions);
		const resolveValue = (value: string) =>
			workflow && node
				? (workflow.expression.getSimpleParameterValue(node, value, 'internal', { $credentials: credentials }, undefined, '') as string)
				: value;
		for (const [outerKey, entries] of Object.entries(authenticate.properties)) {
			const target = ((requestOptions as unknown as IDataObject)[outerKey] ??= {}) as IDataObject;
			for (const [key, value] of Object.entries(entries as Record<string, string>)) {
				target[resolveValue(key)] = resolveValue(value);
			}
		}
		return requestOptions;
	}

	async preAuthentication(): Promise<undefined> {
		return undefined;
	}

	async runPreAuthentication(): Promise<undefined> {
		return undefined;
	}

	async getCredentials(): Promise<never> {
		throw new Error('getCredentials is not used by these tests');
	}

	async getDecrypted(
		_additionalData: IWorkflowExecuteAdditionalData,
		_nodeCredentials: unknown,
		type: string,
	): Promise<ICredentialDataDecryptedObject> {
		const credentials = this.data[type];
		if (!credentials) throw new Error(`No test credentials of type ${type}`);
		return { ...credentials };
	}

	async updateCredentials(): Promise<void> {}

	async updateCredentialsOauthTokenData(): Promise<void> {}

	getCredentialsProperties(type: string) {
		return this.credentialTypes[type]?.properties ?? [];
	}
}

export interface RunNodeOptions {
	/** The node's parameters, as saved in a workflow (resource, operation, fields...). */
	parameters: INode['parameters'];
	/** Input items; defaults to one empty item. */
	items?: IDataObject[];
	/** The imochaApi credential; baseUrl is required. */
	credentials: ICredentialDataDecryptedObject;
	continueOnFail?: boolean;
	nodeType?: string;
}

export interface NodeRunResult {
	run: IRun;
	/** The node's first output, or [] when it failed. */
	output: INodeExecutionData[];
	/** The error that stopped the run, if any. */
	error?: Error & { description?: string; httpCode?: string; context?: IDataObject };
}

let executionCounter = 0;

/** A one-node workflow and the additional data n8n would hand its execution contexts. */
async function buildWorkflow(options: RunNodeOptions) {
	const { nodeTypes, credentialTypes } = await loadPackage();
	const typeName = options.nodeType ?? NODE_TYPE;
	const types: INodeTypes = {
		getByName: (type) => nodeTypes[type],
		getByNameAndVersion: (type, version) => NodeHelpers.getVersionedNodeType(nodeTypes[type], version),
		getKnownTypes: () => ({}),
	};
	const node: INode = {
		id: 'imocha-node',
		name: 'iMocha',
		type: typeName,
		typeVersion: 1,
		position: [0, 0],
		parameters: options.parameters,
		credentials: { imochaApi: { id: 'cred-1', name: 'iMocha account' } },
		...(options.continueOnFail ? { onError: 'continueRegularOutput' as const } : {}),
	};
	const workflow = new Workflow({
		id: 'wf-test',
		name: 'test',
		nodes: [node],
		connections: {},
		active: false,
		nodeTypes: types,
		settings: { executionOrder: 'v1' },
	});
	const executionId = String(++executionCounter);
	const hooks = new ExecutionLifecycleHooks('manual', executionId, {
		id: 'wf-test',
		name: 'test',
		nodes: [node],
		connections: {},
		active: false,
		activeVersionId: null,
		settings: {},
		isArchived: false,
		createdAt: new Date(),
		updatedAt: new Date(),
	} as never);
	const additionalData = {
		executionId,
		hooks,
		credentialsHelper: new TestCredentialsHelper(credentialTypes, { imochaApi: options.credentials }),
		userId: 'user-1',
		variables: {},
		restApiUrl: 'http://127.0.0.1:5678/rest',
		instanceBaseUrl: 'http://127.0.0.1:5678/',
		webhookBaseUrl: 'http://127.0.0.1:5678/webhook',
		webhookTestBaseUrl: 'http://127.0.0.1:5678/webhook-test',
		webhookWaitingBaseUrl: 'http://127.0.0.1:5678/webhook-waiting',
		formWaitingBaseUrl: 'http://127.0.0.1:5678/form-waiting',
		currentNodeParameters: undefined,
		currentNodeExecutionIndex: 0,
		executeWorkflow: async () => {
			throw new Error('not used');
		},
		getRunExecutionData: async () => undefined,
		logAiEvent: () => {},
	} as unknown as IWorkflowExecuteAdditionalData;
	return { workflow, node, hooks, additionalData };
}

/** Execution data whose first step runs `node` on `main` (its input items). */
function startingWith(node: INode, main: INodeExecutionData[][]): IRunExecutionData {
	return {
		resultData: { runData: {} },
		executionData: {
			metadata: {},
			contextData: {},
			waitingExecution: {},
			waitingExecutionSource: null,
			nodeExecutionStack: [{ node, data: { main }, source: null }],
		},
	} as unknown as IRunExecutionData;
}

/** Runs one node of this package on the given items with WorkflowExecute, as n8n would manually. */
export async function runNode(options: RunNodeOptions): Promise<NodeRunResult> {
	const { workflow, node, hooks, additionalData } = await buildWorkflow(options);
	const finished = new Promise<IRun>((resolveRun) => {
		hooks.addHandler('workflowExecuteAfter', (run) => resolveRun(run));
	});
	const runExecutionData = startingWith(node, [(options.items ?? [{}]).map((json) => ({ json }))]);

	try {
		await new WorkflowExecute(additionalData, 'manual', runExecutionData).processRunExecutionData(workflow);
	} catch (error) {
		// n8n refuses to start a workflow whose nodes have issues (e.g. an empty required field).
		return { run: undefined as unknown as IRun, output: [], error: error as NodeRunResult['error'] };
	}
	const run = await finished;
	const taskData = run.data.resultData.runData[node.name]?.[0];
	return {
		run,
		output: taskData?.data?.main?.[0] ?? [],
		error: (run.data.resultData.error ?? taskData?.error) as NodeRunResult['error'],
	};
}

/** Calls a node's listSearch method through n8n's LoadOptionsContext, as the editor does. */
export async function searchList(
	method: string,
	options: Omit<RunNodeOptions, 'items'> & { filter?: string },
): Promise<INodeListSearchResult> {
	const { workflow, node, additionalData } = await buildWorkflow(options);
	const context = new LoadOptionsContext(workflow, node, additionalData, 'parameters.businessUnitId');
	const nodeType = workflow.nodeTypes.getByNameAndVersion(node.type, node.typeVersion);
	const search = nodeType.methods?.listSearch?.[method];
	if (!search) throw new Error(`No listSearch method ${method}`);
	return await search.call(context, options.filter);
}

/**
 * Tests credentials the way n8n's CredentialsTester does for a credential with `test.request`:
 * the node that uses the credential runs the test request through RoutingNode, and a failed
 * answer is matched against the test's `rules` (otherwise n8n shows the status text or the code).
 */
export async function testCredentials(
	credentials: ICredentialDataDecryptedObject,
): Promise<{ status: 'OK' | 'Error'; message: string }> {
	const { credentialTypes } = await loadPackage();
	const { workflow: nodeWorkflow, node, additionalData } = await buildWorkflow({ parameters: {}, credentials });
	const testRequest = credentialTypes.imochaApi.test!;
	const baseType = nodeWorkflow.nodeTypes.getByNameAndVersion(node.type, node.typeVersion);
	const testNodeType: INodeType = {
		description: {
			...baseType.description,
			credentials: [{ name: 'imochaApi', required: true }],
			properties: [{ displayName: 'Temp', name: 'temp', type: 'string', default: '', routing: { request: testRequest.request } }],
		},
	};
	const workflow = new Workflow({
		nodes: [{ ...node, parameters: {} }],
		connections: {},
		active: false,
		nodeTypes: {
			getByName: () => testNodeType,
			getByNameAndVersion: () => testNodeType,
			getKnownTypes: () => ({}),
		},
	});
	const context = new ExecuteContext(
		workflow,
		workflow.getNode(node.name)!,
		additionalData,
		'internal',
		{ resultData: { runData: {} } } as unknown as IRunExecutionData,
		0,
		[],
		{ main: [[{ json: {} }]] },
		{ node, data: {}, source: null },
		[],
	);
	const routingNode = new RoutingNode(context, testNodeType, { id: 'cred-1', name: 'iMocha account', type: 'imochaApi', data: credentials });
	try {
		await routingNode.runNode();
	} catch (error) {
		const cause = (error as { cause?: { response?: { status: number; statusText?: string }; code?: string } }).cause;
		if (cause?.response) {
			const rule = testRequest.rules?.find(
				(r) => r.type === 'responseCode' && r.properties.value === cause.response!.status,
			);
			if (rule) return { status: 'Error', message: (rule.properties as { message: string }).message };
			return { status: 'Error', message: cause.response.statusText || `Received HTTP status code: ${cause.response.status}` };
		}
		if (cause?.code) return { status: 'Error', message: cause.code };
		return { status: 'Error', message: String((error as Error).message) };
	}
	return { status: 'OK', message: 'Connection successful!' };
}

// ---- Triggers ------------------------------------------------------------------------------
// The iMocha Trigger (webhook) and iMocha Poll Trigger, run the way an n8n instance runs the
// triggers of an active workflow: webhook() through n8n-core's WebhookContext with a real HTTP
// request and response on 127.0.0.1, poll() through n8n-core's PollContext and PollTriggerExecutor
// (the scheduler's tick), and every run they start through WorkflowExecute. What n8n's server does
// around them (routing, body parsing, loading and saving the workflow's static data) is emulated
// as described at each step.
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PollContext, PollTriggerExecutor, WebhookContext } from 'n8n-core';
import type { IWebhookData, IWebhookDescription, WorkflowExecuteMode } from 'n8n-workflow';

export const WEBHOOK_TRIGGER_TYPE = `${PACKAGE_NAME}.imochaTrigger`;
export const POLL_TRIGGER_TYPE = `${PACKAGE_NAME}.imochaPollTrigger`;

/** A workflow execution a trigger started: the trigger's items as the run recorded them. */
export interface TriggerRun {
	items: INodeExecutionData[];
	run: IRun;
}

const cloneData = (data: IDataObject): IDataObject => JSON.parse(JSON.stringify(data)) as IDataObject;

interface TriggerSetup {
	parameters: INode['parameters'];
	credentials?: ICredentialDataDecryptedObject;
	/** The workflow's static data as saved in n8n's database, e.g. left by an earlier instance. */
	staticData?: IDataObject;
	workflowId?: string;
}

/** The trigger workflow: the one trigger node (with a webhook ID, as the editor gives it), and n8n's additional data. */
async function buildTriggerWorkflow(setup: TriggerSetup, nodeType: string, staticData: IDataObject) {
	const base = await buildWorkflow({ parameters: setup.parameters, credentials: setup.credentials ?? {}, nodeType });
	const node: INode = { ...base.node, name: 'iMocha Trigger', webhookId: 'a1b2c3d4-0000-4000-8000-imochatrigger' };
	const workflowId = setup.workflowId ?? 'wf-trigger';
	const workflow = new Workflow({
		id: workflowId,
		name: 'trigger test',
		nodes: [node],
		connections: {},
		active: true,
		nodeTypes: base.workflow.nodeTypes,
		staticData: cloneData(staticData),
		settings: { executionOrder: 'v1' },
	});
	return { workflow, node, additionalData: base.additionalData, workflowData: base.hooks.workflowData };
}

let triggerExecutionCounter = 0;
let triggerWorkflowCounter = 0;

/** Runs the workflow a trigger started with `data`, as n8n's WorkflowRunner does (the trigger's items pass through). */
async function runTriggered(
	{ workflow, node, additionalData, workflowData }: Awaited<ReturnType<typeof buildTriggerWorkflow>>,
	mode: WorkflowExecuteMode,
	data: INodeExecutionData[][],
): Promise<TriggerRun> {
	const executionId = `trigger-${++triggerExecutionCounter}`;
	const hooks = new ExecutionLifecycleHooks(mode, executionId, { ...workflowData, nodes: [node], active: true });
	const finished = new Promise<IRun>((resolveRun) => hooks.addHandler('workflowExecuteAfter', (run) => resolveRun(run)));
	const runExecutionData = startingWith(node, data);
	await new WorkflowExecute({ ...additionalData, executionId, hooks } as IWorkflowExecuteAdditionalData, mode, runExecutionData).processRunExecutionData(
		workflow,
	);
	const run = await finished;
	return { run, items: run.data.resultData.runData[node.name]?.[0]?.data?.main?.[0] ?? [] };
}

export interface WebhookTriggerOptions extends TriggerSetup {
	/** 'webhook' (the Production URL of an active workflow, the default) or 'manual' (the Test URL). */
	mode?: 'webhook' | 'manual';
}

export interface WebhookTriggerHarness {
	/** The trigger's URL as the editor shows it, e.g. http://127.0.0.1:PORT/webhook/<webhook ID>/imocha. */
	url: string;
	/** The URL with `?token=`, as it goes into an invitation's callbackUrl. */
	callbackUrl(token: string): string;
	/** The executions the trigger started, in the order they finished. */
	runs: TriggerRun[];
	/** Errors thrown by webhook() (n8n answers those 500). */
	failures: Error[];
	/** Every answer, in order. */
	answers: Array<{ status: number; body: string }>;
	/** The workflow's static data as n8n saved it after the last call. */
	readonly staticData: IDataObject;
	close(): Promise<void>;
}

/** n8n's body parsing for webhooks (packages/cli/src/middlewares/body-parser.ts): JSON, forms and text; other types stay unparsed. */
function parseWebhookBody(contentType: string, rawBody: Buffer): { body: unknown } | { error: string } {
	if (!rawBody.length) return { body: {} };
	const text = rawBody.toString('utf8');
	if (contentType === 'application/json') {
		try {
			return { body: JSON.parse(text) };
		} catch {
			return { error: 'Failed to parse request body' };
		}
	}
	if (contentType === 'application/x-www-form-urlencoded') return { body: Object.fromEntries(new URLSearchParams(text)) };
	if (contentType === 'text/plain') return { body: text };
	return { body: {} };
}

function readRequestBody(req: IncomingMessage): Promise<Buffer> {
	return new Promise((resolveBody, reject) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => resolveBody(Buffer.concat(chunks)));
		req.on('error', reject);
	});
}

/**
 * Serves the iMocha Trigger of a one-node workflow on 127.0.0.1, as n8n's webhook server does for
 * an active workflow (or, with mode 'manual', for the Test URL):
 * - the path is the trigger's (<webhook ID>/imocha); every method is handed to the node (n8n itself
 *   answers 404 to a method the node registered no webhook for; the node's own guard is tested here);
 * - the body is parsed as n8n parses it: malformed JSON is answered 422 before the node runs;
 * - the workflow, with its static data, is loaded fresh for every call and the static data saved
 *   after the answer, as LiveWebhooks does; so two calls that overlap both see the data before either saved;
 * - webhook() runs in n8n-core's WebhookContext with the real request and response; when it
 *   returns items, the workflow runs through WorkflowExecute and the caller gets n8n's
 *   `{"message":"Workflow was started"}` (responseMode onReceived); an error is answered 500.
 */
export async function startWebhookTrigger(webhookOptions: WebhookTriggerOptions): Promise<WebhookTriggerHarness> {
	// Each harness is another workflow, unless the test names one (e.g. to restart it).
	const options = { ...webhookOptions, workflowId: webhookOptions.workflowId ?? `wf-trigger-${++triggerWorkflowCounter}` };
	const mode = options.mode ?? 'webhook';
	let saved = cloneData(options.staticData ?? {});
	const { node: templateNode, workflow: templateWorkflow } = await buildTriggerWorkflow(options, WEBHOOK_TRIGGER_TYPE, saved);
	const nodeType = templateWorkflow.nodeTypes.getByNameAndVersion(templateNode.type, templateNode.typeVersion);
	const description = nodeType.description.webhooks![0] as IWebhookDescription;
	const webhookPath = `${templateNode.webhookId}/${description.path}`;
	const routePath = `/${mode === 'manual' ? 'webhook-test' : 'webhook'}/${webhookPath}`;
	const harness = { runs: [] as TriggerRun[], failures: [] as Error[], answers: [] as Array<{ status: number; body: string }> };

	const respond = (res: ServerResponse, status: number, body: object) => {
		res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
		res.end(JSON.stringify(body));
	};

	const handle = async (req: IncomingMessage, res: ServerResponse) => {
		const url = new URL(req.url ?? '/', 'http://127.0.0.1');
		const rawBody = await readRequestBody(req);
		if (url.pathname !== routePath) return respond(res, 404, { code: 404, message: `The requested webhook "${url.pathname}" is not registered.` });
		const contentType = String(req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
		const parsed = parseWebhookBody(contentType, rawBody);
		if ('error' in parsed) return respond(res, 422, { code: 422, message: parsed.error });
		const query: Record<string, string | string[]> = {};
		for (const key of new Set(url.searchParams.keys())) {
			const values = url.searchParams.getAll(key);
			query[key] = values.length > 1 ? values : values[0];
		}
		Object.assign(req, { body: parsed.body, rawBody, query, params: {}, contentType });

		const built = await buildTriggerWorkflow(options, WEBHOOK_TRIGGER_TYPE, saved);
		const { workflow, node, additionalData } = built;
		const callData = { ...additionalData, httpRequest: req, httpResponse: res } as unknown as IWorkflowExecuteAdditionalData;
		const webhookData: IWebhookData = {
			httpMethod: req.method as IWebhookData['httpMethod'],
			node: node.name,
			path: webhookPath,
			webhookDescription: description,
			workflowId: workflow.id,
			workflowExecuteAdditionalData: callData,
			webhookId: node.webhookId,
			isTest: mode === 'manual',
		};
		const context = new WebhookContext(workflow, node, callData, mode, webhookData, [], null);
		try {
			const result = await nodeType.webhook!.call(context);
			if (result.workflowData) {
				harness.runs.push(await runTriggered(built, mode, result.workflowData));
				if (!res.headersSent) respond(res, 200, { message: 'Workflow was started' });
			} else if (!result.noWebhookResponse) {
				respond(res, 200, (result.webhookResponse as object | undefined) ?? { message: 'Webhook call received' });
			}
		} catch (error) {
			harness.failures.push(error as Error);
			if (!res.headersSent) respond(res, 500, { code: 0, message: 'Workflow Webhook Error: Workflow could not be started!' });
			return;
		}
		// LiveWebhooks saves the static data in its response callback, if the node changed it.
		if ((workflow.staticData as { __dataChanged?: boolean }).__dataChanged) saved = cloneData(workflow.staticData);
	};

	const server = createHttpServer((req, res) => {
		const originalEnd = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
		let sent = '';
		res.end = ((...args: unknown[]) => {
			if (typeof args[0] === 'string' || Buffer.isBuffer(args[0])) sent = String(args[0]);
			harness.answers.push({ status: res.statusCode, body: sent });
			return originalEnd(...args);
		}) as ServerResponse['end'];
		handle(req, res).catch((error: Error) => {
			harness.failures.push(error);
			if (!res.headersSent) respond(res, 500, { message: error.message });
		});
	});
	await new Promise<void>((resolveListen) => server.listen(0, '127.0.0.1', resolveListen));
	const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}${routePath}`;
	return {
		...harness,
		url,
		callbackUrl: (token: string) => `${url}?token=${encodeURIComponent(token)}`,
		get staticData() {
			return cloneData(saved);
		},
		close: () =>
			new Promise<void>((resolveClose) => {
				server.closeAllConnections();
				server.close(() => resolveClose());
			}),
	};
}

export interface PollTriggerHarness {
	/** Activation: n8n polls once at once (errors fail the activation) and saves the static data. */
	activate(): Promise<void>;
	/** One scheduled poll, as n8n's scheduler runs it (PollTriggerExecutor); waits for the runs it started. */
	tick(): Promise<void>;
	/** The executions the polls started. */
	runs: TriggerRun[];
	/** What polls reported through __emitError (n8n records a failed execution and runs the error workflow). */
	errors: Error[];
	/** The trigger node's static data as the active workflow holds it in memory between polls. */
	nodeStaticData(): IDataObject;
	/** The workflow's static data as last saved to the database (at activation and when a poll starts runs). */
	savedStaticData(): IDataObject;
}

/**
 * The iMocha Poll Trigger of an active one-node workflow: one Workflow object lives across polls
 * (its static data in memory), each tick runs n8n-core's PollTriggerExecutor with a PollContext in
 * 'trigger' mode, and items it emits start a run through WorkflowExecute. As n8n does, the static
 * data is saved when a poll emits and at activation, so `startPollTrigger({ staticData:
 * harness.savedStaticData() })` is the trigger after a restart of n8n.
 */
export async function startPollTrigger(pollOptions: TriggerSetup): Promise<PollTriggerHarness> {
	const options = { ...pollOptions, workflowId: pollOptions.workflowId ?? `wf-trigger-${++triggerWorkflowCounter}` };
	const built = await buildTriggerWorkflow(options, POLL_TRIGGER_TYPE, options.staticData ?? {});
	const { workflow, node, additionalData } = built;
	const coreRequire = createRequire(require.resolve('n8n-core'));
	const { Container } = coreRequire('@n8n/di') as { Container: { get<T>(type: new (...args: never[]) => T): T } };
	let saved = cloneData(workflow.staticData);
	const pending: Array<Promise<void>> = [];
	const harness = { runs: [] as TriggerRun[], errors: [] as Error[] };
	const pollFunctions = new PollContext(
		workflow,
		node,
		additionalData,
		'trigger',
		'activate',
		(data) => {
			saved = cloneData(workflow.staticData);
			pending.push(runTriggered(built, 'trigger', data).then((run) => void harness.runs.push(run)));
		},
		(error) => void harness.errors.push(error),
	);
	const execute = Container.get(PollTriggerExecutor).create(workflow, node, pollFunctions, () => true);
	const settle = async () => {
		await Promise.all(pending.splice(0));
	};
	return {
		...harness,
		async activate() {
			await execute(true);
			await settle();
			saved = cloneData(workflow.staticData);
		},
		async tick() {
			await execute(false);
			await settle();
		},
		nodeStaticData: () => cloneData(workflow.getStaticData('node', node)),
		savedStaticData: () => cloneData(saved),
	};
}
