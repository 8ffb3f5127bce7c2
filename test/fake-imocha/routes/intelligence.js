'use strict';
// Skills Intelligence API ("SkillUp", docs/imocha-api.md §8): employees, skills profiles, taxonomy,
// certificates (an employee's, and the account's catalogue).
// It lives on its own host in production; its paths have no /v3 prefix, so the one fake server
// serves both hosts. Lists page with pageNumber/pageSize (≤ 100; names case-insensitive) and
// answer {items, pageNumber, totalPages, totalCount, hasPreviousPage, hasNextPage}.
//
// Besides the employees stored by upsert, the fake serves `employeeCount` generated employees
// and `taxonomyCount` generated taxonomy skills (deterministic, computed on demand), so a test
// can page through as many as it needs:
//   createFakeImocha({ seed: { employeeCount: 7, taxonomyCount: 0 } })
// Likewise `certificateCount` generated catalogue certificates (GET /certificates), before the ones
// created with POST /certificates/create.
const { EMAIL, errors, ok } = require('./util');

const MAX_PAGE_SIZE = 100; // [confirmed-3p] FSA
const DEFAULT_PAGE_SIZE = 10; // [inferred] not documented
const FIRST_GENERATED_EMPLOYEE_ID = 1001;
/** Generated record i was last modified i hours before this instant (fixed, so filters are testable). */
const GENERATED_UNTIL = Date.parse('2025-06-01T00:00:00Z');
const HOUR = 3600000;

const seed = () => ({
	/** Employees created or changed by POST /employees/upsert (a generated one is copied here when changed). */
	employees: [],
	/** How many generated employees the lists serve in addition to the stored ones. */
	employeeCount: 230,
	/** How many generated taxonomy skills GET /taxonomy serves. */
	taxonomyCount: 250,
	/** How many generated catalogue certificates GET /certificates serves before the created ones. */
	certificateCount: 130,
	/** Catalogue certificates created by POST /certificates/create. */
	certificates: [],
	/** What POST /employees/{externalEmployeeId}/certificates received: {externalEmployeeId, certificates}. */
	employeeCertificates: [],
});

const SKILLS = ['JavaScript', 'SQL', 'Python', 'Negotiation', 'Azure', 'Data Analysis', 'Java', 'Communication'];
const CLASSIFICATIONS = [
	{ classificationId: 1, classificationName: 'Technical Skill' },
	{ classificationId: 2, classificationName: 'Tool' },
	{ classificationId: 3, classificationName: 'Soft Skill' },
];

const modifiedOn = (i) => new Date(GENERATED_UNTIL - i * HOUR).toISOString();

function skillEntry(i, k) {
	const s = (i + k * 3) % SKILLS.length;
	return {
		skill: {
			skillId: s + 1,
			skillName: SKILLS[s],
			taxonomySkillExternalId: `TX-${s + 1}`,
			modifiedOn: modifiedOn(i),
			skillClassification: CLASSIFICATIONS[s % CLASSIFICATIONS.length],
		},
		selfValidationScore: (i + k) % 5,
		iMochaValidationScore: (i * 7 + k) % 100,
		managerValidationScore: (i + 2 * k) % 5,
		weightedProficiencyScore: ((i * 13 + k * 17) % 100) / 10,
		multiRaterValidationScore: (i + k) % 4,
		weightedAIInferenceScore: ((i * 3 + k) % 50) / 10,
		experienceInMonths: (i * 5 + k) % 120,
		aiInferredRatings: [],
		isJobProfileSkill: k === 0,
		skillPriorirty: k + 1, // sic: spelled like this in the source (docs/imocha-api.md §8)
		skillRequiredProficiency: 4,
		skillGapInPercentage: (i * 11 + k * 7) % 100,
	};
}

/** Generated employee number i (1-based). */
function generatedEmployee(i) {
	const number = String(i).padStart(4, '0');
	return {
		employeeId: FIRST_GENERATED_EMPLOYEE_ID + i - 1,
		externalEmployeeId: `EMP-${number}`,
		email: `employee${number}@example.com`,
		firstName: 'Employee',
		lastName: number,
		fullName: `Employee ${number}`,
		status: 'Active',
		modifiedOn: modifiedOn(i),
		skills: Array.from({ length: 1 + (i % 3) }, (_, k) => skillEntry(i, k)),
	};
}

