/**
 * How the browser tests and the first-frame benchmark launch Debian's Chromium: fake camera and
 * microphone without a prompt, WebRTC over loopback, and nothing that phones home.
 */
export const CHROMIUM_LAUNCH = {
	executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
	args: [
		'--no-sandbox',
		'--disable-gpu',
		'--disable-quic',
		'--no-first-run',
		'--disable-background-networking',
		'--disable-component-update',
		'--disable-sync',
		'--use-fake-ui-for-media-stream',
		'--use-fake-device-for-media-stream',
		'--allow-loopback-in-peer-connection',
		'--disable-features=WebRtcHideLocalIpsWithMdns',
		'--autoplay-policy=no-user-gesture-required'
	]
};
