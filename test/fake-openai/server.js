'use strict';
// A fake OpenAI-compatible chat model on 127.0.0.1, for running n8n's AI Agent against the iMocha
// node without a real model: n8n's OpenAI Chat Model node (openAiApi credential, Base URL
// http://127.0.0.1:<port>/v1) talks to it like to api.openai.com. It records every request (the
// messages and the `tools` the agent offered), and answers either from a script the test sets
// (one answer per call, in order) or, without one, with the "sandbox model": a rule-based
// stand-in that calls each offered tool once, filling its parameters from the user's message,
// then answers with what the tools returned.
const http = require('node:http');
const { readBody } = require('../fake-imocha/server');

const MODEL = 'gpt-4o-mini';
/** The key the fake accepts unless told otherwise (sent as `Authorization: Bearer …`). */
const SANDBOX_KEY = 'sk-fake-sandbox-key';

/** An answer that calls tools: calls is [{ name, args }] (name: a tool name, or a RegExp matched against the offered ones). */
const toolCalls = (...calls) => ({ toolCalls: calls });
/** An answer that ends the turn with a text. */
const text = (content) => ({ content });

/** The text of a message's content (a string or OpenAI's content parts). */
function contentText(content) {
	if (typeof content === 'string') return content;
	if (Array.isArray(content)) return content.map((part) => (typeof part === 'string' ? part : part.text ?? '')).join('');
	return content == null ? '' : JSON.stringify(content);
}

/** The tool results the conversation holds so far, oldest first: [{ name, content }]. */
function toolResults(messages) {
	const names = new Map();
	for (const message of messages) {
		for (const call of message.tool_calls ?? []) names.set(call.id, call.function?.name);
	}
	return messages
		.filter((message) => message.role === 'tool')
		.map((message) => ({ name: names.get(message.tool_call_id), content: contentText(message.content) }));
}

/**
 * The sandbox model: calls, in the order offered, each tool not yet called whose required
 * parameters it can fill from the last user message (an email for a parameter named like
 * "email", the first number in the message for a numeric one); once none is left, answers with
 * the tools' results.
 */
function sandboxModel(body) {
	const messages = body.messages ?? [];
	const userText = contentText([...messages].reverse().find((m) => m.role === 'user')?.content);
	const called = new Set(messages.flatMap((m) => (m.tool_calls ?? []).map((c) => c.function?.name)));
	const email = userText.match(/[\w.+-]+@[\w-]+(?:\.[\w-]+)+/)?.[0];
	const number = userText.replace(email ?? '', '').match(/\b\d+\b/)?.[0];
	for (const tool of body.tools ?? []) {
		const { name, parameters = {} } = tool.function ?? {};
		if (!name || called.has(name)) continue;
		const args = {};
		for (const [key, schema] of Object.entries(parameters.properties ?? {})) {
			if (/email/i.test(key) && email) args[key] = email;
			else if (['number', 'integer'].includes(schema.type) && number) args[key] = Number(number);
		}
		if ((parameters.required ?? []).every((key) => key in args)) return toolCalls({ name, args });
	}
	const results = toolResults(messages);
	if (!results.length) return text('The sandbox model found no tool it could call for that request.');
	return text(`Done. ${results.map((r) => `${r.name} returned: ${r.content}`).join('\n')}`);
}

function sendJson(res, status, body) {
	res.writeHead(status, { 'content-type': 'application/json' });
	res.end(JSON.stringify(body));
}

const openAiError = (message, type, code) => ({ error: { message, type, param: null, code } });

/** The assistant message of an answer, in OpenAI's shape; tool names given as RegExps are resolved against the offered tools. */
function assistantMessage(answer, tools, callNumber) {
	if (!answer.toolCalls) return { role: 'assistant', content: String(answer.content ?? ''), refusal: null };
	const offered = tools.map((tool) => tool.function?.name);
	return {
		role: 'assistant',
		content: null,
		refusal: null,
		tool_calls: answer.toolCalls.map(({ name, args }, index) => {
			const resolved = name instanceof RegExp ? offered.find((candidate) => name.test(candidate)) : name;
			if (!resolved) throw new Error(`no offered tool matches ${name} (offered: ${offered.join(', ') || 'none'})`);
			return {
				id: `call_${callNumber}_${index}`,
				type: 'function',
				function: { name: resolved, arguments: typeof args === 'string' ? args : JSON.stringify(args ?? {}) },
			};
		}),
	};
}