/** Every employee: the generated ones (or their stored copies), then the ones created by upsert. */
function allEmployees(state) {
	const stored = new Map(state.employees.map((e) => [e.employeeId, e]));
	const generated = Array.from({ length: state.employeeCount }, (_, k) => {
		const employee = generatedEmployee(k + 1);
		return stored.get(employee.employeeId) ?? employee;
	});
	const lastGenerated = FIRST_GENERATED_EMPLOYEE_ID + state.employeeCount;
	return [...generated, ...state.employees.filter((e) => e.employeeId >= lastGenerated)];
}

const skillsProfile = (employee) => ({
	employeeId: employee.employeeId,
	externalEmployeeId: employee.externalEmployeeId,
	email: employee.email,
	fullName: employee.fullName,
	skills: employee.skills,
});

function taxonomySkill(i) {
	const s = (i - 1) % SKILLS.length;
	return {
		taxonomySkillId: i,
		externalId: `TX-${i}`,
		domain: { id: 1 + (i % 4), name: ['Technology', 'Business', 'Data', 'People'][i % 4] },
		subdomain: { id: 10 + (i % 7), name: `Subdomain ${10 + (i % 7)}` },
		skillCluster: { id: 100 + (i % 11), name: `Cluster ${100 + (i % 11)}` },
		skillClassification: CLASSIFICATIONS[i % CLASSIFICATIONS.length],
		skill: { id: i, name: `${SKILLS[s]} ${i}`, description: `Ability ${i} in ${SKILLS[s]}` },
		displayName: `${SKILLS[s]} ${i}`,
		description: `Taxonomy skill ${i}`,
		isCritical: i % 5 === 0,
		taxonomySkillTags: [],
		skillRubrics: null,
	};
}

/** Query parameter lookup ignoring case, as ASP.NET binds them (pageNumber / PageNumber). */
function param(query, name) {
	const key = Object.keys(query).find((k) => k.toLowerCase() === name.toLowerCase());
	return key === undefined ? undefined : query[key];
}

/** Reads and checks pageNumber/pageSize; returns {pageNumber, pageSize} or an error answer. */
function pageRequest(query) {
	const number = param(query, 'pageNumber');
	const size = param(query, 'pageSize');
	const pageNumber = number === undefined ? 1 : Number(number);
	const pageSize = size === undefined ? DEFAULT_PAGE_SIZE : Number(size);
	if (!Number.isInteger(pageNumber) || pageNumber < 1) return { error: errors(400, 'PageNumber must be 1 or greater') };
	if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
		return { error: errors(400, `PageSize must be between 1 and ${MAX_PAGE_SIZE}`) };
	}
	return { pageNumber, pageSize };
}

/** One page of `records` in the Skills Intelligence envelope. */
function envelope(records, { pageNumber, pageSize }) {
	const totalCount = records.length;
	const totalPages = Math.ceil(totalCount / pageSize);
	return ok({
		items: records.slice((pageNumber - 1) * pageSize, pageNumber * pageSize),
		pageNumber,
		totalPages,
		totalCount,
		hasPreviousPage: pageNumber > 1,
		hasNextPage: pageNumber < totalPages,
	});
}

const matches = (search, ...texts) => !search || texts.some((t) => String(t).toLowerCase().includes(search.toLowerCase()));

/**
 * A paged list with a "modified since" filter (ISO 8601) and a search text.
 * `list()` gives [record, modifiedOn, texts to search][]; `show` turns a record into what iMocha answers.
 */
function pagedList({ modifiedSince, search, list, show }) {
	return ({ state, query }) => {
		const page = pageRequest(query);
		if (page.error) return page.error;
		const sinceText = param(query, modifiedSince);
		const since = sinceText === undefined || sinceText === '' ? undefined : Date.parse(sinceText);
		if (Number.isNaN(since)) return errors(400, `'${modifiedSince}' must be an ISO 8601 date, e.g. 2020-06-11T16:00:00Z`);
		const text = param(query, search);
		const records = list(state)
			.filter(([, changed, texts]) => (since === undefined || Date.parse(changed) >= since) && matches(text, ...texts))
			.map(([record]) => show(record));
		return envelope(records, page);
	};
}

/** Generated catalogue certificate i: every 4th is inactive (certificateStatus 0 [inferred]); 1–3 skills each. */
function generatedCertificate(i) {
	return {
		certificateId: 5000 + i,
		title: `Certificate ${i}`,
		issuer: ['Example Academy', 'Cloud Vendor', 'Data Institute'][i % 3],
		certificateStatus: i % 4 === 0 ? 0 : 1,
		skills: Array.from({ length: 1 + (i % 3) }, (_, k) => {
			const t = taxonomySkill(1 + ((i + k * 7) % 250));
			return { taxonomySkillId: t.taxonomySkillId, skillName: t.displayName, description: t.description, explanation: null, proficiency: 3 };
		}),
	};
}

