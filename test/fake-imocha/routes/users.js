'use strict';
// Users and business units (docs/imocha-api.md §6.18).
const { EMAIL, isInt64, errors, ok, field } = require('./util');

const seed = () => ({
	businessUnits: [
		{ businessUnitId: 1, businessUnitName: 'Default', createdOn: '2023-02-28T04:15:53.103' },
		{ businessUnitId: 42, businessUnitName: 'Engineering', createdOn: '2023-03-01T09:00:00.000' },
		{ businessUnitId: 77, businessUnitName: 'Sales', createdOn: '2023-05-12T11:30:00.000' },
	],
	users: [
		{ email: 'alice@example.com', fullName: 'Alice Example', businessunitId: 1, status: 'Active', role: 'Reviewer' },
		{ email: 'bob@example.com', fullName: 'Bob Example', businessunitId: 42, status: 'Active', role: 'Reviewer' },
		{ email: 'carol@example.com', fullName: 'Carol Example', businessunitId: 77, status: 'Inactive', role: 'Reviewer' },
		// The HRIS recipes' webhook people (test/fake-hris): Hank moves, Ivy leaves, Jo changes department.
		{ email: 'hank@example.com', fullName: 'Hank Example', businessunitId: 42, status: 'Active', role: 'Reviewer' },
		{ email: 'ivy@example.com', fullName: 'Ivy Example', businessunitId: 77, status: 'Active', role: 'Reviewer' },
		{ email: 'jo@example.com', fullName: 'Jo Example', businessunitId: 42, status: 'Active', role: 'Reviewer' },
	],
});

const publicUser = (user) => ({
	email: user.email,
	fullName: user.fullName,
	businessunitId: user.businessunitId,
	status: user.status,
});

const findUser = (state, email) => state.users.find((u) => u.email.toLowerCase() === email.toLowerCase());
const knownUnit = (state, id) => isInt64(id) && state.businessUnits.some((u) => u.businessUnitId === id);
const INVALID_UNIT = 'The provided BusinessUnitId is invalid or not associated with your account.';

const routes = [
	{
		method: 'GET',
		path: /^\/v3\/accounts\/business-units$/,
		handle: ({ state }) =>
			ok({ businessUnits: state.businessUnits.map((unit) => ({ ...unit })), count: state.businessUnits.length }),
	},
	{
		method: 'POST',
		path: /^\/v3\/accounts\/user\/create$/,
		handle: ({ state, body }) => {
			const email = field(body, 'email');
			const fullName = field(body, 'fullName');
			const unitId = field(body, 'businessunitId');
			if (typeof email !== 'string' || !EMAIL.test(email)) return errors(400, 'Email address is in invalid format');
			if (typeof fullName !== 'string' || !fullName.trim()) return errors(400, 'FullName is required');
			if (unitId !== undefined && !knownUnit(state, unitId)) return errors(400, INVALID_UNIT);
			// [inferred] iMocha's answer for an email that is already a user is not documented (§6.18
			// lists only the invalid-format 400): the fake uses the endpoint's 400 {"errors": [...]}
			// shape with a message saying so, which is what User → Create's "If the User Already
			// Exists: Continue" recognizes (docs/operations.md).
			if (findUser(state, email)) return errors(400, 'User with this email address already exists');
			const businessunitId = unitId ?? state.businessUnits[0].businessUnitId;
			state.users.push({ email, fullName, businessunitId, status: 'Active', role: 'Reviewer' });
			return ok({ email, fullName, businessunitId });
		},
	},
	{
		method: 'POST',
		path: /^\/v3\/accounts\/user\/update$/,
		handle: ({ state, body }) => {
			const email = field(body, 'email');
			const unitId = field(body, 'businessunitId');
			if (typeof email !== 'string' || !EMAIL.test(email)) return errors(400, 'A Valid Email address is required');
			if (!knownUnit(state, unitId)) return errors(400, INVALID_UNIT);
			const user = findUser(state, email);
			// [inferred] iMocha's answer for an unknown user is not documented; the fake uses its 400 shape.
			if (!user) return errors(400, `No user found with email address ${email}`);
			user.businessunitId = unitId;
			return ok(publicUser(user));
		},
	},
	{
		method: 'POST',
		path: /^\/v3\/accounts\/user\/status$/,
		handle: ({ state, body }) => {
			const email = field(body, 'email');
			const status = field(body, 'status');
			if (typeof email !== 'string' || !EMAIL.test(email)) return errors(400, 'A Valid Email address is required');
			if (status !== 'Active' && status !== 'Inactive') return errors(400, 'Status must be Active or Inactive');
			const user = findUser(state, email);
			if (!user) return errors(400, `No user found with email address ${email}`);
			user.status = status;
			return ok(publicUser(user));
		},
	},
];

module.exports = { seed, routes };