/** Writes a completion as server-sent events, the way OpenAI streams one. */
function streamCompletion(res, completion, includeUsage) {
	res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
	const { message, finish_reason: finishReason } = completion.choices[0];
	const chunk = (delta, finish = null, extra = {}) =>
		res.write(
			`data: ${JSON.stringify({
				id: completion.id,
				object: 'chat.completion.chunk',
				created: completion.created,
				model: completion.model,
				choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
				...extra,
			})}\n\n`,
		);
	chunk({ role: 'assistant', content: message.tool_calls ? null : '' });
	if (message.tool_calls) {
		message.tool_calls.forEach((call, index) => chunk({ tool_calls: [{ index, ...call }] }));
	} else {
		chunk({ content: message.content });
	}
	chunk({}, finishReason);
	if (includeUsage) {
		res.write(
			`data: ${JSON.stringify({ id: completion.id, object: 'chat.completion.chunk', created: completion.created, model: completion.model, choices: [], usage: completion.usage })}\n\n`,
		);
	}
	res.end('data: [DONE]\n\n');
}

/**
 * @param {{ apiKey?: string }} [options]
 */
function createFakeOpenAi({ apiKey = SANDBOX_KEY } = {}) {
	/** Every request received: { method, path, headers, body, at }. */
	const requests = [];
	/** Scripted answers, taken one per chat call; each a text(...)/toolCalls(...) or a function (body, callNumber) => one. */
	let script = null;
	let chatCalls = 0;

	async function answer(body) {
		chatCalls++;
		const tools = body.tools ?? [];
		let next;
		if (script) {
			next = script.shift();
			if (next === undefined) throw new Error(`the script has no answer for chat call ${chatCalls}`);
			if (typeof next === 'function') next = await next(body, chatCalls);
		} else {
			next = sandboxModel(body);
		}
		const message = assistantMessage(next, tools, chatCalls);
		return {
			id: `chatcmpl-fake-${chatCalls}`,
			object: 'chat.completion',
			created: Math.floor(Date.now() / 1000),
			model: body.model ?? MODEL,
			choices: [{ index: 0, message, logprobs: null, finish_reason: message.tool_calls ? 'tool_calls' : 'stop' }],
			usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 },
			system_fingerprint: null,
		};
	}

	const server = http.createServer(async (req, res) => {
		const url = new URL(req.url, 'http://127.0.0.1');
		const rawBody = await readBody(req);
		let body;
		try {
			body = rawBody ? JSON.parse(rawBody) : undefined;
		} catch {
			return sendJson(res, 400, openAiError('We could not parse the JSON body of your request.', 'invalid_request_error', null));
		}
		const path = url.pathname.replace(/^\/v1(?=\/)/, '');
		if (path.startsWith('/__fake/')) {
			if (path === '/__fake/requests') return sendJson(res, 200, requests);
			return sendJson(res, 404, { message: 'Unknown control path' });
		}
		requests.push({ method: req.method, path: url.pathname, headers: req.headers, body, at: Date.now() });
		if (req.headers.authorization !== `Bearer ${apiKey}`) {
			return sendJson(res, 401, openAiError('Incorrect API key provided.', 'invalid_request_error', 'invalid_api_key'));
		}
		if (req.method === 'GET' && path === '/models') {
			return sendJson(res, 200, { object: 'list', data: [{ id: MODEL, object: 'model', created: 1721172741, owned_by: 'system' }] });
		}
		if (req.method === 'POST' && path === '/chat/completions') {
			let completion;
			try {
				completion = await answer(body ?? {});
			} catch (error) {
				return sendJson(res, 500, openAiError(`fake model: ${error.message}`, 'server_error', null));
			}
			if (body?.stream) return streamCompletion(res, completion, body.stream_options?.include_usage);
			return sendJson(res, 200, completion);
		}
		return sendJson(res, 404, openAiError(`Unknown request URL: ${req.method} ${url.pathname}`, 'invalid_request_error', null));
	});

	return {
		apiKey,
		model: MODEL,
		requests,
		/** The chat requests received (the bodies: model, messages, tools). */
		get chats() {
			return requests.filter((r) => r.method === 'POST' && /\/chat\/completions$/.test(r.path)).map((r) => r.body);
		},
		/** Answers the next chat calls with these, in order (then fails); without a script the sandbox model answers. */
		script(answers) {
			script = [...answers];
		},
		reset() {
			requests.length = 0;
			script = null;
			chatCalls = 0;
		},
		/** Starts listening on 127.0.0.1 (a free port unless one is given); resolves to the base URL for the credential (…/v1). */
		listen(port = 0) {
			return new Promise((resolve, reject) => {
				server.once('error', reject);
				server.listen(port, '127.0.0.1', () => resolve(`http://127.0.0.1:${server.address().port}/v1`));
			});
		},
		close() {
			return new Promise((resolve) => {
				server.closeAllConnections?.();
				server.close(() => resolve());
			});
		},
	};
}

module.exports = { createFakeOpenAi, SANDBOX_KEY, sandboxModel, toolCalls, text, toolResults, contentText };
