/** Headers of an .ics response: a download named after the event or session. */
export const calendarHeaders = (filename: string) => ({
	'content-type': 'text/calendar; charset=utf-8',
	'content-disposition': `attachment; filename="${filename}"`,
	'cache-control': 'no-cache'
});
