'use strict';
// Small helpers the route modules share: iMocha's answer shapes and its field checks.

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

const isInt64 = (value) => typeof value === 'number' && Number.isSafeInteger(value);

/** `{"errors": [...]}`: invite, create/update user, GDPR (docs/imocha-api.md §3). */
const errors = (status, ...messages) => ({ status, body: { errors: messages } });

/** `{"result": null, "errors": [...]}`: Retrieve Invites, Process Callbacks. */
const resultErrors = (status, ...messages) => ({ status, body: { result: null, errors: messages } });

/** `{"statusCode": n, "message": "..."}`: cancel invitation, the gateway's 401. */
const statusMessage = (status, message) => ({ status, body: { statusCode: status, message } });

const ok = (body, status = 200) => ({ status, body });

/** Field lookup that ignores case, as iMocha's ASP.NET model binding does (Email / email). */
function field(body, name) {
	if (!body || typeof body !== 'object') return undefined;
	const key = Object.keys(body).find((k) => k.toLowerCase() === name.toLowerCase());
	return key === undefined ? undefined : body[key];
}

module.exports = { EMAIL, isInt64, errors, resultErrors, statusMessage, ok, field };
