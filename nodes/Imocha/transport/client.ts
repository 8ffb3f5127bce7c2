// The one road to iMocha. Every request of the package (the operations, the pickers, both
// triggers, Get PDF's downloads) goes through an ImochaClient, which owns: the credential
// (decrypted once per client), the host and its https rule, redirects (never followed with the
// key), a time bound on every request, retries by idempotency, pacing after a 429, error mapping
// and paging. Nothing else in the package calls n8n's HTTP helpers.
import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IExecuteSingleFunctions,
	IHookFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	IN8nHttpFullResponse,
	INode,
	IPollFunctions,
	IWebhookFunctions,
} from 'n8n-workflow';
import { sleep } from 'n8n-workflow';
import { asNodeError, imochaApiError, invalidInput, parseJsonBody, readFailure, unexpectedAnswer, type HttpFailure } from './errors';
import { credentialAllowedDomains, hostBaseUrl, hostOf, InsecureBaseUrlError, isDomainAllowed, type ImochaCredentials, type ImochaHost } from './hosts';
import { AccountRate, accountRate, Pacer } from './pacing';
import { DEFAULT_POLICY, readPolicy, type RequestPolicy } from './policy';
import { retryDelay } from './retry';

/** Every kind of n8n context that talks to iMocha. */
export type ImochaContext = IExecuteSingleFunctions | ILoadOptionsFunctions | IPollFunctions | IWebhookFunctions | IHookFunctions;

export interface ImochaRequest {
	method: IHttpRequestMethods;
	/** The path on the host, e.g. /v3/accounts/user/update. */
	url: string;
	/** Which iMocha host; the Skills Assessment API unless said otherwise. */
	host?: ImochaHost;
	qs?: IDataObject;
	body?: IDataObject | IDataObject[] | unknown[];
	headers?: IDataObject;
	/**
	 * Whether repeating the request after an ambiguous failure (502/503/504, a reset, a time-out,
	 * an answer cut off) is harmless. Defaults to true for GET only. Every request is repeated after
	 * a 429 or a refused connection, which prove nothing was applied.
	 */
	idempotent?: boolean;
	/** Ask for raw bytes (a file) instead of JSON. */
	binary?: boolean;
	/** How a list in the query is written; iMocha (ASP.NET) reads `a=1&a=2`. */
	arrayFormat?: 'repeat';
}

/** Query parameters and limits of a list iMocha pages. */
export interface PageSettings {
	pageParameter: string;
	firstPage: number;
	sizeParameter: string;
	maxPageSize: number;
	/** The answer's property holding the records. */
	listProperty: string;
}

/** The answer as the JSON object the caller reads, or a clear error (`what` is wrong with it) if it is not one. */
export function jsonObjectIn(node: INode, body: unknown, itemIndex?: number, what = 'is not a JSON object'): IDataObject {
	if (!body || typeof body !== 'object' || Array.isArray(body)) throw unexpectedAnswer(node, itemIndex, what);
	return body as IDataObject;
}

/** The records of an answer that holds them under `property`, or a clear error if it does not. */
export function recordsIn(node: INode, body: unknown, property: string, itemIndex?: number): IDataObject[] {
	const records = (body as IDataObject | undefined)?.[property];
	if (!Array.isArray(records)) throw unexpectedAnswer(node, itemIndex, `has no "${property}" list`);
	return records as IDataObject[];
}

const MAX_FILE_HOPS = 5;
/**
 * A 429 proves iMocha applied nothing, so a rate-limited request is sent again at least this many
 * times (more if Max Retries says so): when several executions share an account's limit, an item
 * may meet a few 429s before the pace settles.
 */
const RATE_LIMIT_RETRIES = 8;

export class ImochaClient {
	private credentials?: Promise<ImochaCredentials>;
	private readonly pacer: Pacer;
	private readonly queues = new Map<string, Promise<unknown>>();
	/** n8n's Proxy and Ignore SSL Issues for this run (Settings → Request Options), as RoutingNode hands them over. */
	private network: Pick<IHttpRequestOptions, 'proxy' | 'skipSslCertificateValidation'> = {};
	/** The credential's allowed domains as RoutingNode worked them out (`list` undefined: any domain); unset off RoutingNode. */
	private routedDomains?: { list?: string };

	constructor(readonly policy: RequestPolicy = DEFAULT_POLICY) {
		this.pacer = new Pacer(policy.maxConcurrent);
	}

