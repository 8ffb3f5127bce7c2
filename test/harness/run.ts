// One node of this package run as n8n runs it by hand: WorkflowExecute over a one-node workflow,
// and a picker called through n8n's LoadOptionsContext.
import './env';
import { ExecutionLifecycleHooks, LoadOptionsContext, WorkflowExecute } from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	INode,
	INodeExecutionData,
	INodeListSearchResult,
	INodeTypes,
	IRun,
	IRunExecutionData,
	IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';
import { NodeHelpers, Workflow } from 'n8n-workflow';
import { TestCredentialsHelper } from './credentialsHelper';
import { loadPackage, NODE_TYPE } from './package';

export interface RunNodeOptions {
	/** The node's parameters, as saved in a workflow (resource, operation, fields...). */
	parameters: INode['parameters'];
	/** Input items; defaults to one empty item. */
	items?: IDataObject[];
	/** The imochaApi credential; baseUrl is required. */
	credentials: ICredentialDataDecryptedObject;
	continueOnFail?: boolean;
	/**
	 * The stored credential's id. iMocha's rate limit is learnt per account (credential and host)
	 * by the whole process, so each run gets its own id unless a test shares one on purpose.
	 */
	credentialId?: string;
	nodeType?: string;
	/** The workflow's time zone (Workflow Settings → Timezone); without it, n8n's default. */
	timezone?: string;
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
export async function buildWorkflow(options: RunNodeOptions) {
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
		credentials: { imochaApi: { id: options.credentialId ?? `cred-${executionCounter + 1}`, name: 'iMocha account' } },
		...(options.continueOnFail ? { onError: 'continueRegularOutput' as const } : {}),
	};
	const workflow = new Workflow({
		id: 'wf-test',
		name: 'test',
		nodes: [node],
		connections: {},
		active: false,
		nodeTypes: types,
		settings: { executionOrder: 'v1', ...(options.timezone === undefined ? {} : { timezone: options.timezone }) },
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
export function startingWith(node: INode, main: INodeExecutionData[][]): IRunExecutionData {
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
