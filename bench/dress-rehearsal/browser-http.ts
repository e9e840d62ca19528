import { Agent, request } from 'node:http';
import { sessionCookieIn } from '../../tests/support/http.ts';

export interface HttpAnswer {
	status: number;
	body: string;
	/** The session cookie the answer set, if any (`plenair_session=…`). */
	cookie?: string;
}

/**
 * One attendee's HTTP, as a browser has it: its own keep-alive connection to the front address
 * (so a balancer spreads people, not requests of one shared pool), the session cookie, and one
 * retry when a kept-alive connection turns out to be dead (its node crashed).
 */
export class BrowserHttp {
	readonly #origin: URL;
	readonly #agent = new Agent({ keepAlive: true, maxSockets: 2 });
	cookie = '';

	constructor(origin: string) {
		this.#origin = new URL(origin);
	}

	async send(
		method: 'GET' | 'POST',
		path: string,
		body?: { type: string; text: string },
		headers: Record<string, string> = {}
	): Promise<HttpAnswer> {
		try {
			return await this.#once(method, path, body, headers);
		} catch {
			return this.#once(method, path, body, headers);
		}
	}

	/** A SvelteKit form action, as an enhanced form posts it: `{ type, status, data }`. */
	async action(
		path: string,
		fields: Record<string, string>
	): Promise<{ type: string; status: number; data: string }> {
		const answer = await this.send(
			'POST',
			path,
			{ type: 'application/x-www-form-urlencoded', text: new URLSearchParams(fields).toString() },
			{ accept: 'application/json', 'x-sveltekit-action': 'true' }
		);
		const parsed = JSON.parse(answer.body) as { type: string; status?: number; data?: string };
		if (answer.cookie) this.cookie = answer.cookie;
		return { type: parsed.type, status: parsed.status ?? answer.status, data: parsed.data ?? '' };
	}

	close(): void {
		this.#agent.destroy();
	}

	#once(
		method: string,
		path: string,
		body: { type: string; text: string } | undefined,
		headers: Record<string, string>
	): Promise<HttpAnswer> {
		return new Promise((resolve, reject) => {
			const req = request(
				{
					host: this.#origin.hostname,
					port: this.#origin.port,
					path,
					method,
					agent: this.#agent,
					headers: {
						origin: this.#origin.origin,
						...(this.cookie ? { cookie: this.cookie } : {}),
						...(body
							? { 'content-type': body.type, 'content-length': Buffer.byteLength(body.text) }
							: {}),
						...headers
					}
				},
				(res) => {
					let text = '';
					res.setEncoding('utf8');
					res.on('data', (chunk: string) => (text += chunk));
					res.on('error', reject);
					res.on('end', () =>
						resolve({
							status: res.statusCode ?? 0,
							body: text,
							cookie: sessionCookieIn(res.headers['set-cookie'])
						})
					);
				}
			);
			req.on('error', reject);
			req.end(body?.text);
		});
	}
}