	/**
	 * Takes what RoutingNode worked out for each item's request: Proxy and Ignore SSL Issues, then
	 * used by every request of this client (redirect targets included), and the credential's allowed
	 * domains. Off RoutingNode, n8n's proxy variables apply and the domains are read by the same rule.
	 */
	useRoutedSettings(options: Pick<IHttpRequestOptions, 'proxy' | 'skipSslCertificateValidation' | 'allowedDomains'>): void {
		this.network = {
			...(options.proxy ? { proxy: options.proxy } : {}),
			...(options.skipSslCertificateValidation === true ? { skipSslCertificateValidation: true } : {}),
		};
		this.routedDomains = { list: typeof options.allowedDomains === 'string' && options.allowedDomains ? options.allowedDomains : undefined };
	}

	/** Refuses, before anything is sent, a host the credential's Allowed HTTP Request Domains leave out (every road). */
	private async refuseUnlessAllowed(context: ImochaContext, url: string, itemIndex?: number): Promise<void> {
		const list = this.routedDomains ? this.routedDomains.list : credentialAllowedDomains(await this.credentialsFor(context));
		if (list === undefined || isDomainAllowed(url, list)) return;
		const host = hostOf(url) ?? url;
		throw invalidInput(
			context.getNode(),
			itemIndex,
			`The iMocha API credential does not allow requests to ${host}`,
			`Its Allowed HTTP Request Domains are: ${list}. Add ${host} to Allowed Domains in the credential, or point the credential at an allowed host.`,
		);
	}

	/** The credential, read (and decrypted) once for every request this client sends. */
	private async credentialsFor(context: ImochaContext): Promise<ImochaCredentials> {
		this.credentials ??= (context.getCredentials('imochaApi') as Promise<unknown>).then((data) => data as ImochaCredentials);
		try {
			return await this.credentials;
		} catch (error) {
			this.credentials = undefined;
			throw asNodeError(context.getNode(), error);
		}
	}

	/** The base URL of the request's host; a credential that would send the key in clear text refuses. */
	private async baseUrl(context: ImochaContext, host: ImochaHost, itemIndex?: number) {
		const credentials = await this.credentialsFor(context);
		try {
			return { credentials, baseURL: hostBaseUrl(credentials, host) };
		} catch (error) {
			throw error instanceof InsecureBaseUrlError
				? invalidInput(context.getNode(), itemIndex, error.message, error.description)
				: asNodeError(context.getNode(), error);
		}
	}

	/**
	 * Sends one request to iMocha with the key, and repeats it as the policy and the request's
	 * idempotency allow. Answers other than 2xx become a NodeApiError in iMocha's own words, except
	 * the statuses in `acceptStatus`, which are returned for the caller to read. The body comes back
	 * parsed once, here (parseJsonBody), or as bytes when the request is `binary`.
	 */
	async send(
		context: ImochaContext,
		request: ImochaRequest,
		itemIndex?: number,
		acceptStatus?: (status: number) => boolean,
	): Promise<IN8nHttpFullResponse> {
		const node = context.getNode();
		const { credentials, baseURL } = await this.baseUrl(context, request.host ?? 'assessment', itemIndex);
		const credentialsDecrypted = {
			id: node.credentials?.imochaApi?.id ?? '',
			name: node.credentials?.imochaApi?.name ?? '',
			type: 'imochaApi',
			data: credentials as unknown as ICredentialDataDecryptedObject,
		};
		await this.refuseUnlessAllowed(context, baseURL, itemIndex);
		const idempotent = request.idempotent ?? request.method === 'GET';
		// iMocha limits the account: every run of this process with this credential and host shares its pace.
		const rate = accountRate(`${credentialsDecrypted.id || credentialsDecrypted.name}|${baseURL}`, `credential ${credentialsDecrypted.id || '(unsaved)'} on ${new URL(baseURL).host}`);
		const options: IHttpRequestOptions = {
			method: request.method,
			baseURL,
			url: request.url,
			qs: request.qs,
			arrayFormat: request.arrayFormat,
			headers: request.headers,
			body: request.body as IDataObject,
			json: !request.binary,
		};
		const keyed = async (bounded: IHttpRequestOptions) =>
			(await context.helpers.httpRequestWithAuthentication.call(
				context,
				'imochaApi',
				bounded,
				// n8n sends a request again after a 401, to refresh a token; an API key has none, and
				// iMocha's 401 may refuse values of a write (Process Callbacks): never repeated.
				{ credentialsDecrypted, preAuthenticationRetryStatusCode: [] },
			)) as IN8nHttpFullResponse;
		return await this.exchangeWithRetries(context, options, keyed, rate, {
			idempotent,
			itemIndex,
			maxBytes: request.binary ? MAX_FILE_BYTES : MAX_JSON_BYTES,
			accept: (status) => status < 300 || acceptStatus?.(status) === true,
			rateLimitRetries: RATE_LIMIT_RETRIES,
		});
	}

