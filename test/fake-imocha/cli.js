#!/usr/bin/env node
'use strict';
// Runs the fake iMocha API standalone: node test/fake-imocha/cli.js [--port 8787] [--api-key test-key]
const { createFakeImocha } = require('./server');

const args = process.argv.slice(2);
const option = (name, fallback) => {
	const index = args.indexOf(`--${name}`);
	return index === -1 ? fallback : args[index + 1];
};

const fake = createFakeImocha({ apiKey: option('api-key', 'test-key') });
fake.listen(Number(option('port', 8787))).then((url) => {
	console.log(`Fake iMocha API listening on ${url} (x-api-key: ${fake.apiKey})`);
});
const stop = () => fake.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
