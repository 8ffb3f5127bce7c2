#!/usr/bin/env node
// `npm run dev`: a real n8n on http://127.0.0.1:5678 with this package installed as a community
// package, the example workflows imported, and a credential pointing at a local sandbox iMocha
// (the fake iMocha API, seeded with business units, users, tests and candidates), and a sandbox
// chat model (test/fake-openai, a rule-based stand-in for OpenAI) for the AI Agent example, and a
// sandbox HRIS (test/fake-hris: BambooHR and HiBob on 127.0.0.1:8789) for the HRIS recipes 08–11,
// which it activates.
//
//   npm run dev                      sandbox iMocha on 127.0.0.1:8787
//   npm run dev -- --real            the real iMocha API; needs IMOCHA_API_KEY (and optionally
//                                    IMOCHA_BASE_URL, IMOCHA_SI_BASE_URL)
//   npm run dev -- --port 5679       another editor port
//   OPENAI_API_KEY=sk-... npm run dev   the AI Agent example uses OpenAI instead of the sandbox model
//   npm run dev -- --n8n 1.123.81    another tested n8n version (own user folder, .n8n-dev-<version>)
//
// Everything it starts stops on Ctrl-C. The first run installs Node 24 and n8n (several minutes,
// cached outside the clone; see scripts/n8n-runtime.js).
'use strict';

const childProcess = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const { ensureN8n, createInstance, OWNER, freePort, DEFAULT_N8N_VERSION } = require('./n8n-runtime');
const { createFakeImocha } = require('../test/fake-imocha/server');
const { createFakeOpenAi } = require('../test/fake-openai/server');
const { createFakeHris } = require('../test/fake-hris/server');
const { writeExamples, sandboxCredentials, MCP_SANDBOX_TOKEN } = require('./examples');

const ROOT = path.resolve(__dirname, '..');
const CREDENTIAL_ID = 'imochaSandbox01';
/** The example whose iMocha Trigger receives the sandbox's callbacks. */
const CALLBACK_WORKFLOW_ID = 'imochaExample003';
/** The example whose MCP Server Trigger serves the iMocha tools to MCP clients (n8n's /mcp/imocha). */
const MCP_WORKFLOW_ID = 'imochaExample007';
/** The HRIS recipes (docs/hris.md): two webhooks and two schedules, active in the sandbox. */
const HRIS_WORKFLOW_IDS = ['imochaExample008', 'imochaExample009', 'imochaExample010', 'imochaExample011'];

function option(name, fallback) {
	const index = process.argv.indexOf(`--${name}`);
	return index === -1 ? fallback : process.argv[index + 1];
}

const log = (line) => console.log(`[dev] ${line}`);

function portIsFree(port) {
	return new Promise((resolve) => {
		const probe = net.createServer();
		probe.once('error', () => resolve(false));
		probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
	});
}

/**
 * The credentials the example workflows refer to (by id): iMocha (the sandbox, or iMocha with
 * --real) and the AI Agent example's chat model (the sandbox model, or OpenAI with OPENAI_API_KEY).
 */
function credentialsFor(real, fakeUrl, modelUrl) {
	const [sandbox, sandboxModel, ...others] = sandboxCredentials({ imochaUrl: fakeUrl, modelUrl });
	const chatModel = process.env.OPENAI_API_KEY
		? { ...sandboxModel, name: 'OpenAI', data: { apiKey: process.env.OPENAI_API_KEY, url: 'https://api.openai.com/v1', header: false } }
		: sandboxModel;
	return [real ? realCredential() : sandbox, chatModel, ...others];
}

function realCredential() {
	const apiKey = process.env.IMOCHA_API_KEY;
	if (!apiKey) {
		throw new Error('--real needs your iMocha API key in IMOCHA_API_KEY (iMocha: Settings → Integrations → API Key).');
	}
	return {
		id: CREDENTIAL_ID,
		name: 'iMocha',
		type: 'imochaApi',
		data: {
			apiKey,
			baseUrl: process.env.IMOCHA_BASE_URL || 'https://apiv3.imocha.io',
			skillsIntelligenceBaseUrl: process.env.IMOCHA_SI_BASE_URL || 'https://api.skillsintelligence.imocha.io',
		},
	};
}