/** A query flag as ASP.NET binds a bool: true/false in any case; anything else is a 400. */
function flag(query, name, fallback) {
	const value = param(query, name);
	if (value === undefined) return { value: fallback };
	if (/^(true|false)$/i.test(value)) return { value: value.toLowerCase() === 'true' };
	return { error: errors(400, `The value '${value}' is not valid for ${name}.`) };
}

function listCertificates(state, query) {
	const page = pageRequest(query);
	if (page.error) return page.error;
	const includeSkills = flag(query, 'IncludeSkills', false);
	if (includeSkills.error) return includeSkills.error;
	const activeOnly = flag(query, 'activeOnly', true);
	if (activeOnly.error) return activeOnly.error;
	const all = [...Array.from({ length: state.certificateCount }, (_, k) => generatedCertificate(k + 1)), ...state.certificates];
	const shown = all
		.filter((c) => !activeOnly.value || c.certificateStatus === 1)
		.map(({ skills, ...rest }) => (includeSkills.value ? { ...rest, skills } : rest));
	return envelope(shown, page);
}

const CERTIFICATE_TEXT = { issuer: 'issuer', validTill: 'validTill', licenseNumber: 'licenseNumber' };

/** POST /employees/{externalEmployeeId}/certificates: an array of certificates; 201, processed later. */
function addCertificates(state, externalEmployeeId, body) {
	if (!Array.isArray(body)) return errors(400, 'The request body must be a JSON array of certificates');
	if (body.length === 0) return errors(400, 'At least one certificate is required');
	for (const [index, certificate] of body.entries()) {
		if (!certificate || typeof certificate !== 'object' || Array.isArray(certificate)) return errors(400, `[${index}] must be an object`);
		if (typeof certificate.title !== 'string' || !certificate.title.trim()) return errors(400, `[${index}].title is required`);
		if (typeof certificate.isStandardCertificate !== 'boolean') return errors(400, `[${index}].isStandardCertificate must be true or false`);
		for (const name of Object.keys(CERTIFICATE_TEXT)) {
			if (certificate[name] !== undefined && certificate[name] !== null && typeof certificate[name] !== 'string') {
				return errors(400, `[${index}].${name} must be a string`);
			}
		}
		if (typeof certificate.validTill === 'string' && Number.isNaN(Date.parse(certificate.validTill))) {
			return errors(400, `[${index}].validTill must be a date`);
		}
	}
	// [inferred] An unknown external id is a 404; the public pages do not say.
	const id = decodeURIComponent(externalEmployeeId);
	if (!allEmployees(state).some((e) => e.externalEmployeeId === id)) return errors(404, `Employee ${id} not found`);
	state.employeeCertificates.push({ externalEmployeeId: id, certificates: body });
	// [confirmed-3p] 201; the body is not documented: the fake sends none.
	return { status: 201, body: undefined };
}

/** POST /certificates/create: title, certificateIssuer, skills [{taxonomySkillId}], all required; 200 with the same fields. */
function createCertificate(state, body) {
	if (!body || typeof body !== 'object' || Array.isArray(body)) return errors(400, 'The request body must be a JSON object');
	const { title, certificateIssuer, skills } = body;
	if (typeof title !== 'string' || !title.trim()) return errors(400, 'title is required');
	if (typeof certificateIssuer !== 'string' || !certificateIssuer.trim()) return errors(400, 'certificateIssuer is required');
	if (!Array.isArray(skills) || skills.length === 0) return errors(400, 'skills is required');
	for (const skill of skills) {
		const id = skill?.taxonomySkillId;
		if (!Number.isSafeInteger(id) || id < 1 || id > state.taxonomyCount) return errors(400, `Taxonomy skill ${JSON.stringify(id)} not found`);
	}
	const created = {
		certificateId: 5000 + state.certificateCount + state.certificates.length + 1,
		title,
		issuer: certificateIssuer,
		certificateStatus: 1,
		skills: skills.map(({ taxonomySkillId }) => {
			const t = taxonomySkill(taxonomySkillId);
			return { taxonomySkillId, skillName: t.displayName, description: t.description, explanation: null, proficiency: 3 };
		}),
	};
	state.certificates.push(created);
	// [confirmed-3p] The answer echoes the fields; its schema has no id.
	return ok({ title, certificateIssuer, skills: skills.map(({ taxonomySkillId }) => ({ taxonomySkillId })) });
}

