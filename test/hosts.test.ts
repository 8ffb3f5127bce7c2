// Each operation reaches its own host: the Skills Assessment API or the Skills Intelligence API,
// each run against its own fake, so a request sent to the wrong host is seen where it lands.
import { runNode } from './harness';
import { byId, useFakeImocha } from './helpers';

const assessment = useFakeImocha();
const intelligence = useFakeImocha();
const credentials = () => ({ ...assessment.credentials(), skillsIntelligenceBaseUrl: intelligence.url });
const landed = () => ({
	assessment: assessment.fake.requests.map((r) => `${r.method} ${r.path}`),
	intelligence: intelligence.fake.requests.map((r) => `${r.method} ${r.path}`),
});

test('an Assessment operation goes to the Skills Assessment host only', async () => {
	const { error } = await runNode({
		parameters: { resource: 'user', operation: 'update', email: 'bob@example.com', businessUnitId: byId('42') },
		credentials: credentials(),
	});
	expect(error).toBeUndefined();
	expect(landed()).toEqual({ assessment: ['POST /v3/accounts/user/update'], intelligence: [] });
});

test('an Intelligence operation goes to the Skills Intelligence host only', async () => {
	const { error } = await runNode({ parameters: { resource: 'employee', operation: 'getSkills', employeeId: '1001' }, credentials: credentials() });
	expect(error).toBeUndefined();
	expect(landed()).toEqual({ assessment: [], intelligence: ['GET /employees/1001/skills-profile'] });
});

test("paging fetches ahead: pages 2 and 3 of a 3-page list are in flight together", async () => {
	intelligence.fake.chaos({ delayMs: 400 });
	const { output, error } = await runNode({ parameters: { resource: 'taxonomy', operation: 'getAll', returnAll: true }, credentials: credentials() });
	expect(error).toBeUndefined();
	expect(output).toHaveLength(250);
	const asked = intelligence.fake.requests.map((r) => [r.query.PageNumber, r.at] as const);
	expect(asked.map(([page]) => page)).toEqual(expect.arrayContaining(['1', '2', '3']));
	const at = Object.fromEntries(asked);
	// Page 2 and page 3 both arrive before page 2 (answered after 400 ms) could have come back.
	expect(Math.abs(Number(at['3']) - Number(at['2']))).toBeLessThan(300);
	expect(Number(at['2']) - Number(at['1'])).toBeGreaterThanOrEqual(350);
});
