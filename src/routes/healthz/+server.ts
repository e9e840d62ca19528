import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';

/** The process is up and serving requests. */
export const GET: RequestHandler = () => json({ ok: true });
