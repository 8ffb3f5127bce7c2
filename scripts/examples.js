'use strict';
// The example workflows in examples/ address the sandbox iMocha at http://127.0.0.1:8787 and n8n
// at http://127.0.0.1:5678 (the iMocha Trigger's callback URL). When either runs elsewhere, this
// writes copies with the real addresses, ready for `n8n import:workflow`.
const fs = require('node:fs');
const path = require('node:path');

const EXAMPLES = path.resolve(__dirname, '..', 'examples');
const SANDBOX_URL = 'http://127.0.0.1:8787';
const N8N_URL = 'http://127.0.0.1:5678';

function exampleFiles() {
	return fs
		.readdirSync(EXAMPLES)
		.filter((file) => /^\d+-.*\.json$/.test(file))
		.map((file) => path.join(EXAMPLES, file));
}

/** Copies every example into `dir` with the given addresses; returns [{ file, workflow }]. */
function writeExamples(dir, { imochaUrl = SANDBOX_URL, n8nUrl = N8N_URL } = {}) {
	return exampleFiles().map((source) => {
		const text = fs.readFileSync(source, 'utf8').split(SANDBOX_URL).join(imochaUrl).split(N8N_URL).join(n8nUrl);
		const file = path.join(dir, path.basename(source));
		fs.writeFileSync(file, text);
		return { file, workflow: JSON.parse(text) };
	});
}

module.exports = { exampleFiles, writeExamples, SANDBOX_URL, N8N_URL };
