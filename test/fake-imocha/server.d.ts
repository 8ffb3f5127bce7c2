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
	/** The status answered; undefined when the connection was cut. */
	status?: number;
	/** Whether the request changed the fake's state (a non-GET answered 2xx). */
	applied: boolean;
	/** For a `stream` fault: how many bytes of the body were written before the client closed. */
	bytesSent?: number;
}

export interface ChaosSettings {
	ratePerSecond?: number;
	errorRate?: number;
	errorStatus?: number;
	resetRate?: number;
	delayMs?: number;
	garbleRate?: number;
	seed?: number;
	/** Only requests whose path starts with one of these. */
	paths?: string[];
}

export interface Fault {
	path?: string | RegExp;
	method?: string;
	status?: number;
	body?: unknown;
	headers?: Record<string, string>;
	delayMs?: number;
	times?: number;
	/** Cut the connection instead of answering. */
	reset?: boolean;
	/** Never answer (the request stays open until reset or close). */
	hang?: boolean;
	/** Apply the request, send the status line and half the body, then cut the connection. */
	cutBody?: boolean;
	/** Only requests whose raw body contains this text. */
	bodyIncludes?: string;
	/**
	 * Answer 200 with a body written as it says: `bytes` long (with its content-length), `endless`,
	 * or dripping one byte every `dripMs` after the headers. Written only as fast as the client
	 * reads; the request's `bytesSent` records how much went out.
	 */
	stream?: { bytes?: number; endless?: boolean; dripMs?: number; contentType?: string };
}

export interface FakeImocha {
	apiKey: string;
	requests: RecordedRequest[];
	// eslint-disable-next-line @typescript-eslint/no-explicit-any
	readonly state: any;
	reset(): void;
	chaos(settings: ChaosSettings): void;
	readonly maxInFlight: number;
	fail(fault: Fault): void;
	listen(port?: number): Promise<string>;
	close(): Promise<void>;
	/**
	 * The candidate opens the test: a Pending invitation goes In Progress. With `notify`, iMocha's
	 * "In Progress" callback is POSTed to the invitation's callbackUrl (see completeInvitation).
	 * Also `POST /__fake/invitations/{id}/start` with the options as JSON body.
	 */
	startInvitation(testInvitationId: number, options?: CallbackOptions): Promise<{ invitation: FakeInvitation; deliveries: CallbackDelivery[] }>;
	/**
	 * The candidate finishes the test (status Complete unless given), so its report exists (JSON and
	 * PDF). A Pending invitation is started first. With `notify: true` iMocha's callbacks (§7, PascalCase)
	 * are POSTed to the invitation's callbackUrl: "In Progress" (if it was Pending), then the final
	 * status with the report's scores and ReportPDFUrl. A delivery that does not get a 2xx is retried
	 * up to 5 times (6 attempts, `retryDelayMs` apart, default 50), then dropped, as iMocha does.
	 * Resolves after the deliveries; each is also logged in `state.callbackDeliveries`.
	 * Also `POST /__fake/invitations/{id}/complete` with the options as JSON body.
	 */
	completeInvitation(
		testInvitationId: number,
		options?: CallbackOptions & { status?: 'Complete' | 'Test Left' | 'Terminated' },
	): Promise<{ invitation: FakeInvitation; report: Record<string, unknown>; deliveries: CallbackDelivery[] }>;
}

export interface CallbackOptions {
	/** POST iMocha's callbacks to the invitation's callbackUrl (default false). */
	notify?: boolean;
	/** Milliseconds between delivery attempts (default 50). */
	retryDelayMs?: number;
}

export interface FakeInvitation {
	testInvitationId: number;
	testId: number;
	testLinkId: number;
	name: string;
	email: string;
	status: 'Pending' | 'In Progress' | 'Complete' | 'Test Left' | 'Terminated' | 'Cancelled' | 'Expired';
	testUrl: string;
	callbackUrl: string | null;
	[key: string]: unknown;
}

/** One callback iMocha sent (state.callbackDeliveries). */
export interface CallbackDelivery {
	testInvitationId: number;
	url: string;
	/** The §7 body: CandidateEmailId, AttemptedOn, TotalScore, CandidateScore, ReportPDFUrl, TestInvitationId, Status, AttemptedOnUtc, PerformanceCategory. */
	payload: Record<string, unknown>;
	attempts: Array<{ at: string; statusCode?: number; error?: string }>;
	delivered: boolean;
}

/** Overrides of the starting state (any state key), e.g. a large report history for paging and benchmarks. */
export interface FakeSeed {
	/** Generated reports GET /v3/reports serves besides those of finished invitations (default 120). */
	reportCount?: number;
	/** Minutes between two generated reports' completion times (default 60; 120 reports then span 5 days). */
	reportSpacingMinutes?: number;
	/** When the newest generated report completed (default: when the fake was seeded or reset). */
	reportsGeneratedUntil?: string;
	[key: string]: unknown;
}

export function createFakeImocha(options?: { apiKey?: string; seed?: FakeSeed; tls?: { key: string | Buffer; cert: string | Buffer } }): FakeImocha;
export const INVALID_KEY: { statusCode: number; message: string };
