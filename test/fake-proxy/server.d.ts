export interface FakeProxy {
	/** What the proxy carried: forwarded http requests and CONNECT tunnels. */
	carried: Array<{ kind: 'http' | 'connect'; target: string; proxyAuthorization?: string }>;
	listen(port?: number): Promise<string>;
	close(): Promise<void>;
}
export function createFakeProxy(options?: { auth?: string }): FakeProxy;