	/**
	 * One request, tried as the policy allows: each try bounded in time from its start to the last
	 * byte of the answer (whatever n8n does with the abort signal), the answer read up to `maxBytes`,
	 * and every try and wait inside the request's overall deadline; through the run's proxy, and
	 * never following a redirect. The one retry loop: send() and fetchWithoutKey() both come here.
	 */
	private async exchangeWithRetries(
		context: ImochaContext,
		options: IHttpRequestOptions,
		call: (options: IHttpRequestOptions) => Promise<IN8nHttpFullResponse>,
		rate: AccountRate,
		how: { idempotent: boolean; itemIndex?: number; maxBytes: number; accept: (status: number) => boolean; rateLimitRetries: number },
	): Promise<IN8nHttpFullResponse> {
		const { policy } = this;
		// A followed redirect would carry the x-api-key header to whatever host it names: none is followed.
		const sent: IHttpRequestOptions = { ...options, disableFollowRedirect: true, ...this.network };
		const node = context.getNode();
		const cancelled = executionCancelSignal(context);
		const deadline = Date.now() + overallDeadlineMs(policy);
		for (let attempt = 0; ; attempt++) {
			let failure: HttpFailure;
			const tryMs = Math.max(1, Math.min(policy.timeoutMs, deadline - Date.now()));
			try {
				const response = await this.pacer.send(
					rate,
					async () => await boundedExchange(call, sent, tryMs, how.maxBytes, cancelled),
					(answer) => answer.statusCode !== 429,
					context.logger,
				);
				if (how.accept(response.statusCode)) return response;
				failure = { status: response.statusCode, body: response.body, headers: response.headers as Record<string, unknown> };
			} catch (error) {
				failure = readFailure(error);
			}
			if (cancelled?.aborted) throw imochaApiError(node, { code: 'ERR_CANCELED' }, how.itemIndex);
			const tries = failure.status === 429 ? Math.max(policy.maxRetries, how.rateLimitRetries) : policy.maxRetries;
			const delay = policy.retryEnabled && attempt < tries ? retryDelay(failure, attempt, how.idempotent, policy.maxWaitMs) : undefined;
			// What is logged names the road, the item, the status or code and counts: never the key, a body or an address.
			const said = { node: node.name, road: roadOf(context), item: how.itemIndex, status: failure.status, code: failure.code, attempt: attempt + 1 };
			// Nothing is tried again once the wait would end past the request's deadline.
			if (delay === undefined || Date.now() + delay >= deadline) {
				if (failure.code === 'TOO_LARGE') context.logger?.warn('iMocha answer over the size limit, not read further', { ...said, limitBytes: failure.limit });
				else if (failure.status !== undefined && failure.status >= 300 && failure.status < 400) context.logger?.warn('iMocha redirect refused (never followed with the key)', said);
				else if (attempt > 0 || failure.status === 429) context.logger?.warn('iMocha request gave up after its retries', said);
				throw imochaApiError(node, failure, how.itemIndex);
			}
			context.logger?.debug('iMocha request retried', { ...said, waitMs: delay });
			// A 429 concerns the whole account: every request to it from this process slows down, not just this one.
			if (failure.status === 429) rate.rateLimited(delay);
			await sleep(delay);
		}
	}

	/**
	 * Runs `task` after every earlier task of the same `key` on this client has ended: the items of
	 * one run that read, change and write back the same record (iMocha has no partial update) take
	 * turns instead of undoing each other's change.
	 */
	async serial<T>(key: string, task: () => Promise<T>): Promise<T> {
		const turn = (this.queues.get(key) ?? Promise.resolve()).catch(() => undefined).then(task);
		this.queues.set(key, turn);
		try {
			return await turn;
		} finally {
			if (this.queues.get(key) === turn) this.queues.delete(key);
		}
	}

	/** Sends the request and returns iMocha's JSON answer (also when labelled text/plain). */
	async json(context: ImochaContext, request: ImochaRequest, itemIndex?: number): Promise<unknown> {
		return (await this.send(context, request, itemIndex)).body;
	}