async function main() {
	const real = process.argv.includes('--real');
	const started = Date.now();
	const version = option('n8n', DEFAULT_N8N_VERSION);
	log(`Preparing n8n ${version} (the first run installs it and its Node: several minutes, cached for later runs)...`);
	const runtime = await ensureN8n({ version, log: (line) => log(line) });

	log('Building the package...');
	childProcess.execFileSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: 'inherit' });

	let fake;
	let fakeUrl;
	if (!real) {
		fake = createFakeImocha({ apiKey: 'test-key' });
		fakeUrl = await fake.listen(Number(option('fake-port', 8787)));
		log(`Sandbox iMocha API on ${fakeUrl} (API key: test-key)`);
	}
	let model;
	let modelUrl;
	if (!process.env.OPENAI_API_KEY) {
		model = createFakeOpenAi();
		modelUrl = await model.listen(Number(option('model-port', 8788)));
		log(`Sandbox chat model (OpenAI-compatible) on ${modelUrl}`);
	}

	const wanted = Number(option('port', 5678));
	const port = (await portIsFree(wanted)) ? wanted : await freePort();
	const hris = createFakeHris({
		bambooHrWebhookUrl: `http://127.0.0.1:${port}/webhook/bamboohr-employee-changed`,
		hiBobWebhookUrl: `http://127.0.0.1:${port}/webhook/hibob-employee-events`,
	});
	const hrisUrl = await hris.listen(Number(option('hris-port', 8789)));
	log(`Sandbox HRIS (BambooHR, HiBob) on ${hrisUrl}`);
	// A user folder per version: a database migrated by 2.x cannot be opened by 1.x.
	const userFolder = path.join(ROOT, version === DEFAULT_N8N_VERSION ? '.n8n-dev' : `.n8n-dev-${version}`);
	const instance = createInstance({ userFolder, port, runtime, log: (line) => log(line) });

	const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'imocha-dev-'));
	try {
		const credentialsFile = path.join(scratch, 'credentials.json');
		fs.writeFileSync(credentialsFile, JSON.stringify(credentialsFor(real, fakeUrl, modelUrl)));
		await instance.importCredentials(credentialsFile);
		const examples = writeExamples(scratch, { imochaUrl: fakeUrl, n8nUrl: `http://127.0.0.1:${port}`, hrisUrl });
		for (const { file } of examples) await instance.importWorkflow(file);
		for (const id of [CALLBACK_WORKFLOW_ID, MCP_WORKFLOW_ID, ...HRIS_WORKFLOW_IDS]) await instance.activateWorkflow(id);
		log(`Imported the credentials and ${examples.length} example workflows; activated the iMocha Trigger and MCP server examples and the HRIS recipes.`);
	} finally {
		fs.rmSync(scratch, { recursive: true, force: true });
	}

	log('Starting n8n...');
	const server = await instance.start();
	try {
		await instance.setupOwner(server.url);
	} catch {
		// The owner exists already from an earlier run.
	}

	const stop = async () => {
		log('Stopping n8n and the sandbox...');
		await server.stop();
		if (fake) await fake.close();
		if (model) await model.close();
		await hris.close();
		process.exit(0);
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);

	console.log(`
  n8n is ready (${Math.round((Date.now() - started) / 1000)} s): ${server.url}
  Sign in:   ${OWNER.email} / ${OWNER.password}
  Workflows: open "iMocha: HRIS change → move user to another business unit" and click
             "Execute workflow"; the iMocha node moves bob@example.com to Sales.
  iMocha:    ${real ? 'the real API (IMOCHA_API_KEY)' : `sandbox at ${fakeUrl}; what it received: ${fakeUrl}/__fake/requests`}
  Trigger:   run "ATS stage change → invite" (by hand), then finish the candidate's test in the
             sandbox: curl -X POST ${fakeUrl ?? 'http://127.0.0.1:8787'}/__fake/invitations/<testInvitationId>/complete \\
               -H 'content-type: application/json' -d '{"notify": true}'
             The active "test completed" workflow runs; the ATS write-back shows at /__fake/ats.
  AI Agent:  run "AI Agent → move a user and read recent reports"; the chat model is
             ${model ? `the sandbox model at ${modelUrl} (what it received: ${modelUrl}/__fake/requests)` : 'OpenAI (OPENAI_API_KEY)'}.
  MCP:       ${server.url}/mcp/imocha serves the iMocha tools to MCP clients (Streamable HTTP or
             SSE), with the header "Authorization: Bearer ${MCP_SANDBOX_TOKEN}" (docs/ai-agents.md).
  HRIS:      the recipes 08–11 are active (docs/hris.md). BambooHR: change a department and send
             BambooHR's signed event to recipe 08 (the hourly recipes 10/11 see it on their next run):
             curl -X POST ${hrisUrl}/__fake/bamboohr/department -H 'content-type: application/json' \\
               -d '{"id": "102", "department": "Sales"}'
             HiBob (recipe 09): curl -X POST ${hrisUrl}/__fake/hibob/event -H 'content-type: application/json' \\
               -d '{"type": "employee.joined", "employeeId": "3332883884017713001"}'
             (employee.updated 3332883884017713002 moves Hank; 3332883884017713003 is a mover who is
             not an iMocha user yet; employee.left 3332883884017713004 deactivates Ivy.)
  Press Ctrl-C to stop everything.
`);
}

main().catch((error) => {
	console.error(`[dev] ${error.message}`);
	process.exit(1);
});
