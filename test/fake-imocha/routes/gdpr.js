'use strict';
// GDPR data masking (docs/imocha-api.md §6.17). iMocha accepts the request and masks asynchronously;
// the fake masks at once, so a test can see the effect in invitations and reports.
const { EMAIL, isInt64, errors, ok, field } = require('./util');

const seed = () => ({ gdprRequests: [] });

const routes = [
	{
		method: 'POST',
		path: /^\/v3\/gdpr\/requests$/,
		handle: ({ state, body }) => {
			const email = field(body, 'CandidateEmail');
			const invitationId = field(body, 'testinvitationId');
			if (typeof email !== 'string' || !EMAIL.test(email)) return errors(400, "'CandidateEmail' is not a valid email address.");
			if (invitationId !== undefined && invitationId !== null && !isInt64(invitationId)) {
				return errors(400, "'testinvitationId' must be an integer.");
			}
			const records = state.invitations.filter(
				(i) =>
					i.email.toLowerCase() === email.toLowerCase() &&
					(invitationId === undefined || invitationId === null || i.testInvitationId === invitationId),
			);
			if (!records.length) return errors(400, `No records found for given Email address: ${email}`);
			for (const record of records) {
				record.email = `masked-${record.testInvitationId}@masked.invalid`;
				record.name = 'Masked Candidate';
			}
			state.gdprRequests.push({ email, testinvitationId: invitationId ?? null, masked: records.map((r) => r.testInvitationId) });
			return ok({ result: 'Request accepted for processing' });
		},
	},
];

module.exports = { seed, routes };
