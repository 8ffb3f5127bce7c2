'use strict';
// The fake account a fresh sandbox starts with: a few business units and users.
const DEFAULT_SEED = {
	businessUnits: [
		{ businessUnitId: 1, businessUnitName: 'Default', createdOn: '2023-02-28T04:15:53.103' },
		{ businessUnitId: 42, businessUnitName: 'Engineering', createdOn: '2023-03-01T09:00:00.000' },
		{ businessUnitId: 77, businessUnitName: 'Sales', createdOn: '2023-05-12T11:30:00.000' },
	],
	users: [
		{ email: 'alice@example.com', fullName: 'Alice Example', businessunitId: 1, status: 'Active', role: 'Reviewer' },
		{ email: 'bob@example.com', fullName: 'Bob Example', businessunitId: 42, status: 'Active', role: 'Reviewer' },
		{ email: 'carol@example.com', fullName: 'Carol Example', businessunitId: 77, status: 'Inactive', role: 'Reviewer' },
	],
};

/** A deep copy, so every server (and every reset) starts from the same data. */
function seedState(seed = DEFAULT_SEED) {
	return JSON.parse(JSON.stringify({ ...DEFAULT_SEED, ...seed }));
}

module.exports = { seedState, DEFAULT_SEED };