const UPSERT_FIELDS = { firstName: 'string', lastName: 'string', fullName: 'string', jobProfile: 'string', jobCode: 'string' };

function upsert(state, body) {
	if (!body || typeof body !== 'object' || Array.isArray(body)) return errors(400, 'The request body must be a JSON object');
	const { externalEmployeeId, email, status } = body;
	if (typeof externalEmployeeId !== 'string' || !externalEmployeeId.trim()) return errors(400, 'externalEmployeeId is required');
	if (typeof email !== 'string' || !EMAIL.test(email)) return errors(400, 'A valid email is required');
	if (status !== undefined && status !== 'Active' && status !== 'Inactive') return errors(400, 'status must be Active or Inactive');
	for (const [name, type] of Object.entries(UPSERT_FIELDS)) {
		if (body[name] !== undefined && typeof body[name] !== type) return errors(400, `'${name}' must be a ${type}`);
	}
	const employees = allEmployees(state);
	const sameId = employees.find((e) => e.externalEmployeeId === externalEmployeeId);
	const sameEmail = employees.find((e) => e.email.toLowerCase() === email.toLowerCase());
	// Matched on externalEmployeeId and email [confirmed]; a half match is refused [inferred].
	if (sameId !== sameEmail) {
		return errors(400, `externalEmployeeId ${externalEmployeeId} and email ${email} belong to different employees`);
	}
	const employee = sameId
		? { ...sameId, ...body }
		: { employeeId: FIRST_GENERATED_EMPLOYEE_ID + state.employeeCount + state.employees.length, status: 'Active', skills: [], ...body };
	if (body.fullName === undefined && (body.firstName !== undefined || body.lastName !== undefined || !employee.fullName)) {
		employee.fullName = [employee.firstName, employee.lastName].filter(Boolean).join(' ') || employee.email;
	}
	employee.modifiedOn = new Date().toISOString();
	state.employees = [...state.employees.filter((e) => e.employeeId !== employee.employeeId), employee];
	const { skills: _skills, modifiedOn: _modifiedOn, ...answer } = employee;
	return ok({ ...answer, isNew: !sameId });
}

const routes = [
	{
		method: 'POST',
		path: /^\/employees\/([^/]+)\/certificates$/,
		handle: ({ state, body, params: [id] }) => addCertificates(state, id, body),
	},
	{
		method: 'GET',
		path: /^\/certificates$/,
		handle: ({ state, query }) => listCertificates(state, query),
	},
	{
		method: 'POST',
		path: /^\/certificates\/create$/,
		handle: ({ state, body }) => createCertificate(state, body),
	},
	{
		method: 'POST',
		path: /^\/employees\/upsert$/,
		handle: ({ state, body }) => upsert(state, body),
	},
	{
		method: 'GET',
		path: /^\/employees\/skills-profile$/,
		handle: pagedList({
			modifiedSince: 'SkillProfileModifiedSince',
			search: 'searchText',
			list: (state) => allEmployees(state).map((e) => [e, e.modifiedOn, [e.fullName, e.email, e.externalEmployeeId]]),
			show: skillsProfile,
		}),
	},
	{
		method: 'GET',
		path: /^\/employees\/([^/]+)\/skills-profile$/,
		handle: ({ state, params: [id] }) => {
			const employee = allEmployees(state).find((e) => String(e.employeeId) === id);
			if (!employee) return errors(404, `Employee ${id} not found`);
			// [confirmed] The docs label this answer text/plain; its body is JSON.
			return { status: 200, body: JSON.stringify(skillsProfile(employee)), headers: { 'content-type': 'text/plain; charset=utf-8' } };
		},
	},
	{
		method: 'GET',
		path: /^\/taxonomy$/,
		handle: pagedList({
			modifiedSince: 'LastModifiedOn',
			search: 'SearchText',
			list: (state) =>
				Array.from({ length: state.taxonomyCount }, (_, k) => taxonomySkill(k + 1)).map((t) => [
					t,
					modifiedOn(t.taxonomySkillId),
					[t.displayName, t.externalId],
				]),
			show: (t) => t,
		}),
	},
];

module.exports = { seed, routes };
