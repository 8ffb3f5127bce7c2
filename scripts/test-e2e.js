#!/usr/bin/env node
// `npm run test:e2e`: the end-to-end suite (test/e2e/) once per tested n8n version, one after the
// other, each against its own cached runtime (installed on first use, see scripts/n8n-runtime.js).
//
//   npm run test:e2e                         every tested version (2.41.1, 1.123.81)
//   npm run test:e2e -- --n8n 1.123.81       only that one (repeatable)
//
// Exits non-zero if any version's run fails; the summary says which.
'use strict';

const childProcess = require('node:child_process');
const path = require('node:path');
const { N8N_VERSIONS, ensureN8n } = require('./n8n-runtime');

const ROOT = path.resolve(__dirname, '..');

function wantedVersions(argv) {
	const versions = [];
	for (let i = 0; i < argv.length; i++) {
		if (argv[i] === '--n8n') versions.push(argv[++i]);
		else if (argv[i].startsWith('--n8n=')) versions.push(argv[i].slice('--n8n='.length));
		else throw new Error(`unknown argument ${argv[i]} (usage: --n8n <version>, repeatable)`);
	}
	for (const version of versions) {
		if (!N8N_VERSIONS.includes(version)) throw new Error(`n8n ${version} is not tested (${N8N_VERSIONS.join(', ')})`);
	}
	return versions.length ? versions : N8N_VERSIONS;
}

function runSuite(version) {
	return new Promise((resolve) => {
		const child = childProcess.spawn(
			process.execPath,
			['--test', '--test-concurrency=1', 'test/e2e/'],
			{ cwd: ROOT, stdio: 'inherit', env: { ...process.env, IMOCHA_N8N_VERSION: version } },
		);
		child.on('exit', (code, signal) => resolve(code === 0 ? 0 : code ?? (signal ? 1 : 0)));
	});
}

async function main() {
	const versions = wantedVersions(process.argv.slice(2));
	const results = [];
	for (const version of versions) {
		const started = Date.now();
		console.log(`\n[e2e] ===== n8n ${version} =====`);
		// Installed here rather than inside the suite, so an install's duration does not count
		// against the suite's hooks.
		await ensureN8n({ version, log: (line) => console.log(`[e2e] ${line}`) });
		const code = await runSuite(version);
		results.push({ version, code, seconds: Math.round((Date.now() - started) / 1000) });
	}
	console.log('\n[e2e] summary');
	for (const { version, code, seconds } of results) {
		console.log(`[e2e]   n8n ${version.padEnd(9)} ${code === 0 ? 'passed' : 'FAILED'} (${seconds} s)`);
	}
	process.exit(results.every((r) => r.code === 0) ? 0 : 1);
}

main().catch((error) => {
	console.error(`[e2e] ${error.message}`);
	process.exit(1);
});
