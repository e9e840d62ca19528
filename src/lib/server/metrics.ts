import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { recordingStatuses } from '../shared/recordings/schema.ts';

/** What the gauges read when Prometheus scrapes; filled in by the server once it runs. */
export interface MetricSources {
	/** Sockets connected to this node. */
	sockets(): number;
	/** LiveKit participants per session (from webhooks), for every node alike. */
	participants(): Promise<Record<string, number>>;
	/** Recordings per state. */
	recordings(): Promise<Record<string, number>>;
}

const SECONDS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

/**
 * Prometheus metrics of one node (`/metrics`, docs/operations.md#metrics). Every series carries
 * the node's name; the registry is this instance's own, so tests make their own.
 */
export class Metrics {
	readonly registry = new Registry();
	#sources?: MetricSources;

	readonly httpRequests = new Counter({
		name: 'plenair_http_requests_total',
		help: 'HTTP requests by route (SvelteKit route id), method and status',
		labelNames: ['route', 'method', 'status'] as const,
		registers: [this.registry]
	});
	readonly httpSeconds = new Histogram({
		name: 'plenair_http_request_duration_seconds',
		help: 'Time to answer an HTTP request, by route',
		labelNames: ['route'] as const,
		buckets: SECONDS,
		registers: [this.registry]
	});
	readonly socketEvents = new Counter({
		name: 'plenair_socket_events_total',
		help: 'Client socket events by name and outcome (ok, or the refusal code)',
		labelNames: ['event', 'outcome'] as const,
		registers: [this.registry]
	});
	readonly socketSeconds = new Histogram({
		name: 'plenair_socket_event_duration_seconds',
		help: 'Time from a client event to its acknowledgement, by event (chat:send, board:op, …)',
		labelNames: ['event'] as const,
		buckets: SECONDS,
		registers: [this.registry]
	});
	readonly redisErrors = new Counter({
		name: 'plenair_redis_errors_total',
		help: 'Errors on a Redis connection of this node',
		labelNames: ['connection'] as const,
		registers: [this.registry]
	});
	readonly redisReconnects = new Counter({
		name: 'plenair_redis_reconnects_total',
		help: 'Reconnection attempts of a Redis connection of this node',
		labelNames: ['connection'] as const,
		registers: [this.registry]
	});
	readonly chatFrames = new Counter({
		name: 'plenair_chat_frames_total',
		help: 'Broadcast frames of new chat messages, by path: local (this node alone) or adapter (through Redis)',
		labelNames: ['path'] as const,
		registers: [this.registry]
	});
	readonly chatLines = new Counter({
		name: 'plenair_chat_lines_total',
		help: 'New chat messages broadcast; lines ÷ frames is how much busy rooms were coalesced',
		registers: [this.registry]
	});
	readonly handOffs = new Counter({
		name: 'plenair_connections_handed_off_total',
		help: 'Sockets this node asked to connect again because it held more than its share',
		registers: [this.registry]
	});
	readonly mediaRejoins = new Counter({
		name: 'plenair_livekit_room_rejoins_total',
		help: 'Rooms whose livekit-server node was gone, whose people on this node were told to join again',
		registers: [this.registry]
	});
	readonly transitions = new Counter({
		name: 'plenair_conductor_transitions_total',
		help: 'Programme transitions this node carried out (countdown, start, end, closed, record…)',
		labelNames: ['kind'] as const,
		registers: [this.registry]
	});

	constructor(node: string) {
		this.registry.setDefaultLabels({ node });
		collectDefaultMetrics({ register: this.registry, prefix: 'plenair_' });
		// The gauges' collect() gets the gauge as `this`; the sources come through this arrow.
		const sources = () => this.#sources;
		new Gauge({
			name: 'plenair_sockets_connected',
			help: 'Sockets connected to this node',
			registers: [this.registry],
			collect() {
				this.set(sources()?.sockets() ?? 0);
			}
		});
		new Gauge({
			name: 'plenair_livekit_participants',
			help: 'Participants in each LiveKit room (by session), from LiveKit webhooks',
			labelNames: ['session'] as const,
			registers: [this.registry],
			async collect() {
				this.reset();
				for (const [session, n] of Object.entries((await sources()?.participants()) ?? {}))
					this.set({ session }, n);
			}
		});
		new Gauge({
			name: 'plenair_recordings',
			help: 'Recordings by state',
			labelNames: ['state'] as const,
			registers: [this.registry],
			async collect() {
				const counts = (await sources()?.recordings()) ?? {};
				for (const state of recordingStatuses) this.set({ state }, counts[state] ?? 0);
			}
		});
	}

	/** Where the gauges read from (set once Socket.IO runs). */
	observe(sources: MetricSources): void {
		this.#sources = sources;
	}

	/** The text Prometheus scrapes. */
	text(): Promise<string> {
		return this.registry.metrics();
	}

	get contentType(): string {
		return this.registry.contentType;
	}
}
