'use strict';
// The floor for the paging benchmark: fetch every report page from the fake in a plain loop, the
// way a hand-written script would (PageNo/PageSize 50, until hasNextPage is false).
// Usage: node scripts/bench-paging-loop.js <fakeUrl> [runs]; prints {time, count, peakRss} as JSON.
const http = require('node:http');

const [fakeUrl, runsArg] = process.argv.slice(2);
const agent = new http.Agent({ keepAlive: true });

function getJson(url) {
	return new Promise((resolve, reject) => {
		http
			.get(url, { agent, headers: { 'x-api-key': 'test-key' } }, (res) => {
				let text = '';
				res.on('data', (chunk) => (text += chunk));
				res.on('end', () => (res.statusCode === 200 ? resolve(JSON.parse(text)) : reject(new Error(`${res.statusCode} ${text}`))));
			})
			.on('error', reject);
	});
}

async function fetchAll() {
	const records = [];
	for (let page = 1; ; page++) {
		const body = await getJson(`${fakeUrl}/v3/reports?PageNo=${page}&PageSize=50&startDate=2020-01-01T00:00:00Z&endDate=2030-01-01T00:00:00Z`);
		records.push(...body.reports);
		if (!body.hasNextPage) return records;
	}
}

(async () => {
	const times = [];
	let count = 0;
	for (let run = 0; run < Number(runsArg || 3); run++) {
		const started = process.hrtime.bigint();
		count = (await fetchAll()).length;
		times.push(Number(process.hrtime.bigint() - started) / 1e6);
	}
	times.sort((a, b) => a - b);
	agent.destroy();
	console.log(JSON.stringify({ time: times[Math.floor(times.length / 2)], count, peakRss: process.resourceUsage().maxRSS * 1024 }));
})();
