package record

import (
	"path/filepath"
	"testing"

	"plenair.local/recorder/internal/webmfile"
)

func TestTimelineFollowsRTP(t *testing.T) {
	tl := NewTimeline(90000)
	start := uint32(1_000_000)
	if got := tl.At(start, 250); got != 0 {
		t.Fatalf("first frame at %d, want 0", got)
	}
	if tl.Start() != 250 {
		t.Fatalf("start %d, want 250", tl.Start())
	}
	// 30 fps: 3000 ticks a frame; arrival jitter does not move frames.
	for i, wall := range []int64{290, 310, 360} {
		want := int64(i+1) * 3000 * 1000 / 90000
		if got := tl.At(start+uint32(i+1)*3000, wall); got != want {
			t.Fatalf("frame %d at %d, want %d", i+1, got, want)
		}
	}
}

func TestTimelineEqualTimestampsStayStrictlyMonotonic(t *testing.T) {
	tl := NewTimeline(90000)
	var last int64 = -1
	for i, ts := range []uint32{9000, 9000, 9000, 9045, 12000, 11990, 12000} {
		got := tl.At(ts, int64(i))
		if got <= last {
			t.Fatalf("frame %d (rtp %d) at %d ms, not after %d ms", i, ts, got, last)
		}
		last = got
	}
	if last != 35 {
		t.Fatalf("last frame at %d ms, want 35 (33 ms of RTP time plus two nudges)", last)
	}
}

func TestTimelineUnwrapsRTPTimestamps(t *testing.T) {
	tl := NewTimeline(48000)
	ts := uint32(0xFFFFFFFF - 959) // 20 ms of Opus before the wrap
	tl.At(ts, 0)
	if got := tl.At(ts+960, 20); got != 20 {
		t.Fatalf("at the wrap: %d, want 20", got)
	}
	if got := tl.At(ts+1920, 40); got != 40 {
		t.Fatalf("after the wrap: %d, want 40", got)
	}
}

func TestTimelineReanchorsOnTimestampJumps(t *testing.T) {
	tl := NewTimeline(48000)
	tl.At(48000*600, 1000)
	tl.At(48000*600+960, 1020)
	// The publisher restarted its timestamps: backwards by minutes.
	if got := tl.At(1, 2000); got != 1000 {
		t.Fatalf("after a reset: %d, want the arrival time 1000", got)
	}
	if got := tl.At(961, 2020); got != 1020 {
		t.Fatalf("following frame: %d, want 1020", got)
	}
	// A jump far ahead of the arrival time is no more believable.
	if got := tl.At(961+48000*3600, 2040); got != 1040 {
		t.Fatalf("after a jump ahead: %d, want 1040", got)
	}
}

func TestTimelineKeepsBridgedPauses(t *testing.T) {
	// The SFU advances timestamps over a pause in sending; the gap stays in the file.
	tl := NewTimeline(90000)
	tl.At(0, 0)
	if got := tl.At(90000*30, 30_010); got != 30_000 {
		t.Fatalf("after a 30 s pause: %d, want 30000", got)
	}
}

func TestEqualRTPTimestampsGiveAWritableFile(t *testing.T) {
	// Frames that share an RTP timestamp (or round to the same millisecond) pass the writer's
	// strictly-increasing check once they have gone through the timeline.
	path := filepath.Join(t.TempDir(), "v.webm")
	w, err := webmfile.Create(path, webmfile.VideoTrack("ann", 2, 2))
	if err != nil {
		t.Fatal(err)
	}
	tl := NewTimeline(90000)
	for i, ts := range []uint32{0, 0, 45, 3000, 3000, 3000, 6000} {
		if err := w.Write(tl.At(ts, int64(i)), i == 0, []byte{byte(i)}); err != nil {
			t.Fatalf("frame %d: %v", i, err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
}
