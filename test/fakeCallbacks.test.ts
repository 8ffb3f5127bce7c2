// The fake iMocha's candidate side: completing an invitation and the callbacks it sends (§7),
// which trigger tests build on.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { runNode } from './harness';
import { byId, useFakeImocha } from './helpers';

const imocha = useFakeImocha();

let receiver: Server;
let hookUrl = '';
const received: Array<Record<string, unknown>> = [];
/** How many of the next deliveries the receiver answers with a 500. */
let failNext = 0;

beforeAll(async () => {
	receiver = createServer((req, res) => {
		let body = '';
		req.on('data', (chunk) => (body += chunk));
		req.on('end', () => {
			if (failNext > 0) {
				failNext--;
				res.writeHead(500).end();
				return;
			}
			received.push({ ...JSON.parse(body), contentType: req.headers['content-type'], method: req.method });
			res.writeHead(200).end('ok');
		});
	});
	await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
	hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/webhook/imocha`;
});
beforeEach(() => {
	received.length = 0;
	failNext = 0;
});
afterAll(async () => new Promise<void>((resolve) => receiver.close(() => resolve())));

async function inviteWithCallback(): Promise<number> {
	const { output, error } = await runNode({
		parameters: {
			resource: 'invitation',
			operation: 'invite',
			testId: byId('118001'),
			email: 'cal@example.com',
			candidateName: 'Cal Example',
			additionalFields: { callbackUrl: hookUrl },
		},
		credentials: imocha.credentials(),
	});
	expect(error).toBeUndefined();
	return output[0].json.testInvitationId as number;
}

test('completeInvitation({ notify: true }) POSTs "In Progress", then "Complete" with the report, in PascalCase', async () => {
	const id = await inviteWithCallback();
	const { invitation, report, deliveries } = await imocha.fake.completeInvitation(id, { notify: true });
	expect(invitation.status).toBe('Complete');
	expect(deliveries.map((d) => [d.payload.Status, d.delivered, d.attempts.length])).toEqual([
		['In Progress', true, 1],
		['Complete', true, 1],
	]);
	expect(received).toEqual([
		expect.objectContaining({ method: 'POST', contentType: 'application/json', Status: 'In Progress', ReportPDFUrl: null, PerformanceCategory: null }),
		expect.objectContaining({ Status: 'Complete', TestInvitationId: id, CandidateEmailId: 'cal@example.com' }),
	]);
	const complete = received[1];
	expect(Object.keys(complete).filter((k) => !['contentType', 'method'].includes(k)).sort()).toEqual(
		['AttemptedOn', 'AttemptedOnUtc', 'CandidateEmailId', 'CandidateScore', 'PerformanceCategory', 'ReportPDFUrl', 'Status', 'TestInvitationId', 'TotalScore'],
	);
	expect(complete.AttemptedOn).toMatch(/^\d{2}-[A-Z][a-z]{2}-\d{4} \d{2}:\d{2} (AM|PM)$/);
	expect(complete.AttemptedOnUtc).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/);
	expect(complete).toMatchObject({ CandidateScore: report.candidatePoints, TotalScore: report.totalTestPoints, ReportPDFUrl: report.pdfReportUrl });
});

test('a failing receiver gets up to 5 retries, then iMocha gives up', async () => {
	const id = await inviteWithCallback();
	await imocha.fake.startInvitation(id);
	failNext = 2;
	const recovered = await imocha.fake.completeInvitation(id, { notify: true, retryDelayMs: 5 });
	expect(recovered.deliveries.map((d) => [d.attempts.map((a) => a.statusCode), d.delivered])).toEqual([[[500, 500, 200], true]]);

	const second = await runNode({
		parameters: { resource: 'invitation', operation: 'reattempt', invitationId: String(id) },
		credentials: imocha.credentials(),
	});
	failNext = 100;
	const givenUp = await imocha.fake.completeInvitation(second.output[0].json.testInvitationId as number, { notify: true, retryDelayMs: 5 });
	expect(givenUp.deliveries.map((d) => [d.attempts.length, d.delivered])).toEqual([
		[6, false],
		[6, false],
	]);
	expect(imocha.fake.state.callbackDeliveries).toHaveLength(3);
});

test('POST /__fake/invitations/{id}/complete does the same over HTTP, without a key', async () => {
	const id = await inviteWithCallback();
	const answer = await fetch(`${imocha.url}/__fake/invitations/${id}/complete`, {
		method: 'POST',
		body: JSON.stringify({ notify: true, status: 'Test Left' }),
	});
	expect(answer.status).toBe(200);
	expect(((await answer.json()) as { invitation: { status: string } }).invitation.status).toBe('Test Left');
	expect(received.map((r) => r.Status)).toEqual(['In Progress', 'Test Left']);
	const again = await fetch(`${imocha.url}/__fake/invitations/${id}/complete`, { method: 'POST' });
	expect(again.status).toBe(400);
});
