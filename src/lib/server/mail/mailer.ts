import type { Redis } from 'ioredis';
import { createTransport } from 'nodemailer';
import { z } from 'zod';
import { mailKeys } from '../redis-keys.ts';

export const MailSchema = z.object({
	to: z.string(),
	subject: z.string(),
	text: z.string(),
	sentAt: z.number()
});
export type Mail = z.infer<typeof MailSchema>;

export interface Mailer {
	send(mail: Omit<Mail, 'sentAt'>): Promise<void>;
}

/** Real mail through SMTP (SMTP_URL, e.g. smtps://user:pass@mail.example.org). */
export function smtpMailer(url: string, from: string): Mailer {
	const transport = createTransport(url);
	return {
		async send(mail) {
			await transport.sendMail({ from, to: mail.to, subject: mail.subject, text: mail.text });
		}
	};
}

const OUTBOX = mailKeys.outbox;
const OUTBOX_SIZE = 200;

/**
 * Without SMTP, mail goes to a development outbox in Redis (and the log), so the demo and the
 * tests work offline. The /dev/outbox page lists it outside production.
 */
export class OutboxMailer implements Mailer {
	readonly #redis: Redis;
	readonly #log: (line: string) => void;

	constructor(redis: Redis, log: (line: string) => void = (line) => console.log(line)) {
		this.#redis = redis;
		this.#log = log;
	}

	async send(mail: Omit<Mail, 'sentAt'>): Promise<void> {
		const entry: Mail = { ...mail, sentAt: Date.now() };
		await this.#redis
			.multi()
			.lpush(OUTBOX, JSON.stringify(entry))
			.ltrim(OUTBOX, 0, OUTBOX_SIZE - 1)
			.exec();
		this.#log(`[mail] to ${mail.to}: ${mail.subject}\n${mail.text}`);
	}

	async list(): Promise<Mail[]> {
		const raw = await this.#redis.lrange(OUTBOX, 0, OUTBOX_SIZE - 1);
		return raw.map((r) => MailSchema.parse(JSON.parse(r)));
	}
}
