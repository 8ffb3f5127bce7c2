'use strict';
// Candidate reports (docs/imocha-api.md §6.12–6.14). A report exists once an invitation is finished
// (Complete, Test Left or Terminated); it is derived from the invitation, so a GDPR mask shows in
// it. Besides those, the fake serves `reportCount` generated reports (computed on demand, never
// stored), so a test or a benchmark can page through 20,000 of them:
//   createFakeImocha({ seed: { reportCount: 20000, reportSpacingMinutes: 0.25 } })
const { errors, statusMessage, ok } = require('./util');
const { findTest } = require('./tests');
const { minimalPdf } = require('./pdf');

const MAX_PAGE_SIZE = 50; // [confirmed-3p] FSA caps PageSize at 50; the fake refuses more.
const DEFAULT_WINDOW_DAYS = 7; // iMocha's default when no dates are sent.
const GENERATED_ID_BASE = 9000000;
const MINUTE = 60000;

const FINISHED = ['Complete', 'Test Left', 'Terminated'];

const seed = () => ({
	/** How many generated reports GET /v3/reports serves in addition to the stored ones. */
	reportCount: 120,
	/** Generated report i completed (i + 1) × this many minutes before reportsGeneratedUntil. */
	reportSpacingMinutes: 60,
	reportsGeneratedUntil: new Date().toISOString(),
});

const SECTIONS = ['Core concepts', 'Problem solving', 'Communication'];

/** A deterministic report for one finished invitation; `n` varies the scores. */
function buildReport(state, invitation, completedOn, n) {
	const test = findTest(state, invitation.testId);
	const sections = SECTIONS.map((sectionName, i) => {
		const noOfQue = 10;
		const correct = (n + i * 3) % (noOfQue + 1);
		return {
			sectionId: invitation.testId * 10 + i,
			sectionName,
			noOfQue,
			sectionTime: 20,
			sectionTimeTaken: 600 + ((n * 7 + i * 60) % 600),
			candidateScore: correct,
			sectionScore: noOfQue,
			correctQuestions: correct,
			wrongQuestions: noOfQue - correct,
		};
	});
	const candidatePoints = sections.reduce((sum, s) => sum + s.candidateScore, 0);
	const totalTestPoints = sections.reduce((sum, s) => sum + s.sectionScore, 0);
	const scorePercentage = Math.round((candidatePoints / totalTestPoints) * 10000) / 100;
	const status = invitation.status === 'Test Left' ? 'TestLeft' : invitation.status;
	return {
		testInvitationId: invitation.testInvitationId,
		testId: invitation.testId,
		testName: test?.testName ?? `Test ${invitation.testId}`,
		testDuration: test?.duration ?? 60,
		candidateFullName: invitation.name,
		candidateEmail: invitation.email,
		status,
		appearedOn: new Date(Date.parse(completedOn) - 45 * MINUTE).toISOString(),
		completedOn,
		candidatePoints,
		totalTestPoints,
		scorePercentage,
		timeTaken: sections.reduce((sum, s) => sum + s.sectionTimeTaken, 0),
		performanceCategory: scorePercentage >= 70 ? 'Passed' : scorePercentage >= 40 ? 'Beginner' : 'Failed',
		pdfReportUrl: `https://app.imocha.io/PDFReport?id=${invitation.testInvitationId}`,
		sections,
	};
}

/** The reports of finished invitations, newest first. */
const invitationReports = (state) =>
	state.invitations
		.filter((i) => FINISHED.includes(i.status))
		.sort((a, b) => Date.parse(b.stateChangedOn) - Date.parse(a.stateChangedOn))
		.map((i) => buildReport(state, i, i.stateChangedOn, i.testInvitationId));

const generatedAt = (state, i) => Date.parse(state.reportsGeneratedUntil) - (i + 1) * state.reportSpacingMinutes * MINUTE;