	/**
	 * Walks a paged list (page number and size in the query, `hasNextPage` in the answer) up to
	 * `limit` records. The page size stays the same on every page (the smaller of the API's maximum
	 * and the limit), because a page number only means the same records while the size does not
	 * change. `totalPages` and `totalCount` are trusted only to fetch ahead: at most as many pages as
	 * the client keeps in flight are asked for beyond what is known to exist, and the walk stops at
	 * the first page that is empty or says it is the last.
	 */
	async pages(
		context: ImochaContext,
		request: ImochaRequest,
		pages: PageSettings,
		limit: number,
		itemIndex?: number,
	): Promise<IDataObject[]> {
		const node = context.getNode();
		const pageSize = Math.max(1, Math.min(pages.maxPageSize, limit));
		const fetchPage = async (page: number) => {
			const answer = (await this.json(context, { ...request, qs: { ...request.qs, [pages.pageParameter]: page, [pages.sizeParameter]: pageSize } }, itemIndex)) as
				| IDataObject
				| undefined;
			const records = recordsIn(node, answer, pages.listProperty, itemIndex);
			const last = answer?.hasNextPage !== true || records.length === 0;
			return { records, last, totalPages: answer?.totalPages, totalCount: answer?.totalCount };
		};

		const first = await fetchPage(pages.firstPage);
		// The answer's own count, when it gives one, ends the walk as surely as the limit.
		const wanted = Math.min(limit, typeof first.totalCount === 'number' && first.totalCount >= 0 ? first.totalCount : Infinity);
		const records = first.records.slice(0, limit);
		if (first.last || records.length >= wanted) return records;

		// Pages worth fetching side by side: what the answer claims, as far as its count and the limit allow.
		const claimed = typeof first.totalPages === 'number' && first.totalPages > 0 ? first.totalPages : Infinity;
		const lastKnown = pages.firstPage - 1 + Math.min(claimed, Math.ceil(wanted / pageSize));
		const fetched = new Map<number, Awaited<ReturnType<typeof fetchPage>>>();
		let next = pages.firstPage + 1;
		let stop = Infinity; // the first page number not to use
		let failed: unknown;
		const worker = async () => {
			while (next <= lastKnown && next < stop) {
				const page = next++;
				const answer = await fetchPage(page).catch((error: unknown) => {
					failed ??= error;
					stop = -Infinity;
				});
				if (!answer) return;
				fetched.set(page, answer);
				if (answer.last) stop = Math.min(stop, page + 1);
			}
		};
		await Promise.all(Array.from({ length: this.policy.maxConcurrent }, worker));
		if (failed !== undefined) throw asNodeError(node, failed);

		let page = pages.firstPage + 1;
		let current = first;
		for (; fetched.has(page) && records.length < wanted; page++) {
			current = fetched.get(page)!;
			records.push(...current.records.slice(0, limit - records.length));
			if (current.last) return records;
		}
		// Beyond what the first answer announced: walk on while iMocha says there is more.
		while (!current.last && records.length < wanted) {
			current = await fetchPage(page++);
			records.push(...current.records.slice(0, limit - records.length));
		}
		return records;
	}

	/**
	 * Downloads a file that iMocha may hand out as the bytes, a redirect, or JSON naming a link.
	 * The key goes only to the credential's host; a redirect elsewhere (e.g. a signed storage URL)
	 * is fetched without it, through the same time bound and retries.
	 */
	async file(
		context: ImochaContext,
		request: ImochaRequest,
		itemIndex: number | undefined,
		linkIn: (body: Buffer) => string | undefined,
	): Promise<{ bytes: Buffer; contentType: string; url: string } | { linkElsewhere: URL }> {
		const node = context.getNode();
		const isRedirect = (status: number) => status >= 300 && status < 400;
		let response = await this.send(context, { ...request, binary: true }, itemIndex, isRedirect);
		const { baseURL } = await this.baseUrl(context, request.host ?? 'assessment', itemIndex);
		const apiOrigin = new URL(baseURL).origin;
		let url = `${baseURL}${request.url}`;
		for (let hop = 0; ; hop++) {
			const location = (response.headers as Record<string, unknown>).location;
			const bytes = Buffer.from((response.body as Buffer | undefined) ?? []);
			const contentType = String((response.headers as Record<string, unknown>)['content-type'] ?? '');
			const link = isRedirect(response.statusCode) && typeof location === 'string' && location ? location : linkIn(bytes);
			if (!link) return { bytes, contentType, url };
			if (hop >= MAX_FILE_HOPS) throw unexpectedAnswer(node, itemIndex, `redirected more than ${MAX_FILE_HOPS} times`);
			const target = new URL(link, url);
			if (target.protocol !== 'https:' && target.protocol !== 'http:') {
				throw unexpectedAnswer(node, itemIndex, `points to a ${target.protocol} address; only http(s) links are followed`);
			}
			url = target.href;
			if (target.origin === apiOrigin) {
				response = await this.send(context, { ...request, binary: true, url: target.pathname + target.search, qs: undefined }, itemIndex, isRedirect);
			} else if (!isRedirect(response.statusCode)) {
				// A link in a JSON answer is only followed on the API host: it is iMocha's, not a redirect.
				return { linkElsewhere: target };
			} else {
				response = await this.fetchWithoutKey(context, target.href, itemIndex);
			}
		}
	}

