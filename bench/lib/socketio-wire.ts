import WebSocket from 'ws';

/**
 * A Socket.IO client that speaks the Engine.IO v4 framing directly over `ws`: far cheaper than
 * socket.io-client, so one load-generator core can hold thousands of listeners without becoming
 * the bottleneck it would measure.
 */
export class WireClient {
	private readonly ws: WebSocket;
	private ackId = 0;
	private readonly acks = new Map<number, (value: unknown) => void>();
	readonly ready: Promise<void>;

	constructor(
		url: string,
		/** `bytes`: the WebSocket payload's size, for the bytes each delivery costs. */
		onEvent: (event: string, payload: unknown, bytes: number) => void,
		cookie?: string
	) {
		this.ws = new WebSocket(`${url.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`, {
			headers: cookie ? { cookie } : {},
			perMessageDeflate: false
		});
		this.ready = new Promise((resolve, reject) => {
			this.ws.once('error', reject);
			this.ws.on('message', (data) => {
				// Frames are UTF-8; the byte count is the payload's, as sent on the wire.
				const text = data.toString();
				const size = (data as Buffer).length;
				if (text.startsWith('0')) this.ws.send('40');
				else if (text === '2') this.ws.send('3');
				else if (text.startsWith('40')) resolve();
				else if (text.startsWith('44')) reject(new Error(text));
				else if (text.startsWith('42')) {
					const [event, payload] = JSON.parse(text.slice(2)) as [string, unknown];
					onEvent(event, payload, size);
				} else if (text.startsWith('43')) {
					const match = /^43(\d+)/.exec(text)!;
					const [value] = JSON.parse(text.slice(match[0].length)) as [unknown];
					this.acks.get(Number(match[1]))?.(value);
					this.acks.delete(Number(match[1]));
				}
			});
		});
	}

	request(event: string, payload: unknown): Promise<unknown> {
		const id = this.ackId++;
		return new Promise((resolve) => {
			this.acks.set(id, resolve);
			this.ws.send(`42${id}${JSON.stringify([event, payload])}`);
		});
	}

	emit(event: string, payload: unknown): void {
		this.ws.send(`42${JSON.stringify([event, payload])}`);
	}

	close(): void {
		this.ws.close();
	}
}