function generatedReport(state, i) {
	const tests = state.tests;
	const invitation = {
		testInvitationId: GENERATED_ID_BASE + i,
		testId: tests[i % tests.length].testId,
		name: `Candidate ${i + 1}`,
		email: `candidate${i + 1}@example.com`,
		status: i % 10 === 9 ? 'Test Left' : 'Complete',
	};
	return buildReport(state, invitation, new Date(generatedAt(state, i)).toISOString(), i);
}

function findReport(state, testInvitationId) {
	const invitation = state.invitations.find((i) => i.testInvitationId === testInvitationId);
	if (invitation) {
		return FINISHED.includes(invitation.status)
			? buildReport(state, invitation, invitation.stateChangedOn, testInvitationId)
			: undefined;
	}
	const i = testInvitationId - GENERATED_ID_BASE;
	return i >= 0 && i < state.reportCount ? generatedReport(state, i) : undefined;
}

/** The generated reports completed inside [from, to]: a contiguous index range, found arithmetically. */
function generatedRange(state, from, to) {
	const spacing = state.reportSpacingMinutes * MINUTE;
	const until = Date.parse(state.reportsGeneratedUntil);
	const first = Math.max(0, Math.ceil((until - to) / spacing) - 1);
	const last = Math.min(state.reportCount - 1, Math.floor((until - from) / spacing) - 1);
	return { first, count: Math.max(0, last - first + 1) };
}

/** Query values the ASP.NET way: names ignore case. */
const query = (q, name) => {
	const key = Object.keys(q).find((k) => k.toLowerCase() === name.toLowerCase());
	return key === undefined ? undefined : q[key];
};

function integerQuery(q, name, fallback) {
	const raw = query(q, name);
	if (raw === undefined) return fallback;
	return /^\d+$/.test(raw) ? Number(raw) : NaN;
}

function dateQuery(q, name, fallback) {
	const raw = query(q, name);
	if (raw === undefined) return fallback;
	return /^\d{4}-\d{2}-\d{2}/.test(raw) ? Date.parse(raw) : NaN;
}

/** The single-report shape of §6.12 for reportType 1 (summary), 2 (skills) or 3 (both). */
function singleReport(report, reportType) {
	const body = {
		testInvitationId: report.testInvitationId,
		testId: String(report.testId),
		testName: report.testName,
		candidateEmail: report.candidateEmail,
		attemptedOn: report.appearedOn,
		status: report.status,
		score: report.scorePercentage,
		scorePercentage: report.scorePercentage,
		candidatePoints: report.candidatePoints,
		totalTestPoints: report.totalTestPoints,
		pdfReportUrl: report.pdfReportUrl,
		PerformanceCategory: report.performanceCategory,
	};
	if (reportType !== 2) {
		body.sections = report.sections.map(({ sectionId, sectionName, noOfQue, sectionTime, sectionTimeTaken, candidateScore, sectionScore }) => ({
			candidateScore,
			sectionScore,
			noOfQue,
			sectionId,
			sectionName,
			sectionTime,
			sectionTimeTaken,
		}));
	}
	if (reportType !== 1) {
		body.skills = report.sections.map((s) => ({
			skillName: s.sectionName,
			candidateQbScore: s.candidateScore,
			totalQbScore: s.sectionScore,
		}));
	}
	return body;
}

/** The record shape GET /v3/reports uses (§6.14, FSA mock). */
function listedReport(report, includeSections) {
	const { sections, ...record } = report;
	const listed = { ...record, score: report.scorePercentage };
	if (includeSections) {
		listed.sections = sections.map((s) => ({
			sectionID: s.sectionId,
			sectionName: s.sectionName,
			noOfQue: s.noOfQue,
			sectionTime: s.sectionTime,
			sectionTimeTaken: s.sectionTimeTaken,
			candidateScore: s.candidateScore,
			sectionScore: s.sectionScore,
			negativeMark: 0,
			correctQuestions: s.correctQuestions,
			wrongQuestions: s.wrongQuestions,
			skippedQuestions: 0,
			notAnsweredQuestions: 0,
		}));
	}
	return listed;
}