	/** A GET to another host (a redirect target), without the key, under the same bounds. */
	private async fetchWithoutKey(context: ImochaContext, url: string, itemIndex?: number): Promise<IN8nHttpFullResponse> {
		await this.refuseUnlessAllowed(context, url, itemIndex);
		const options: IHttpRequestOptions = { method: 'GET', url, json: false };
		const plain = async (bounded: IHttpRequestOptions) => (await context.helpers.httpRequest(bounded)) as IN8nHttpFullResponse;
		return await this.exchangeWithRetries(context, options, plain, new AccountRate(), {
			idempotent: true,
			itemIndex,
			maxBytes: MAX_FILE_BYTES,
			accept: (status) => status < 400,
			rateLimitRetries: 0,
		});
	}
}

/**
 * The most of one answer the client reads: far above any JSON page or report iMocha returns, and
 * above any PDF report; an answer that goes past it (or never ends) is cut off there and fails.
 */
export const MAX_JSON_BYTES = 16 * 1024 * 1024;
export const MAX_FILE_BYTES = 32 * 1024 * 1024;

/**
 * How long one request may take in all, tries and waits (a 429's included): each try's time bound
 * plus the longest wait, for each try Max Retries allows. A 429 is retried up to 8 times, but
 * never past this.
 */
export function overallDeadlineMs(policy: RequestPolicy): number {
	return (policy.timeoutMs + policy.maxWaitMs) * (policy.maxRetries + 1);
}

/** What the log calls a road: the operation (`resource.operation`) of an iMocha node, else the node's type. */
function roadOf(context: ImochaContext): string {
	const node = context.getNode();
	const type = node.type.split('.').pop() ?? node.type;
	if (type !== 'imocha' || !('getNodeParameter' in context)) return type;
	try {
		const get = context.getNodeParameter as (name: string, fallback: unknown) => unknown;
		return `${String(get.call(context, 'resource', ''))}.${String(get.call(context, 'operation', ''))}`;
	} catch {
		return type;
	}
}

/** n8n's signal that the execution was cancelled (execute contexts only). */
function executionCancelSignal(context: ImochaContext): AbortSignal | undefined {
	return (context as { getExecutionCancelSignal?: () => AbortSignal | undefined }).getExecutionCancelSignal?.();
}

/** An error carrying a code that readFailure and the retry rules know. */
function failureCode(code: string, message: string): Error {
	return Object.assign(new Error(message), { code });
}

/** Why a try was stopped: its time bound, or the execution being cancelled. */
const stopReason = (timedOut: AbortSignal) =>
	timedOut.aborted ? failureCode('ETIMEDOUT', 'timed out') : failureCode('ERR_CANCELED', 'cancelled');

interface StreamLike {
	on(event: string, listener: (...args: unknown[]) => void): unknown;
	removeAllListeners(event?: string): unknown;
	destroy(): unknown;
	resume?(): unknown;
}

const isStream = (body: unknown): body is StreamLike =>
	body !== null && typeof body === 'object' && typeof (body as StreamLike).on === 'function' && typeof (body as StreamLike).destroy === 'function';

/**
 * Reads an answer's body up to `maxBytes`. Stops (and closes the connection) when the body goes
 * past it, when `stop` fires, or when the connection breaks before the end (BODY_CUT).
 */
