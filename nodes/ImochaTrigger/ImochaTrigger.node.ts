import {
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
import { asNodeError } from '../Imocha/transport/errors';
import { namesLookup } from '../Imocha/shared/descriptions';
import { testImochaCredential } from '../Imocha/transport/credentialTest';
import { callbackItem, MIN_TOKEN_LENGTH, readCallback, refusalOf, TOKEN_PARAMETER, type CallbackRequest, type Refusal } from './callback';
import { admit, BUSY_RETRY_SECONDS, recordRun, settle, type Answer } from './repeats';

const EVENT_OPTIONS: Array<{ name: string; value: TestEvent; description: string }> = [
	{ name: 'Test Completed', value: 'completed', description: 'The candidate finished (status Complete)' },
	{ name: 'Test Left', value: 'testLeft', description: 'The candidate left the test (status Test Left)' },
	{ name: 'Test Started', value: 'started', description: 'The candidate opened the test (status In Progress)' },
	{ name: 'Test Terminated', value: 'terminated', description: 'The test was ended by iMocha, e.g. for proctoring violations (status Terminated)' },
];

/** The last segment of the trigger's URL: <n8n>/webhook/<webhook ID>/imocha. */
export const WEBHOOK_PATH = 'imocha';
const FINISHING_EVENTS: TestEvent[] = ['completed', 'terminated', 'testLeft'];
/**
 * The report is fetched while iMocha waits for the answer to its callback: at most 2.5 s per try,
 * two retries a second apart at most, so the run starts (with `report: null` and `reportError` if
 * need be) within about 10 s, well before iMocha gives up and sends the callback again.
 */
const REPORT_POLICY = { timeoutMs: 2_500, maxRetries: 2, maxWaitMs: 1_000 };

/** The part of n8n's webhook response (an Express response) the trigger writes to. */
interface PlainResponse extends Answer {
	writeHead(status: number, headers: Record<string, string>): unknown;
	end(body: string): unknown;
}

/** Answers the caller directly and starts nothing, as n8n's own Webhook node does for refusals. */
function answer(response: PlainResponse, status: number, body: IDataObject, headers: Record<string, string> = {}): IWebhookResponseData {
	response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
	response.end(JSON.stringify(body));
	return { noWebhookResponse: true };
}

const refuse = (response: PlainResponse, refusal: Refusal) => answer(response, refusal.status, { message: refusal.message });
/** The answer to a callback that starts no run. */
const noRun = (response: PlainResponse, reason: string, status = 200, headers?: Record<string, string>) =>
	answer(response, status, { received: true, started: false, reason }, headers);

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
		recordRun(this, items.map((item) => item.json));
		return [items];
	}

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const request = this.getRequestObject() as unknown as CallbackRequest & { method?: string };
		const response = this.getResponseObject() as unknown as PlainResponse;
		// Refuse another method, then a call without the Secret Token: such a caller learns nothing about the rest.
		const refusal = refusalOf(request.method, (this.getQueryData() as IDataObject)[TOKEN_PARAMETER], this.getNodeParameter('secretToken', ''));
		if (refusal) return refuse(response, refusal);
		// Read the body, and whether its status is one of the trigger's events.
		const read = await readCallback(request);
		if ('refusal' in read) return refuse(response, read.refusal);
		const { callback } = read;
		const events = this.getNodeParameter('events', FINISHING_EVENTS) as TestEvent[];
		const event = callback.event && events.includes(callback.event) ? callback.event : undefined;
		// Admit: one run per invitation and event. Test URL calls, and all with Ignore Repeated Callbacks off, are never held back.
		const held = this.getMode() !== 'manual' && this.getNodeParameter('options.ignoreRepeats', true) !== false;
		const admission = held ? admit(this, callback.testInvitationId, event) : undefined;
		if (!event) return noRun(response, `Status "${callback.status}" is not one of the trigger's events`);
		if (admission?.verdict === 'repeat') return noRun(response, 'Repeated callback: this invitation and status already started a run');
		if (admission?.verdict === 'busy') return noRun(response, 'This callback is being handled; send it again in a few seconds', 503, { 'retry-after': String(BUSY_RETRY_SECONDS) });
		// Run: the item, with the report if asked for. settle() learns from n8n's answer whether the run
		// started; a failure here settles the admission as failed, so iMocha's retry is admitted.
		try {
			const item = callbackItem({ ...callback, event });
			if (this.getNodeParameter('includeReport', false) === true) {
				const type = this.getNodeParameter('reportType', 'summary') as ReportType;
				Object.assign(item, await reportFor(clientForCall(REPORT_POLICY), this, callback.testInvitationId, event, type));
			}
			settle(admission, response);
			return { workflowData: [[{ json: item }]] };
		} catch (error) {
			settle(admission, 'failed');
			throw asNodeError(this.getNode(), error);
		}
	}
}
