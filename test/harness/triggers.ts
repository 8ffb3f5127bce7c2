import './env';
import { createRequire } from 'node:module';
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ExecutionLifecycleHooks, PollContext, PollTriggerExecutor, WebhookContext, WorkflowExecute } from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	INode,
	INodeExecutionData,
	INodeTypeDescription,
	IRun,
	IWebhookData,
	IWebhookDescription,
	IWorkflowExecuteAdditionalData,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';
import { PACKAGE_NAME } from './package';
import { buildWorkflow, startingWith } from './run';

// ---- Triggers ------------------------------------------------------------------------------
// The iMocha Trigger (webhook) and iMocha Poll Trigger, run the way an n8n instance runs the
// triggers of an active workflow: webhook() through n8n-core's WebhookContext with a real HTTP
// request and response on 127.0.0.1, poll() through n8n-core's PollContext and PollTriggerExecutor
// (the scheduler's tick), and every run they start through WorkflowExecute. What n8n's server does
// around them (routing, body parsing, loading and saving the workflow's static data) is emulated
// as described at each step.

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
	/** The trigger node's version (the default: the newest the node has). */
	typeVersion?: number;
}

/** The trigger workflow: the one trigger node (with a webhook ID, as the editor gives it), and n8n's additional data. */
async function buildTriggerWorkflow(setup: TriggerSetup, nodeType: string, staticData: IDataObject | null) {
	const base = await buildWorkflow({ parameters: setup.parameters, credentials: setup.credentials ?? {}, nodeType });
	const versions = (base.workflow.nodeTypes.getByName(nodeType).description as INodeTypeDescription).version;
	const typeVersion = setup.typeVersion ?? (Array.isArray(versions) ? Math.max(...versions) : versions);
	const node: INode = { ...base.node, name: 'iMocha Trigger', typeVersion, webhookId: 'a1b2c3d4-0000-4000-8000-imochatrigger' };
	const workflowId = setup.workflowId ?? 'wf-trigger';
	// The object n8n loaded from its database (none while nothing was saved: the column is null): the
	// call's Workflow wraps it, and so does n8n 2.x's workflow runner when the call starts a run (see
	// startWebhookTrigger).
	const loadedStaticData = staticData === null ? undefined : cloneData(staticData);
	const workflow = new Workflow({
		id: workflowId,
		name: 'trigger test',
		nodes: [node],
		connections: {},
		active: true,
		nodeTypes: base.workflow.nodeTypes,
		staticData: loadedStaticData,
		settings: { executionOrder: 'v1' },
	});
	return { workflow, node, additionalData: base.additionalData, workflowData: base.hooks.workflowData, loadedStaticData };
}

let triggerExecutionCounter = 0;
let triggerWorkflowCounter = 0;

/**
 * Runs the workflow a trigger started with `data`, as n8n's WorkflowRunner does: through
 * WorkflowExecute, which runs the trigger node's execute() if it has one (else its items pass
 * through). `onStaticData` gets what n8n saves at the end of the run: the run's static data, if the
 * run changed it, except for manual runs (n8n's workflowExecuteAfter hook).
 */
