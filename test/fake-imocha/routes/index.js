'use strict';
// Every part of the fake iMocha API. Each module exports `routes` ({method, path: RegExp, handle}),
// `seed()` (its part of the starting state), and optionally `controls` (routes under /__fake/) and
// `methods(fake)` (helpers on the fake object). Add a module here to grow the fake.
module.exports = [
	require('./users'),
	require('./intelligence'),
	require('./tests'),
	require('./reports'),
	require('./invitations'),
	require('./callbacks'),
	require('./gdpr'),
	require('./ats'),
];
