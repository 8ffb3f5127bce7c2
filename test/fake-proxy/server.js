'use strict';
// A forward proxy for tests, as a corporate proxy works: plain http requests in absolute form are
// forwarded, https goes through a CONNECT tunnel. It records what it carried (method, target, and
// whether it saw a Proxy-Authorization), and with `auth` ("user:password") refuses requests
// without it (407). Only targets on 127.0.0.1 are reached.
const http = require('node:http');
const net = require('node:net');

/** @param {{ auth?: string }} [options] */
function createFakeProxy({ auth } = {}) {
	/** @type {Array<{ kind: 'http' | 'connect', target: string, proxyAuthorization?: string }>} */
	const carried = [];
	const expected = auth ? `Basic ${Buffer.from(auth).toString('base64')}` : undefined;
	const allowed = (req) => !expected || req.headers['proxy-authorization'] === expected;
	const local = (host) => host === '127.0.0.1' || host === 'localhost';

	const server = http.createServer((req, res) => {
		let target;
		try {
			target = new URL(req.url);
		} catch {
			res.writeHead(400).end('absolute URL expected');
			return;
		}
		if (!allowed(req)) {
			res.writeHead(407, { 'proxy-authenticate': 'Basic realm="test"' }).end();
			return;
		}
		if (!local(target.hostname)) {
			res.writeHead(502).end('only 127.0.0.1 is reached');
			return;
		}
		carried.push({ kind: 'http', target: target.href, proxyAuthorization: req.headers['proxy-authorization'] });
		const headers = { ...req.headers };
		delete headers['proxy-authorization'];
		delete headers['proxy-connection'];
		const upstream = http.request(
			{ host: target.hostname, port: target.port, path: target.pathname + target.search, method: req.method, headers },
			(answer) => {
				res.writeHead(answer.statusCode ?? 502, answer.headers);
				answer.pipe(res);
			},
		);
		upstream.on('error', () => res.destroy());
		req.pipe(upstream);
	});

	server.on('connect', (req, socket, head) => {
		const [host, port] = String(req.url).split(':');
		if (!allowed(req)) {
			socket.end('HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="test"\r\n\r\n');
			return;
		}
		if (!local(host)) {
			socket.end('HTTP/1.1 502 Bad Gateway\r\n\r\n');
			return;
		}
		carried.push({ kind: 'connect', target: `${host}:${port}`, proxyAuthorization: req.headers['proxy-authorization'] });
		const upstream = net.connect(Number(port), host, () => {
			socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
			if (head?.length) upstream.write(head);
			upstream.pipe(socket);
			socket.pipe(upstream);
		});
		upstream.on('error', () => socket.destroy());
		socket.on('error', () => upstream.destroy());
	});

	const sockets = new Set();
	server.on('connection', (socket) => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
	});

	return {
		carried,
		listen(port = 0) {
			return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve(`http://127.0.0.1:${server.address().port}`)));
		},
		close() {
			for (const socket of sockets) socket.destroy();
			return new Promise((resolve) => server.close(() => resolve()));
		},
	};
}

module.exports = { createFakeProxy };