function readBody(body: unknown, maxBytes: number, stop: AbortSignal, timedOut: AbortSignal): Promise<Buffer> {
	const tooLarge = () => Object.assign(failureCode('TOO_LARGE', 'answer too large'), { limit: maxBytes });
	if (!isStream(body)) {
		const bytes = body === undefined || body === null ? Buffer.alloc(0) : Buffer.isBuffer(body) ? body : Buffer.from(String(body));
		return bytes.length > maxBytes ? Promise.reject(tooLarge()) : Promise.resolve(bytes);
	}
	return new Promise<Buffer>((resolve, reject) => {
		const chunks: Buffer[] = [];
		let size = 0;
		let settled = false;
		const finish = (error?: Error) => {
			if (settled) return;
			settled = true;
			stop.removeEventListener('abort', onStop);
			if (error) {
				body.removeAllListeners('data');
				body.on('error', () => undefined);
				body.destroy();
				reject(error);
			} else {
				resolve(Buffer.concat(chunks, size));
			}
		};
		const onStop = () => finish(stopReason(timedOut));
		body.on('data', (chunk) => {
			const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
			size += bytes.length;
			if (size > maxBytes) finish(tooLarge());
			else chunks.push(bytes);
		});
		body.on('end', () => finish());
		// A stop may reach the connection (through the abort signal) before it reaches this listener.
		const broke = () => finish(stop.aborted ? stopReason(timedOut) : failureCode('BODY_CUT', 'the answer was cut off'));
		body.on('error', broke);
		body.on('close', broke);
		if (stop.aborted) onStop();
		else stop.addEventListener('abort', onStop, { once: true });
	});
}

/**
 * One try: the request and its whole answer within `tryMs`, its body at most `maxBytes`. n8n may
 * replace the abort signal with the execution's cancel signal (it does for execute contexts), so
 * the bound is kept here as well: a try past it is given up whatever the request does, and an
 * answer that arrives after that is closed unread.
 */
async function boundedExchange(
	call: (options: IHttpRequestOptions) => Promise<IN8nHttpFullResponse>,
	options: IHttpRequestOptions,
	tryMs: number,
	maxBytes: number,
	cancelled: AbortSignal | undefined,
): Promise<IN8nHttpFullResponse> {
	const timedOut = AbortSignal.timeout(tryMs);
	const stop = cancelled ? AbortSignal.any([timedOut, cancelled]) : timedOut;
	const pending = call({
		...options,
		encoding: 'stream',
		returnFullResponse: true,
		// Every answer comes back as {statusCode, headers, body} and is judged here: n8n 1.x drops
		// the response (status, body, Retry-After) from the error it throws for a 4xx or 5xx.
		ignoreHttpStatusErrors: true,
		timeout: tryMs,
		abortSignal: stop,
	});
	const response = await new Promise<IN8nHttpFullResponse>((resolve, reject) => {
		const onStop = () => {
			reject(stopReason(timedOut));
			pending.then((late) => isStream(late.body) && late.body.destroy(), () => undefined);
		};
		if (stop.aborted) return onStop();
		stop.addEventListener('abort', onStop, { once: true });
		pending.then(
			(answer) => {
				stop.removeEventListener('abort', onStop);
				resolve(answer);
			},
			(error: unknown) => {
				stop.removeEventListener('abort', onStop);
				reject(stop.aborted ? stopReason(timedOut) : error);
			},
		);
	});
	const bytes = await readBody(response.body, maxBytes, stop, timedOut);
	return { ...response, body: options.json ? parseJsonBody(bytes) : bytes } as IN8nHttpFullResponse;
}

/** The client of one node run: every item of the run shares its credential, pacing and learned rate. */
const runClients = new WeakMap<object, ImochaClient>();

/**
 * The client of the node run this item belongs to. RoutingNode gives every item of a run the same
 * execute data object, so the client lives exactly as long as the run (with n8n's Batching too)
 * and is collected with it: no module-wide map to clean up.
 */
export function clientForRun(context: IExecuteSingleFunctions): ImochaClient {
	const run = (context.getExecuteData?.() as object | undefined) ?? context.getNode();
	let client = runClients.get(run);
	if (!client) {
		client = new ImochaClient(readPolicy(context.getNodeParameter('requestOptions', {})));
		runClients.set(run, client);
	}
	return client;
}

/** A client for one call of a picker or a trigger, with its own time bound and retries. */
export function clientForCall(overrides: Partial<RequestPolicy>): ImochaClient {
	return new ImochaClient({ ...DEFAULT_POLICY, ...overrides });
}
