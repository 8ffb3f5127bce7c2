// Types for the fake iMocha server (plain JavaScript so the demo and benchmark run it without a build).
export interface RecordedRequest {
	method: string;
	path: string;
	query: Record<string, string>;
	headers: Record<string, string | string[] | undefined>;
	// eslint-disable-next-line @typescript-eslint/no-explicit-any
	body: any;
	rawBody: string;
	at: number;
}

export interface Fault {
	path?: string | RegExp;
	method?: string;
	status?: number;
	body?: unknown;
	headers?: Record<string, string>;
	delayMs?: number;
	times?: number;
}

export interface FakeImocha {
	apiKey: string;
	requests: RecordedRequest[];
	// eslint-disable-next-line @typescript-eslint/no-explicit-any
	readonly state: any;
	reset(): void;
	fail(fault: Fault): void;
	listen(port?: number): Promise<string>;
	close(): Promise<void>;
}

export function createFakeImocha(options?: { apiKey?: string; seed?: object }): FakeImocha;
export const INVALID_KEY: { statusCode: number; message: string };
