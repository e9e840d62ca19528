import { render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import RecordingControls from '../../src/lib/components/recording/RecordingControls.svelte';
import { deferred, useLocale } from './support/fakes.ts';

/**
 * The recording endpoint replaced by a fetch the test answers: every call is recorded with its
 * method, address and body. The endpoint itself: tests/integration/recordings.test.ts.
 */
function fakeEndpoint(answer: (url: string, init?: RequestInit) => Response | Promise<Response>) {
	const calls: { url: string; method: string; body?: unknown; type?: string }[] = [];
	const fetch = vi.fn(async (url: string, init?: RequestInit) => {
		const headers = new Headers(init?.headers);
		calls.push({
			url,
			method: init?.method ?? 'GET',
			body: init?.body ?? undefined,
			type: headers.get('content-type') ?? undefined
		});
		return answer(url, init);
	});
	vi.stubGlobal('fetch', fetch);
	return calls;
}
const json = (body: unknown, status = 200) =>
	new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

afterEach(() => vi.unstubAllGlobals());

const status = () => screen.getByRole('status');
const button = (name: string) => screen.getByRole('button', { name }) as HTMLButtonElement;

describe('RecordingControls', () => {
	it('with nothing recorded: start is possible, stop is not', () => {
		const calls = fakeEndpoint(() => json({}));
		render(RecordingControls, { session: 'plenair-opening', initial: { status: 'none' } });
		expect(screen.getByRole('heading', { name: 'Opname' })).toBeTruthy();
		expect(status().textContent?.trim()).toBe('geen opname');
		expect(button('Opname starten').disabled).toBe(false);
		expect(button('Opname stoppen').disabled).toBe(true);
		expect(calls).toEqual([]);
	});

	it('reads the state itself when the page did not hand it over', async () => {
		const calls = fakeEndpoint(() => json({ status: 'processing', source: 'egress' }));
		render(RecordingControls, { session: 'plenair opening' });
		await expect.poll(() => status().textContent?.trim()).toBe('wordt verwerkt');
		expect(calls).toEqual([
			{
				url: '/api/sessions/plenair%20opening/recording',
				method: 'GET',
				body: undefined,
				type: undefined
			}
		]);
	});

	it('start: the buttons wait while the request runs, then stop becomes possible', async () => {
		const user = userEvent.setup();
		const answer = deferred<Response>();
		const calls = fakeEndpoint(() => answer.promise);
		render(RecordingControls, { session: 'plenair-opening', initial: { status: 'none' } });
		await user.click(button('Opname starten'));
		expect(calls.map((c) => `${c.method} ${c.url}`)).toEqual([
			'POST /api/sessions/plenair-opening/recording/start'
		]);
		expect(button('Opname starten').disabled).toBe(true);
		expect(button('Opname stoppen').disabled).toBe(true);
		// Only the upload's own button says it is uploading; the others just wait.
		expect(button('Uploaden').disabled).toBe(true);
		expect(button('Link opslaan').disabled).toBe(true);

		answer.resolve(json({ status: 'recording', source: 'egress' }));
		expect(await screen.findByText('Opgeslagen.')).toBeTruthy();
		expect(status().textContent?.trim()).toBe('wordt opgenomen');
		expect(button('Opname starten').disabled).toBe(true);
		expect(button('Opname stoppen').disabled).toBe(false);
		expect(button('Uploaden').disabled).toBe(false);
	});

	it('says in Dutch that the server refused, never its English detail, and leaves the state', async () => {
		const user = userEvent.setup();
		fakeEndpoint(() => json({ message: 'Recording is not configured.' }, 503));
		render(RecordingControls, { session: 'plenair-opening', initial: { status: 'none' } });
		await user.click(button('Opname starten'));
		expect(await screen.findByText('Dat lukte niet; probeer het opnieuw.')).toBeTruthy();
		expect(screen.queryByText('Recording is not configured.')).toBeNull();
		expect(screen.queryByText('Opgeslagen.')).toBeNull();
		expect(status().textContent?.trim()).toBe('geen opname');
		expect(button('Opname starten').disabled).toBe(false);
	});

	it('a failed recording says so in Dutch, and says when no recording service runs', () => {
		fakeEndpoint(() => json({}));
		render(RecordingControls, {
			session: 'plenair-opening',
			initial: { status: 'failed', error: 'egress stopped' }
		});
		expect(status().textContent?.trim()).toBe('opname mislukt');
	});

	it('a recording refused for want of Egress tells the organiser what to do instead', () => {
		fakeEndpoint(() => json({}));
		render(RecordingControls, {
			session: 'plenair-opening',
			initial: { status: 'failed', error: 'egress not connected (no egress answered within 5 s)' }
		});
		expect(status().textContent?.trim()).toBe(
			'niet opgenomen: naast Plenair draait geen opnamedienst (LiveKit Egress). Upload de video na afloop of voeg een link toe.'
		);
	});

	it('uploads a video with the programme time it begins at', async () => {
		const user = userEvent.setup();
		const calls = fakeEndpoint(() => json({ status: 'ready', source: 'upload' }));
		render(RecordingControls, { session: 'plenair-opening', initial: { status: 'none' } });
		const video = new File(['webm'], 'opening.webm', { type: 'video/webm' });
		expect(screen.getByText('Nog geen bestand gekozen')).toBeTruthy();
		await user.upload(screen.getByLabelText('Video uploaden (WebM, MP4 of Ogg)'), video);
		// The chosen file shows by name and size beside the button.
		expect(screen.getByText('opening.webm (4 B)')).toBeTruthy();
		await user.type(screen.getByLabelText('De video begint om (tijd in het programma)'), '19:30');
		await user.click(button('Uploaden'));
		await screen.findByText('Opgeslagen.');
		// Sent: the choice is cleared for a next one.
		expect(screen.queryByText('opening.webm (4 B)')).toBeNull();
		expect(calls).toEqual([
			{
				url: '/api/sessions/plenair-opening/recording/upload?from=19%3A30%3A00',
				method: 'POST',
				body: video,
				type: 'application/octet-stream'
			}
		]);
		// A ready upload can get captions.
		expect(screen.getByLabelText('Ondertiteling toevoegen (WebVTT)')).toBeTruthy();
	});

	it('while a video is sent, its button says so and nothing else can start', async () => {
		const user = userEvent.setup();
		const answer = deferred<Response>();
		fakeEndpoint(() => answer.promise);
		render(RecordingControls, { session: 'plenair-opening', initial: { status: 'none' } });
		await user.upload(
			screen.getByLabelText('Video uploaden (WebM, MP4 of Ogg)'),
			new File(['webm'], 'opening.webm', { type: 'video/webm' })
		);
		await user.click(button('Uploaden'));
		expect(button('Bezig met uploaden…').disabled).toBe(true);
		expect(button('Opname starten').disabled).toBe(true);
		expect(button('Opname stoppen').disabled).toBe(true);
		expect(button('Link opslaan').disabled).toBe(true);
		answer.resolve(json({ status: 'ready', source: 'upload' }));
		expect(await screen.findByText('Opgeslagen.')).toBeTruthy();
		expect(button('Uploaden').disabled).toBe(false);
		expect(button('Opname starten').disabled).toBe(false);
		expect(button('Opname stoppen').disabled).toBe(true);
	});

	it('captions: the chosen WebVTT file shows before it is sent', async () => {
		const user = userEvent.setup();
		const calls = fakeEndpoint(() =>
			json({ status: 'ready', source: 'upload', hasCaptions: true })
		);
		render(RecordingControls, {
			session: 'plenair-opening',
			initial: { status: 'ready', source: 'upload' }
		});
		const vtt = new File(['WEBVTT'], 'opening.vtt', { type: 'text/vtt' });
		await user.upload(screen.getByLabelText('Ondertiteling toevoegen (WebVTT)'), vtt);
		expect(screen.getByText('opening.vtt (6 B)')).toBeTruthy();
		await user.click(button('Ondertiteling uploaden'));
		await screen.findByText('Opgeslagen.');
		expect(calls).toEqual([
			{
				url: '/api/sessions/plenair-opening/recording/captions',
				method: 'POST',
				body: vtt,
				type: 'text/vtt'
			}
		]);
	});

	it('links an outside video; a linked recording takes no captions', async () => {
		const user = userEvent.setup();
		const calls = fakeEndpoint(() => json({ status: 'ready', source: 'link' }));
		render(RecordingControls, { session: 'plenair-opening', initial: { status: 'none' } });
		await user.type(
			screen.getByRole('textbox', { name: 'Of link een video (PeerTube, YouTube, Vimeo)' }),
			'https://video.example/w/abc'
		);
		await user.click(button('Link opslaan'));
		await screen.findByText('Opgeslagen.');
		expect(calls).toEqual([
			{
				url: '/api/sessions/plenair-opening/recording/link',
				method: 'POST',
				body: '{"url":"https://video.example/w/abc"}',
				type: 'application/json'
			}
		]);
		expect(status().textContent?.trim()).toBe('klaar');
		expect(screen.queryByLabelText('Ondertiteling toevoegen (WebVTT)')).toBeNull();
	});

	it('in English', () => {
		useLocale('en');
		fakeEndpoint(() => json({}));
		render(RecordingControls, {
			session: 'plenair-opening',
			initial: { status: 'recording', source: 'egress' }
		});
		expect(status().textContent?.trim()).toBe('recording');
		expect(button('Start recording').disabled).toBe(true);
		expect(button('Stop recording').disabled).toBe(false);
		expect(button('Save link')).toBeTruthy();
	});
});
