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

/** Runs one node of this package on the given items with WorkflowExecute, as n8n would manually. */
export async function runNode(options: RunNodeOptions): Promise<NodeRunResult> {
	const { workflow, node, hooks, additionalData } = await buildWorkflow(options);
	const finished = new Promise<IRun>((resolveRun) => {
		hooks.addHandler('workflowExecuteAfter', (run) => resolveRun(run));
	});
	const runExecutionData = {
		resultData: { runData: {} },
		executionData: {
			metadata: {},
			contextData: {},
			waitingExecution: {},
			waitingExecutionSource: null,
			nodeExecutionStack: [
				{ node, data: { main: [(options.items ?? [{}]).map((json) => ({ json }))] }, source: null },
			],
		},
	} as unknown as IRunExecutionData;

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
