// Shared set-up for the engine tests: one fake iMocha per test file, reset before each test.
import { createFakeImocha } from './fake-imocha/server';
import { TEST_API_KEY } from './harness';

export type FakeImocha = ReturnType<typeof createFakeImocha>;

export function useFakeImocha(options: { apiKey?: string } = {}) {
	const fake = createFakeImocha({ apiKey: options.apiKey ?? TEST_API_KEY });
	const context = {
		fake,
		url: '',
		/** The imochaApi credential pointing both hosts at the fake. */
		credentials: () => ({ apiKey: fake.apiKey, baseUrl: context.url, skillsIntelligenceBaseUrl: context.url }),
	};
	beforeAll(async () => {
		context.url = await fake.listen();
	});
	beforeEach(() => fake.reset());
	afterAll(async () => fake.close());
	return context;
}

/** A saved resource-locator value, as the editor stores it. */
export const byId = (value: string | number) => ({ __rl: true, mode: 'id', value });
/** A resource locator set to By Name (the business unit). */
export const byName = (value: string) => ({ __rl: true, mode: 'name', value });
export const fromList = (value: string | number, cachedResultName?: string) => ({
	__rl: true,
	mode: 'list',
	value,
	cachedResultName,
});
