'use strict';
// A stand-in for the applicant tracking system the examples write results back to, so the demo
// and the end-to-end suite show the whole flow: POST /__fake/ats/<anything> records the call
// (no key needed), GET /__fake/ats lists what arrived.
const { ok } = require('./util');

const seed = () => ({ atsWrites: [] });

const controls = [
	{
		method: 'POST',
		path: /^\/__fake\/ats(\/.*)?$/,
		handle: ({ state, body, params }) => {
			state.atsWrites.push({ path: params[0] ?? '/', body, at: new Date().toISOString() });
			return ok({ received: true });
		},
	},
	{ method: 'GET', path: /^\/__fake\/ats$/, handle: ({ state }) => ok(state.atsWrites) },
];

module.exports = { seed, routes: [], controls };
