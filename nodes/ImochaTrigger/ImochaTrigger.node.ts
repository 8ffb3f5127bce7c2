import {
	NodeApiError,
	NodeConnectionTypes,
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type IHookFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';
import type { TestEvent } from '../Imocha/api/events';
import { reportFor, reportProperties, type ReportType } from '../Imocha/api/reports';
import { clientForCall } from '../Imocha/transport/client';
import { namesLookup } from '../Imocha/shared/descriptions';
import { testImochaCredential } from '../Imocha/transport/credentialTest';
import {
	callbackItem,
	callbackKey,
	claim,
	forget,
	keepStarted,
	keyOfItem,
	MIN_TOKEN_LENGTH,
	readCallback,
	release,
	remember,
	remembered,
	recordRun,
	share,
	started,
	TOKEN_PARAMETER,
	tokenMatches,
	track,
	type CallbackRequest,
} from './callback';

const EVENT_OPTIONS: Array<{ name: string; value: TestEvent; description: string }> = [
	{ name: 'Test Completed', value: 'completed', description: 'The candidate finished (status Complete)' },
	{ name: 'Test Left', value: 'testLeft', description: 'The candidate left the test (status Test Left)' },
	{ name: 'Test Started', value: 'started', description: 'The candidate opened the test (status In Progress)' },
	{ name: 'Test Terminated', value: 'terminated', description: 'The test was ended by iMocha, e.g. for proctoring violations (status Terminated)' },
];

/** The last segment of the trigger's URL: <n8n>/webhook/<webhook ID>/imocha. */
export const WEBHOOK_PATH = 'imocha';
const FINISHING_EVENTS: TestEvent[] = ['completed', 'terminated', 'testLeft'];
/** How long iMocha is asked to wait before sending again a callback that another call is handling. */
const BUSY_RETRY_SECONDS = 10;
/**
 * The report is fetched while iMocha waits for the answer to its callback: at most 2.5 s per try,
 * two retries a second apart at most, so the run starts (with `report: null` and `reportError` if
 * need be) within about 10 s, well before iMocha gives up and sends the callback again.
 */
const REPORT_POLICY = { timeoutMs: 2_500, maxRetries: 2, maxWaitMs: 1_000 };

/** The part of n8n's webhook response (an Express response) the trigger writes to. */
interface PlainResponse {
	writeHead(status: number, headers: Record<string, string>): unknown;
	end(body: string): unknown;
	/** n8n's answer to the call (an Express response): its status once the answer is over. */
	statusCode?: number;
	once?(event: 'close', listener: () => void): unknown;
}

/** Answers the caller directly and starts nothing, as n8n's own Webhook node does for refusals. */
function answer(response: PlainResponse, status: number, body: IDataObject, headers: Record<string, string> = {}): IWebhookResponseData {
	response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
	response.end(JSON.stringify(body));
	return { noWebhookResponse: true };
}

export class ImochaTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'iMocha Trigger',
		name: 'imochaTrigger',
		icon: { light: 'file:../../icons/imocha.svg', dark: 'file:../../icons/imocha.dark.svg' },
		group: ['trigger'],
		// Version 2 behaves exactly as 1. n8n evaluates an expression on every call to a webhook node
		// of version 1 (a legacy of its own Webhook node v1, `$parameter.options.binaryData`), which
		// in n8n 2.x takes an expression isolate per call; at 20 callbacks a second that made the
		// webhook process answer in seconds instead of milliseconds (docs/running-at-scale.md).
		version: [1, 2],
		defaultVersion: 2,
		subtitle: `={{"On: " + ($parameter["events"] || []).map((event) => ${namesLookup(Object.fromEntries(EVENT_OPTIONS.map((o) => [o.value, o.name])), 'event', 'event')}).join(", ")}}`,
		description: "Starts the workflow when a candidate starts or finishes an iMocha test (iMocha's callback)",
		defaults: { name: 'iMocha Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		// Only the report needs the API; the callback itself carries no key.
		credentials: [{ name: 'imochaApi', required: true, testedBy: 'imochaApiTest', displayOptions: { show: { includeReport: [true] } } }],
		webhooks: [{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: WEBHOOK_PATH }],
		properties: [
			{
				displayName:
					'iMocha calls this node at the Callback URL given on each invitation. Use the Production URL above with <code>?token=</code> and the Secret Token added, e.g. <code>https://n8n.example.com/webhook/…/imocha?token=YOUR-SECRET-TOKEN</code>, as Callback URL in the iMocha node (Invitation → Invite or Reattempt → Additional Fields). Use the Test URL the same way while building the workflow.',
				name: 'callbackUrlNotice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Secret Token',
				name: 'secretToken',
				type: 'string',
				typeOptions: { password: true },
				required: true,
				default: '',
				description: `A random text of at least ${MIN_TOKEN_LENGTH} characters (e.g. from openssl rand -hex 24) that each callback URL carries as ?${TOKEN_PARAMETER}=…. A call without it, or with another, is answered 401 and starts nothing. iMocha signs nothing else.`,
			},
			{
				displayName: 'Events',
				name: 'events',
				type: 'multiOptions',
				required: true,
				options: EVENT_OPTIONS,
				default: ['completed', 'terminated', 'testLeft'],
				description: 'Which callbacks start the workflow; the others are answered 200 and start nothing',
			},
			...reportProperties,
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				description: 'Less common settings of the trigger',
				options: [
					{
						displayName: 'Ignore Repeated Callbacks',
						name: 'ignoreRepeats',
						type: 'boolean',
						default: true,
						description:
							"Whether a callback for an invitation and status that already started a run is answered 200 and starts nothing (iMocha retries a callback up to 5 times). Turn off to run again on Callback → Replay. Test URL calls are never held back.",
					},
				],
			},
		],
	};

	methods = { credentialTest: { imochaApiTest: testImochaCredential } };

	webhookMethods = {
		default: {
			// iMocha has no webhook registration (the URL travels with each invitation), so there is
			// nothing to look up or remove; create() runs on every activation and checks the token.
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return false;
			},
			async create(this: IHookFunctions): Promise<boolean> {
				const secret = this.getNodeParameter('secretToken', '') as string;
				if (typeof secret !== 'string' || secret.length < MIN_TOKEN_LENGTH) {
					throw new NodeOperationError(this.getNode(), `The Secret Token must have at least ${MIN_TOKEN_LENGTH} characters`, {
						description: `Enter a random text, e.g. from openssl rand -hex 24, and add it to the callback URL as ?${TOKEN_PARAMETER}=…`,
					});
				}
				return true;
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return true;
			},
		},
	};

	/**
	 * The first step of every run the trigger starts: the callback's item passes on unchanged. n8n
	 * saves a run's static data at the end of the run if the run changed it, so the run writes its
	 * own key there (with every other run this process started): n8n 2.x does not save what the
	 * webhook call that started the run wrote, once the workflow has static data (docs/triggers.md).
	 */
	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		if (items.length === 0 || this.getMode() === 'manual') return [items];
		if (this.getNodeParameter('options.ignoreRepeats', 0, true) === false) return [items];
		const keys = items.map((item) => keyOfItem(item.json)).filter((key): key is string => key !== undefined);
		if (keys.length) recordRun(this.getWorkflowStaticData('node'), `${this.getWorkflow().id ?? ''}:${this.getNode().id}`, keys);
		return [items];
	}

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const request = this.getRequestObject() as unknown as CallbackRequest & { method?: string };
		const response = this.getResponseObject() as unknown as PlainResponse;
		if (request.method !== undefined && request.method.toUpperCase() !== 'POST') {
			return answer(response, 405, { message: 'iMocha callbacks are POST requests' });
		}
		// The token first: a caller without it learns nothing about the rest.
		const secret = this.getNodeParameter('secretToken', '') as string;
		const sent = (this.getQueryData() as IDataObject)[TOKEN_PARAMETER];
		if (typeof secret !== 'string' || secret.length < MIN_TOKEN_LENGTH || !tokenMatches(sent, secret)) {
			return answer(response, 401, { message: `Missing or wrong ${TOKEN_PARAMETER} in the callback URL` });
		}
		if (request.body === undefined && request.rawBody === undefined && typeof request.readRawBody === 'function') {
			try {
				await request.readRawBody();
			} catch {
				return answer(response, 400, { message: 'The body could not be read' });
			}
		}
		const read = readCallback(request);
		if ('refusal' in read) return answer(response, read.refusal.status, { message: read.refusal.message });
		const { callback } = read;
		const { event } = callback;
		const holdRepeats = this.getMode() !== 'manual' && this.getNodeParameter('options.ignoreRepeats', true) !== false;
		const state = holdRepeats ? this.getWorkflowStaticData('node') : undefined;
		const scope = `${this.getWorkflow().id ?? ''}:${this.getNode().id}`;
		// n8n may still save this object after the answer: runs started meanwhile are written into it.
		if (state) track(state, scope);
		const events = this.getNodeParameter('events', FINISHING_EVENTS) as TestEvent[];
		if (!event || !events.includes(event)) {
			// Starts no run, so n8n saves what this call writes: the runs this process started.
			if (state) keepStarted(state, scope);
			return answer(response, 200, {
				received: true,
				started: false,
				reason: `Status "${callback.status}" is not one of the trigger's events`,
			});
		}

		const key = callbackKey(callback.testInvitationId, event);
		const claimKey = `${scope}:${key}`;
		if (state) {
			const claimed = remembered(state, key) ? 'repeat' : claim(claimKey);
			// A call that starts no run: n8n saves what it writes (see keepStarted).
			if (claimed !== 'claimed') keepStarted(state, scope);
			// The log names the invitation and the event only: never the candidate, the token or the body.
			const said = { node: this.getNode().name, testInvitationId: callback.testInvitationId, event };
			if (claimed === 'repeat') {
				this.logger?.debug('iMocha callback refused as a repeat (its run already started)', said);
				return answer(response, 200, {
					received: true,
					started: false,
					reason: 'Repeated callback: this invitation and status already started a run',
				});
			}
			if (claimed === 'busy') {
				// Another call of this process is still handling this callback, and its run may not start
				// (the node or n8n may yet fail): not a repeat yet, so iMocha is asked to send it again.
				this.logger?.debug('iMocha callback asked to come again (another call is handling it)', { ...said, retryAfterSeconds: BUSY_RETRY_SECONDS });
				return answer(
					response,
					503,
					{ received: true, started: false, reason: 'This callback is being handled; send it again in a few seconds' },
					{ 'retry-after': String(BUSY_RETRY_SECONDS) },
				);
			}
			remember(state, key, scope);
		}
		try {
			const item = callbackItem({ ...callback, event });
			if (this.getNodeParameter('includeReport', false) === true) {
				const type = this.getNodeParameter('reportType', 'summary') as ReportType;
				Object.assign(item, await reportFor(clientForCall(REPORT_POLICY), this, callback.testInvitationId, event, type));
			}
			// Again just before n8n saves the static data: runs other calls started meanwhile go in too.
			if (state) {
				remember(state, key, scope);
				// n8n answers once it has created the execution: a 2xx means the run started; an error
				// (its database unreachable under load) means it did not, and iMocha's retry must start it.
				if (typeof response.once === 'function') {
					response.once('close', () => {
						if ((response.statusCode ?? 200) >= 300) {
							this.logger?.debug('iMocha callback claim released (n8n did not start the run)', {
								node: this.getNode().name,
								testInvitationId: callback.testInvitationId,
								event,
								status: response.statusCode,
							});
							return release(claimKey);
						}
						started(claimKey);
						share(scope);
					});
				} else {
					started(claimKey);
					share(scope);
				}
			}
			return { workflowData: [[{ json: item }]] };
		} catch (error) {
			// Not started after all: a repeat of this callback may start the run.
			if (state) {
				this.logger?.debug('iMocha callback claim released (the trigger failed)', { node: this.getNode().name, testInvitationId: callback.testInvitationId, event });
				release(claimKey);
				forget(state, key);
			}
			const failure = error instanceof NodeApiError || error instanceof NodeOperationError ? error : new NodeOperationError(this.getNode(), error as Error);
			throw failure;
		}
	}
}
