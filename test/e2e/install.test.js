'use strict';
// The README's install from a tarball (Installation → Before the package is on npm), word for
// word, in a real n8n: `npm pack`, then `npm install --omit=peer <tarball>` in a fresh
// <user folder>/.n8n/nodes, then n8n started on that user folder as it is (nothing copied in by
// scripts/n8n-runtime.js). n8n must list the three nodes and the credential, and the credential's
// Test must reach the fake iMocha with the installed code.
const { test, before, after, describe } = require('node:test');
const assert = require('node:assert/strict');
const childProcess = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { ensureN8n, createInstance, request, DEFAULT_N8N_VERSION } = require('../../scripts/n8n-runtime');
const { createFakeImocha } = require('../fake-imocha/server');

const N8N = process.env.IMOCHA_N8N_VERSION || DEFAULT_N8N_VERSION;
const ROOT = path.resolve(__dirname, '..', '..');
const PKG = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));

let work;
let nodesDir;
let fake;
let fakeUrl;
let instance;
let server;
let cookie;

/** The environment a user's shell would give npm: none of `npm run`'s own npm_* settings. */
function userNpmEnv() {
	const keep = new Set(['npm_config_registry', 'npm_config_cache', 'npm_config_userconfig', 'npm_config_globalconfig']);
	const env = { ...process.env };
	for (const key of Object.keys(env)) {
		const lower = key.toLowerCase();
		if (lower.startsWith('npm_') && !keep.has(lower) && !lower.includes('proxy')) delete env[key];
	}
	return { ...env, npm_config_update_notifier: 'false' };
}

function npm(args, cwd) {
	return childProcess.execFileSync('npm', args, { cwd, env: userNpmEnv(), encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

before(async () => {
	const runtime = await ensureN8n({ version: N8N, log: (line) => console.log(`[e2e] ${line}`) });
	fake = createFakeImocha({ apiKey: 'test-key' });
	fakeUrl = await fake.listen();
	work = fs.mkdtempSync(path.join(os.tmpdir(), 'imocha-install-e2e-'));

	// README: `npm pack` in a built checkout (or the tarball from a GitHub release)…
	const tarball = path.join(work, npm(['pack', '--silent', '--pack-destination', work], ROOT).trim().split('\n').pop());
	// …then, in ~/.n8n/nodes: `npm install --omit=peer <tarball>`, and (re)start n8n.
	const home = path.join(work, 'home');
	nodesDir = path.join(home, '.n8n', 'nodes');
	fs.mkdirSync(nodesDir, { recursive: true });
	npm(['install', '--omit=peer', tarball], nodesDir);

	instance = createInstance({ runtime, userFolder: home, packageDir: null });
	server = await instance.start();
	cookie = await instance.setupOwner(server.url);
}, { timeout: 600_000 });

after(async () => {
	await server?.stop();
	await fake?.close();
	if (work) fs.rmSync(work, { recursive: true, force: true });
});

describe(`n8n ${N8N}: the package installed from its tarball with npm, as the README says`, () => {
	test('npm put the package, and only it, in the nodes folder', () => {
		const installed = JSON.parse(fs.readFileSync(path.join(nodesDir, 'node_modules', PKG.name, 'package.json'), 'utf8'));
		assert.equal(installed.version, PKG.version);
		assert.ok(fs.existsSync(path.join(nodesDir, 'node_modules', PKG.name, 'index.js')));
		// --omit=peer: n8n provides n8n-workflow; a second copy (and its native isolated-vm) stays out.
		assert.deepEqual(fs.readdirSync(path.join(nodesDir, 'node_modules')).filter((name) => !name.startsWith('.')), [PKG.name]);
	});

	test('n8n lists the three nodes and the credential', async () => {
		const nodes = JSON.parse((await request(`${server.url}/types/nodes.json`, { headers: { cookie } })).text);
		const ours = nodes.filter((node) => node.name.startsWith(`${PKG.name}.`)).map((node) => node.name);
		for (const name of ['imocha', 'imochaTrigger', 'imochaPollTrigger']) {
			assert.ok(ours.includes(`${PKG.name}.${name}`), `${PKG.name}.${name} missing (got ${ours.join(', ')})`);
		}
		const credentials = JSON.parse((await request(`${server.url}/types/credentials.json`, { headers: { cookie } })).text);
		assert.ok(credentials.some((credential) => credential.name === 'imochaApi'));
	});

	test("the credential's Test runs the installed code against iMocha", async () => {
		// A saved credential (n8n tests only credentials the user can read), created through the REST API.
		const data = { apiKey: 'test-key', baseUrl: fakeUrl, skillsIntelligenceBaseUrl: fakeUrl };
		const created = await request(`${server.url}/rest/credentials`, {
			method: 'POST',
			headers: { cookie },
			body: { name: 'iMocha (install e2e)', type: 'imochaApi', data },
		});
		assert.equal(created.status, 200, created.text);
		const { id } = JSON.parse(created.text).data;
		const testCredential = async () => {
			const res = await request(`${server.url}/rest/credentials/test`, {
				method: 'POST',
				headers: { cookie },
				body: { credentials: { id, name: 'iMocha (install e2e)', type: 'imochaApi', data } },
			});
			assert.equal(res.status, 200, res.text);
			return JSON.parse(res.text).data;
		};
		fake.reset();
		assert.deepEqual(await testCredential(), { status: 'OK', message: 'Connection successful!' });
		const seen = fake.requests.filter((r) => r.path === '/v3/accounts/business-units');
		assert.equal(seen.length, 1);
		assert.equal(seen[0].headers['x-api-key'], 'test-key');
	});
});
