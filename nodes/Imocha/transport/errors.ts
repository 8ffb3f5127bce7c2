// What went wrong talking to iMocha, in the user's words. Every error the client raises is built
// here from the status and iMocha's body only, so nothing of the outgoing request (the x-api-key
// header above all) travels with it.
import type { INode, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

// What users should do next, by HTTP status. Worded without "error"/"problem" per n8n's UX guidelines.
const NEXT_STEP: Record<number, string> = {
	400: 'iMocha refused the values sent. Correct the field named in the message and run the node again.',
	401: 'The API key is invalid or its subscription has expired. Open the iMocha API credential and paste a current key (iMocha: Settings → Integrations → API Key).',
	403: 'The API key is valid but is not allowed to do this. Ask your iMocha administrator to enable API access for this feature.',
	404: 'iMocha has no such record or path. Check that the ID exists in this iMocha account.',
	429: 'iMocha is limiting how fast this account may call the API. Lower "Max Concurrent Requests" under the node\'s Settings → Request Options, or run again later.',
};
const SERVER_NEXT_STEP =
	'iMocha could not complete the request on its side. Wait a few minutes and run again; if it keeps happening, contact iMocha support with the time of the run.';
/** iMocha answers 401 also for values it refuses (Retrieve Invites, Process Callbacks: docs/imocha-api.md §3). */
const REFUSED_VALUES_NEXT_STEP =
	'iMocha refused the values sent (it answers 401 for these as well). The API key itself was accepted: correct the dates or IDs named in the message and run again.';

const DEFAULT_SUMMARY: Record<number, string> = {
	400: 'iMocha rejected the request as invalid',
	401: 'The iMocha API key is invalid or expired',
	403: 'The iMocha API key may not perform this operation',
	404: 'iMocha could not find the requested resource',
	429: 'Too many requests to iMocha',
};

/**
 * An answer's body as JSON when it is JSON, else as it came (text stays text; empty is undefined):
 * iMocha labels some JSON answers text/plain (the single skills profile, docs/imocha-api.md §8).
 */
export function parseJsonBody(body: unknown): unknown {
	if (Buffer.isBuffer(body)) return parseJsonBody(body.toString('utf8'));
	if (typeof body !== 'string') return body;
	const text = body.trim();
	if (!text) return undefined;
	try {
		return JSON.parse(text);
	} catch {
		return body;
	}
}

/**
 * iMocha answers errors in three shapes (docs/imocha-api.md §3):
 * `{"errors": [...]}`, `{"result": null, "errors": [...]}` and `{"statusCode": n, "message": "..."}`.
 * Returns the human text of whichever shape arrived, or undefined.
 */
export function imochaErrorText(body: unknown): string | undefined {
	const parsed = parseJsonBody(body);
	if (typeof parsed === 'string') {
		const trimmed = parsed.trim();
		// An HTML page from a gateway says nothing useful to a user; plain text does.
		if (!trimmed || /^<(!doctype|html)/i.test(trimmed)) return undefined;
		return trimmed.slice(0, 500);
	}
	if (!parsed || typeof parsed !== 'object') return undefined;
	const { errors, message } = parsed as { errors?: unknown; message?: unknown };
	if (Array.isArray(errors)) {
		const texts = errors.filter((entry) => typeof entry === 'string' || typeof entry === 'number');
		if (texts.length) return texts.join('; ');
	}
	if (typeof message === 'string' && message.trim()) return message.trim();
	return undefined;
}

/**
 * Whether a 401 refused the values rather than the key: the endpoints that do so answer
 * `{result: null, errors: [...]}`, while the gateway's key refusal is `{statusCode, message}`.
 */
export function refusedValues(body: unknown): boolean {
	const parsed = parseJsonBody(body) as { result?: unknown; errors?: unknown } | undefined;
	return Boolean(parsed && typeof parsed === 'object' && 'result' in parsed && Array.isArray(parsed.errors));
}

const NETWORK_REASON: Record<string, string> = {
	ECONNREFUSED: 'connection refused',
	ECONNRESET: 'connection reset',
	ENOTFOUND: 'host not found',
	EAI_AGAIN: 'host not found',
	ETIMEDOUT: 'timed out',
	ECONNABORTED: 'timed out',
	ERR_CANCELED: 'timed out',
	EPIPE: 'connection reset',
	EPROTO: 'TLS handshake failed',
	DEPTH_ZERO_SELF_SIGNED_CERT: 'its certificate is not trusted',
	SELF_SIGNED_CERT_IN_CHAIN: 'its certificate is not trusted',
	UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'its certificate is not trusted',
	UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'its certificate is not trusted',
	CERT_HAS_EXPIRED: 'its certificate has expired',
	ERR_TLS_CERT_ALTNAME_INVALID: 'its certificate is for another host',
	BODY_CUT: 'the answer was cut off',
};

export interface HttpFailure {
	status?: number;
	body?: unknown;
	headers?: Record<string, unknown>;
	/**
	 * A network code (ECONNRESET, ...); BODY_CUT: the answer's status came but its body broke off;
	 * TOO_LARGE: the answer went past `limit` bytes and was not read further.
	 */
	code?: string;
	limit?: number;
}

type ResponseLike = { status?: number; statusCode?: number; data?: unknown; body?: unknown; headers?: Record<string, unknown> };

/**
 * Reads status, body, headers and network code from what n8n's HTTP helper threw. n8n 2.x throws
 * the axios error wrapped (status under `cause.response`); n8n 1.x throws a NodeApiError whose
 * `cause` or `errorResponse` holds it. A status of 2xx means the connection broke while the body
 * was arriving (BODY_CUT).
 */
export function readFailure(error: unknown): HttpFailure {
	const seen = new Set<unknown>();
	const candidates: unknown[] = [error];
	let code: string | undefined;
	let cutStatus: number | undefined;
	while (candidates.length) {
		const candidate = candidates.shift() as Record<string, unknown> | undefined;
		if (!candidate || typeof candidate !== 'object' || seen.has(candidate)) continue;
		seen.add(candidate);
		const response = candidate.response as ResponseLike | undefined;
		const status = response?.status ?? response?.statusCode;
		if (typeof status === 'number' && status > 0) {
			if (status >= 200 && status < 300) cutStatus = status;
			else return { status, body: response?.data ?? response?.body, headers: response?.headers };
		}
		if (candidate.code === 'TOO_LARGE' && typeof candidate.limit === 'number') return { code: 'TOO_LARGE', limit: candidate.limit };
		if (code === undefined && typeof candidate.code === 'string') code = candidate.code;
		// n8n 1.x keeps only `httpCode` of a network failure (e.g. 'ECONNREFUSED') on its NodeApiError.
		if (code === undefined && typeof candidate.httpCode === 'string' && /^E[A-Z_]+$/.test(candidate.httpCode)) code = candidate.httpCode;
		candidates.push(candidate.cause, candidate.errorResponse, candidate.error);
	}
	if (cutStatus !== undefined) return { code: 'BODY_CUT' };
	return code ? { code } : {};
}

/** iMocha's answer body that an error of imochaApiError carries (undefined for any other error). */
export function answerBodyOf(error: NodeApiError): unknown {
	return (error.errorResponse as { body?: unknown } | undefined)?.body;
}

/**
 * Whether iMocha refused the values of a request it understood: a 400, or the 401 with
 * `{result: null, errors}` some endpoints use for ids or dates they refuse (read from the answer
 * itself, as imochaApiError does). Not the key, not an outage.
 */
export function isValuesRefusal(error: NodeApiError): boolean {
	return error.httpCode === '400' || (error.httpCode === '401' && refusedValues(answerBodyOf(error)));
}

const suffix = (itemIndex: number | undefined) => (itemIndex === undefined ? '' : ` [item ${itemIndex}]`);

/** The NodeApiError for a failed call, worded from the status and iMocha's own text. */
export function imochaApiError(node: INode, failure: HttpFailure, itemIndex?: number): NodeApiError {
	const { status, body, code } = failure;
	if (status) {
		const text = imochaErrorText(body);
		const valuesRefused = status === 401 && refusedValues(body);
		const summary = valuesRefused
			? 'iMocha refused the values sent'
			: status >= 300 && status < 400
				? `iMocha redirected the request (HTTP ${status}); redirects are not followed, so the API key is sent only to the credential's host`
				: (DEFAULT_SUMMARY[status] ?? `iMocha answered HTTP ${status}`);
		// A key refusal names the key, then iMocha's text; refused values are iMocha's text alone (as for a 400).
		const message = status === 401 && text && !valuesRefused ? `${summary}: ${text}` : (text ?? summary);
		const description = valuesRefused
			? REFUSED_VALUES_NEXT_STEP
			: (NEXT_STEP[status] ??
				(status >= 500 ? SERVER_NEXT_STEP : status >= 300 && status < 400 ? 'Check the base URL in the iMocha API credential: it should name the API host itself.' : undefined));
		return new NodeApiError(node, { httpCode: String(status), message, body: (body ?? null) as JsonObject } as JsonObject, {
			message: `${message}${suffix(itemIndex)}`,
			description,
			httpCode: String(status),
			itemIndex,
		});
	}
	if (code === 'TOO_LARGE') {
		const mib = Math.round((failure.limit ?? 0) / (1024 * 1024));
		return new NodeApiError(node, { message: 'answer too large' } as JsonObject, {
			message: `iMocha's answer is larger than ${mib} MiB, the most this node reads; it was not read further${suffix(itemIndex)}`,
			description:
				'No iMocha answer comes near this size: check the base URLs in the iMocha API credential. For a list, lower Limit or the page size; for a file, download it from iMocha directly.',
			httpCode: 'none',
			itemIndex,
		});
	}
	if (code === 'ERR_CANCELED') {
		return new NodeApiError(node, { message: 'cancelled' } as JsonObject, {
			message: `The request to iMocha was stopped: the execution was cancelled${suffix(itemIndex)}`,
			httpCode: 'none',
			itemIndex,
		});
	}
	// Plain words: n8n replaces any message that contains a raw code such as ECONNREFUSED.
	const reason = (code && NETWORK_REASON[code]) ?? 'no answer';
	const cut = code === 'BODY_CUT';
	return new NodeApiError(node, { message: reason } as JsonObject, {
		message: cut ? `iMocha's answer was cut off before it was complete${suffix(itemIndex)}` : `Could not reach iMocha (${reason})${suffix(itemIndex)}`,
		description: cut
			? 'The connection broke while the answer was arriving. A read is repeated automatically; a change may or may not have been applied: check in iMocha before running it again.'
			: reason.startsWith('its certificate')
				? "The server's TLS certificate was refused. Behind a TLS-inspecting gateway, add its certificate authority to n8n (NODE_EXTRA_CA_CERTS) or, for the iMocha node, switch on Settings → Request Options → Ignore SSL Issues."
				: 'Check the base URL in the iMocha API credential and that this n8n instance can reach it (through the proxy, if it needs one), then run again.',
		httpCode: 'none',
		itemIndex,
	});
}

/** What was thrown, as an n8n node error: n8n's own errors pass unchanged, anything else is wrapped. */
export function asNodeError(node: INode, error: unknown, itemIndex?: number): NodeApiError | NodeOperationError {
	return error instanceof NodeApiError || error instanceof NodeOperationError ? error : new NodeOperationError(node, error as Error, { itemIndex });
}

/** Bad input, refused before anything is sent. */
export function invalidInput(node: INode, itemIndex: number | undefined, message: string, description?: string): NodeOperationError {
	return new NodeOperationError(node, `${message}${suffix(itemIndex)}`, { itemIndex, description });
}

/** iMocha answered 2xx, but not in the shape the operation reads (e.g. a list without its records). */
export function unexpectedAnswer(node: INode, itemIndex: number | undefined, what: string): NodeApiError {
	return new NodeApiError(node, {}, {
		message: `iMocha's answer ${what}${suffix(itemIndex)}`,
		description: 'The iMocha API answered in an unexpected shape. Run again; if it persists, contact iMocha support.',
		itemIndex,
	});
}
