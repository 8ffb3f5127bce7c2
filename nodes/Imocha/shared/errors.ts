import type { INode, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

// What users should do next, by HTTP status. Worded without "error"/"problem" per n8n's UX guidelines.
const NEXT_STEP: Record<number, string> = {
	400: 'iMocha refused the values sent. Correct the field named in the message and run the node again.',
	401: 'The API key is invalid or its subscription has expired. Open the iMocha API credential and paste a current key (iMocha: Settings → Integrations → API Key).',
	403: 'The API key is valid but is not allowed to do this. Ask your iMocha administrator to enable API access for this feature.',
	404: 'iMocha has no such record or path. Check that the ID exists in this iMocha account.',
	429: 'iMocha is limiting how fast this account may call the API. Lower "Items per Batch" or raise "Batch Interval" under the node\'s Options, or run again later.',
};
const SERVER_NEXT_STEP =
	'iMocha could not complete the request on its side. Wait a few minutes and run again; if it keeps happening, contact iMocha support with the time of the run.';

const DEFAULT_SUMMARY: Record<number, string> = {
	400: 'iMocha rejected the request as invalid',
	401: 'The iMocha API key is invalid or expired',
	403: 'The iMocha API key may not perform this operation',
	404: 'iMocha could not find the requested resource',
	429: 'Too many requests to iMocha',
};

/**
 * iMocha answers errors in three shapes (imocha-api.md §3):
 * `{"errors": [...]}`, `{"result": null, "errors": [...]}` and `{"statusCode": n, "message": "..."}`.
 * Returns the human text of whichever shape arrived, or undefined.
 */
export function imochaErrorText(body: unknown): string | undefined {
	if (Buffer.isBuffer(body)) return imochaErrorText(body.toString('utf8'));
	if (typeof body === 'string') {
		const trimmed = body.trim();
		if (!trimmed) return undefined;
		try {
			return imochaErrorText(JSON.parse(trimmed));
		} catch {
			// An HTML page from a gateway says nothing useful to a user; plain text does.
			return /^<(!doctype|html)/i.test(trimmed) ? undefined : trimmed.slice(0, 500);
		}
	}
	if (!body || typeof body !== 'object') return undefined;
	const { errors, message } = body as { errors?: unknown; message?: unknown };
	if (Array.isArray(errors)) {
		const texts = errors.filter((entry) => typeof entry === 'string' || typeof entry === 'number');
		if (texts.length) return texts.join('; ');
	}
	if (typeof message === 'string' && message.trim()) return message.trim();
	return undefined;
}

const NETWORK_REASON: Record<string, string> = {
	ECONNREFUSED: 'connection refused',
	ECONNRESET: 'connection reset',
	ENOTFOUND: 'host not found',
	EAI_AGAIN: 'host not found',
	ETIMEDOUT: 'timed out',
	ECONNABORTED: 'timed out',
	EPROTO: 'TLS handshake failed',
};

export interface HttpFailure {
	status?: number;
	body?: unknown;
	headers?: Record<string, unknown>;
	code?: string;
}

/** Reads status, body, headers and network code from what n8n's HTTP helper threw (a wrapped axios error). */
export function readFailure(error: unknown): HttpFailure {
	const candidates = [error, (error as { cause?: unknown })?.cause];
	for (const candidate of candidates) {
		const response = (
			candidate as { response?: { status?: number; data?: unknown; body?: unknown; headers?: Record<string, unknown> } }
		)?.response;
		if (response?.status) {
			return { status: response.status, body: response.data ?? response.body, headers: response.headers };
		}
	}
	for (const candidate of candidates) {
		const code = (candidate as { code?: unknown })?.code;
		if (typeof code === 'string') return { code };
	}
	return {};
}

/**
 * Turns a failed iMocha call into a NodeApiError built only from the status and iMocha's body,
 * so nothing of the outgoing request (the x-api-key header above all) travels with the error.
 */
export function toImochaApiError(node: INode, error: unknown, itemIndex: number): NodeApiError {
	const { status, body, code } = readFailure(error);
	if (status) {
		const text = imochaErrorText(body);
		const summary = DEFAULT_SUMMARY[status] ?? `iMocha answered HTTP ${status}`;
		const message =
			status === 401 && text ? `${summary}: ${text}` : (text ?? summary);
		const description = NEXT_STEP[status] ?? (status >= 500 ? SERVER_NEXT_STEP : undefined);
		return new NodeApiError(node, { httpCode: String(status), message, body: body ?? null } as JsonObject, {
			message: `${message} [item ${itemIndex}]`,
			description,
			httpCode: String(status),
			itemIndex,
		});
	}
	// Plain words: n8n replaces any message that contains a raw code such as ECONNREFUSED.
	const reason = (code && NETWORK_REASON[code]) ?? 'no answer';
	return new NodeApiError(node, { message: reason } as JsonObject, {
		message: `Could not reach iMocha (${reason}) [item ${itemIndex}]`,
		description:
			'Check the base URL in the iMocha API credential and that this n8n instance can reach it, then run again.',
		httpCode: 'none',
		itemIndex,
	});
}

export function invalidInput(
	node: INode,
	itemIndex: number,
	message: string,
	description?: string,
): NodeOperationError {
	return new NodeOperationError(node, `${message} [item ${itemIndex}]`, { itemIndex, description });
}

/**
 * The NodeApiError for an answer read with `ignoreHttpStatusErrors` (its body may be raw bytes,
 * e.g. when a file was asked for), worded like every other iMocha failure.
 */
export function imochaHttpError(node: INode, status: number, body: unknown, itemIndex: number): NodeApiError {
	const data = Buffer.isBuffer(body) ? body.toString('utf8') : body;
	return toImochaApiError(node, { response: { status, data } }, itemIndex);
}

/** iMocha answered 2xx, but not in the shape the operation reads (e.g. a list without its records). */
export function unexpectedAnswer(node: INode, itemIndex: number, what: string): NodeApiError {
	return new NodeApiError(node, {}, {
		message: `iMocha's answer ${what} [item ${itemIndex}]`,
		description: 'The iMocha API answered in an unexpected shape. Run again; if it persists, contact iMocha support.',
		itemIndex,
	});
}