function invitationIdFrom(params) {
	const id = Number(params[0]);
	return Number.isSafeInteger(id) && /^\d+$/.test(params[0]) ? id : undefined;
}

const reportNotFound = (id) => statusMessage(404, `Report not found for test invitation id: ${id}`);

const routes = [
	{
		method: 'GET',
		path: /^\/v3\/reports$/,
		handle: ({ state, query: q }) => {
			const pageNo = integerQuery(q, 'PageNo', 1);
			const pageSize = integerQuery(q, 'PageSize', 10);
			if (!(pageNo >= 1)) return errors(400, 'PageNo must be a whole number from 1.');
			if (!(pageSize >= 1 && pageSize <= MAX_PAGE_SIZE)) return errors(400, `PageSize must be between 1 and ${MAX_PAGE_SIZE}.`);
			const to = dateQuery(q, 'endDate', Date.now());
			const from = dateQuery(q, 'startDate', to - DEFAULT_WINDOW_DAYS * 24 * 60 * MINUTE);
			if (Number.isNaN(from) || Number.isNaN(to)) return errors(400, 'startDate and endDate must be ISO 8601 dates.');
			if (from > to) return errors(400, 'startDate must be before endDate.');
			const includeSections = String(query(q, 'includeSections')).toLowerCase() === 'true';

			const stored = invitationReports(state).filter((r) => {
				const at = Date.parse(r.completedOn);
				return at >= from && at <= to;
			});
			const generated = generatedRange(state, from, to);
			const totalCount = stored.length + generated.count;
			const start = (pageNo - 1) * pageSize;
			const end = Math.min(totalCount, start + pageSize);
			const page = [];
			for (let i = start; i < end; i++) {
				const report = i < stored.length ? stored[i] : generatedReport(state, generated.first + i - stored.length);
				page.push(listedReport(report, includeSections));
			}
			const totalPages = Math.ceil(totalCount / pageSize);
			return ok({
				reports: page,
				pageNumber: pageNo,
				totalPages,
				totalCount,
				hasPreviousPage: pageNo > 1,
				hasNextPage: pageNo < totalPages,
			});
		},
	},
	{
		method: 'GET',
		path: /^\/v3\/reports\/([^/]+)$/,
		handle: ({ state, params, query: q }) => {
			const id = invitationIdFrom(params);
			if (id === undefined) return errors(400, `The value '${params[0]}' is not valid for testInvitationId.`);
			const reportType = integerQuery(q, 'reportType', 1);
			if (![1, 2, 3].includes(reportType)) return errors(400, 'reportType must be 1, 2 or 3.');
			const report = findReport(state, id);
			return report ? ok(singleReport(report, reportType)) : reportNotFound(id);
		},
	},
	{
		// [inferred] The PDF endpoint (§6.13): the fake answers the file itself.
		method: 'GET',
		path: /^\/v3\/reports\/([^/]+)\/pdf$/,
		handle: ({ state, params }) => {
			const id = invitationIdFrom(params);
			if (id === undefined) return errors(400, `The value '${params[0]}' is not valid for testInvitationId.`);
			const report = findReport(state, id);
			if (!report) return reportNotFound(id);
			return {
				status: 200,
				body: minimalPdf([
					`iMocha candidate report: ${report.testName}`,
					`Candidate: ${report.candidateFullName} <${report.candidateEmail}>`,
					`Test invitation ID: ${report.testInvitationId}`,
					`Score: ${report.scorePercentage}% (${report.performanceCategory})`,
				]),
				headers: {
					'content-type': 'application/pdf',
					'content-disposition': `attachment; filename="Report_${report.testInvitationId}.pdf"`,
				},
			};
		},
	},
];

module.exports = { seed, routes, findReport, GENERATED_ID_BASE };
