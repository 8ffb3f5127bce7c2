'use strict';
// The example workflows in examples/ address the sandbox iMocha at http://127.0.0.1:8787 and n8n
// at http://127.0.0.1:5678 (the iMocha Trigger's callback URL), and the HRIS recipes (08–11) the
// sandbox HRIS (test/fake-hris) at http://127.0.0.1:8789. When any runs elsewhere, this
// writes copies with the real addresses, ready for `n8n import:workflow`. The examples refer to
// their credentials by id; sandboxCredentials gives the ones that point at the local fakes.
const fs = require('node:fs');
const path = require('node:path');
const { SANDBOX_KEY } = require('../test/fake-openai/server');
const { BAMBOOHR, HIBOB } = require('../test/fake-hris/server');

const EXAMPLES = path.resolve(__dirname, '..', 'examples');
const SANDBOX_URL = 'http://127.0.0.1:8787';
const N8N_URL = 'http://127.0.0.1:5678';
/** The token example 06's Webhook (a learning platform's course completions) wants in the X-LMS-Token header. */
const LMS_WEBHOOK_TOKEN = 'sandbox-lms-token-0001';
/** The sandbox HRIS (test/fake-hris: BambooHR and HiBob) that `npm run dev` starts. */
const HRIS_URL = 'http://127.0.0.1:8789';
/** The sandbox chat model (test/fake-openai) that `npm run dev` starts, as the openAiApi credential's Base URL. */
const MODEL_URL = 'http://127.0.0.1:8788/v1';
/** The bearer token MCP clients send to example 07's MCP Server Trigger in the sandbox. */
const MCP_SANDBOX_TOKEN = 'imocha-mcp-sandbox-token';

function exampleFiles() {
	return fs
		.readdirSync(EXAMPLES)
		.filter((file) => /^\d+-.*\.json$/.test(file))
		.map((file) => path.join(EXAMPLES, file));
}

/** Copies every example into `dir` with the given addresses; returns [{ file, workflow }]. */
function writeExamples(dir, { imochaUrl = SANDBOX_URL, n8nUrl = N8N_URL, hrisUrl = HRIS_URL } = {}) {
	return exampleFiles().map((source) => {
		const text = fs
			.readFileSync(source, 'utf8')
			.split(SANDBOX_URL)
			.join(imochaUrl)
			.split(N8N_URL)
			.join(n8nUrl)
			.split(HRIS_URL)
			.join(hrisUrl);
		const file = path.join(dir, path.basename(source));
		fs.writeFileSync(file, text);
		return { file, workflow: JSON.parse(text) };
	});
}

/**
 * The credentials the examples refer to (by id), pointing at the sandbox iMocha, the sandbox model
 * (test/fake-openai) and the sandbox HRIS (test/fake-hris: BambooHR's API key, Bob's service user),
 * the header token example 06's Webhook checks, and the bearer token example 07's MCP Server
 * Trigger asks of clients.
 */
function sandboxCredentials({
	imochaUrl = SANDBOX_URL,
	imochaKey = 'test-key',
	modelUrl = MODEL_URL,
	modelKey = SANDBOX_KEY,
	mcpToken = MCP_SANDBOX_TOKEN,
} = {}) {
	return [
		{
			id: 'imochaSandbox01',
			name: 'iMocha sandbox (local fake API)',
			type: 'imochaApi',
			data: { apiKey: imochaKey, baseUrl: imochaUrl, skillsIntelligenceBaseUrl: imochaUrl },
		},
		{
			id: 'openAiSandbox01',
			name: 'OpenAI-compatible sandbox model (local fake)',
			type: 'openAiApi',
			data: { apiKey: modelKey, url: modelUrl, header: false },
		},
		{
			id: 'lmsWebhookSandbox01',
			name: 'LMS webhook token (sandbox)',
			type: 'httpHeaderAuth',
			data: { name: 'X-LMS-Token', value: LMS_WEBHOOK_TOKEN },
		},
		{
			id: 'mcpBearerSandbox01',
			name: 'MCP clients (bearer token, sandbox)',
			type: 'httpBearerAuth',
			data: { token: mcpToken },
		},
		{
			id: 'bamboohrSandbox01',
			name: 'BambooHR API key (sandbox)',
			type: 'httpBasicAuth',
			data: { user: BAMBOOHR.apiKey, password: 'x' },
		},
		{
			id: 'hibobSandbox01',
			name: 'HiBob service user (sandbox)',
			type: 'httpBasicAuth',
			data: { user: HIBOB.serviceUserId, password: HIBOB.token },
		},
	];
}

module.exports = { exampleFiles, writeExamples, sandboxCredentials, SANDBOX_URL, N8N_URL, MODEL_URL, HRIS_URL, LMS_WEBHOOK_TOKEN, MCP_SANDBOX_TOKEN };
