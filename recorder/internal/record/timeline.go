package record

// maxDriftMs is how far a track's RTP time may run from the time its packets arrive before the
// track is re-anchored to the arrival time. Jitter, the sample builder's wait and clock drift
// (under 0.4 s in an hour at 100 ppm) stay well below it; a publisher that restarts its RTP
// timestamps, or a pause the SFU did not bridge, goes above it.
const maxDriftMs = 5000

// Timeline turns a track's 32-bit RTP timestamps into strictly increasing milliseconds since the
// start of its file, which is also the first frame's DTS and PTS in the WebM.
type Timeline struct {
	clockRate uint32
	started   bool
	firstWall int64 // arrival time of the first frame, ms since the recording started
	lastRTP   uint32
	ticks     int64 // unwrapped RTP ticks since the anchor
	anchorMs  int64 // file time of the anchor
	lastMs    int64
}

func NewTimeline(clockRate uint32) *Timeline { return &Timeline{clockRate: clockRate} }

// Start is the arrival time of the first frame (ms since the recording started): the file's
// place in the room, written to the manifest as startMs.
func (t *Timeline) Start() int64 { return t.firstWall }

// At maps the RTP timestamp of a frame that arrived at wallMs (ms since the recording started).
func (t *Timeline) At(rtpTimestamp uint32, wallMs int64) int64 {
	if !t.started {
		t.started, t.firstWall, t.lastRTP = true, wallMs, rtpTimestamp
		return 0
	}
	// int32 difference: wraps around 2^32 and lets reordered frames step back a little.
	t.ticks += int64(int32(rtpTimestamp - t.lastRTP))
	t.lastRTP = rtpTimestamp
	ms := t.anchorMs + t.ticks*1000/int64(t.clockRate)
	if arrived := wallMs - t.firstWall; ms-arrived > maxDriftMs || arrived-ms > maxDriftMs {
		t.anchorMs, t.ticks, ms = arrived, 0, arrived
	}
	// Two frames in the same millisecond (or a step back) would give a muxer equal or falling
	// DTS; move such a frame just past the previous one.
	if ms <= t.lastMs {
		ms = t.lastMs + 1
	}
	t.lastMs = ms
	return ms
}