async function runTriggered(
	{ workflow, node, additionalData, workflowData }: Awaited<ReturnType<typeof buildTriggerWorkflow>>,
	mode: WorkflowExecuteMode,
	data: INodeExecutionData[][],
	onStaticData: (staticData: IDataObject) => void = () => {},
): Promise<TriggerRun> {
	const executionId = `trigger-${++triggerExecutionCounter}`;
	const hooks = new ExecutionLifecycleHooks(mode, executionId, { ...workflowData, nodes: [node], active: true });
	const finished = new Promise<IRun>((resolveRun) =>
		hooks.addHandler('workflowExecuteAfter', (run, newStaticData) => {
			if (newStaticData && mode !== 'manual') onStaticData(cloneData(newStaticData));
			resolveRun(run);
		}),
	);
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
	/**
	 * Fault injection: n8n fails to create the execution of this many calls that hand it a run
	 * (as in queue mode when its Postgres pool times out), and answers them 500.
	 */
	failedStarts?: number;
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
			// n8n 2.x drops a leading byte-order mark first (1.x answers 422 to it).
			return { body: JSON.parse(text.replace(/^\uFEFF/, '')) };
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
	// n8n's workflow_entity.staticData: null until something is saved.
	let saved: IDataObject | null = options.staticData ? cloneData(options.staticData) : null;
	let failedStarts = options.failedStarts ?? 0;
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
		// n8n reads and parses the body of a webhook node of version 2 or later only for JSON, text,
		// forms and XML (webhook-helpers parseRequestBody); otherwise the request stays unread, and
		// req.readRawBody() (its rawBodyReader middleware) reads it on demand.
		const parsable = /^(application\/json|text\/plain|application\/x-www-form-urlencoded)/.test(contentType) || /[/+]xml$/.test(contentType);
		if (templateNode.typeVersion > 1 && !parsable) {
			Object.assign(req, { query, params: {}, contentType, readRawBody: async () => void Object.assign(req, { rawBody }) });
		} else {
			Object.assign(req, { body: parsed.body, rawBody, query, params: {}, contentType });
		}

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
				// n8n 2.x's WorkflowRunner.run (establishContextForPersistence) builds another Workflow
				// on the same static data object before LiveWebhooks answers and saves; once the
				// workflow has saved static data, that clears n8n's "changed" mark, so what the call
				// wrote is not saved (while the column is null, each Workflow makes its own object).
				new Workflow({ id: workflow.id, nodes: [node], connections: {}, active: true, nodeTypes: workflow.nodeTypes, staticData: built.loadedStaticData });
				// Its prepareNewExecution then loads the static data from the database again (before
				// this call's save): the run's Workflow has that copy, and n8n saves it at the end of
				// the run if the run changed it.
				const forRun = await buildTriggerWorkflow(options, WEBHOOK_TRIGGER_TYPE, saved);
				if (failedStarts > 0) {
					failedStarts--;
					throw new Error('timeout exceeded when trying to connect');
				}
				harness.runs.push(
					await runTriggered({ ...forRun, additionalData }, mode, result.workflowData, (runStaticData) => {
						saved = runStaticData;
					}),
				);
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
			return cloneData(saved ?? {});
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
	/**
	 * "Fetch Test Event" on this trigger in the editor while the workflow is active: the same
	 * workflow ID and node, run by hand (WorkflowExecute in 'manual' mode calls poll() in a
	 * PollContext of mode 'manual'), on its own Workflow object loaded with the saved static data.
	 */
	testPoll(): Promise<TriggerRun>;
}

/**
 * The iMocha Poll Trigger of an active one-node workflow: one Workflow object lives across polls
 * (its static data in memory), each tick runs n8n-core's PollTriggerExecutor with a PollContext in
 * 'trigger' mode, and items it emits start a run through WorkflowExecute. As n8n does, the static
 * data is saved when a poll emits and at activation, so `startPollTrigger({ staticData:
 * harness.savedStaticData() })` is the trigger after a restart of n8n.
 *
 * As in n8n (ActiveWorkflows.activatePolling in 1.x, ActiveWorkflowTriggers.activatePollTrigger in
 * 2.x, without the opt-in durable scheduler and cursors), the PollContext is made once at activation
 * and every tick reuses it, and the scheduler's tick does not wait for the previous poll (`void
 * executePollTrigger()`): ticks started without awaiting the previous one overlap on the same
 * PollContext and the same static data object.
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
		async testPoll() {
			const manual = await buildTriggerWorkflow(options, POLL_TRIGGER_TYPE, saved);
			return await runTriggered(manual, 'manual', [[{ json: {} }]]);
		},
	};
}
