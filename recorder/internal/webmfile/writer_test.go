package webmfile

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/at-wat/ebml-go"
	"github.com/at-wat/ebml-go/webm"
)

type parsed struct {
	Header  webm.EBMLHeader `ebml:"EBML"`
	Segment struct {
		Info    webm.Info      `ebml:"Info"`
		Tracks  webm.Tracks    `ebml:"Tracks"`
		Cluster []webm.Cluster `ebml:"Cluster"`
	} `ebml:"Segment"`
}

func readBack(t *testing.T, path string) (parsed, []int64, []bool) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var doc parsed
	if err := ebml.Unmarshal(f, &doc); err != nil && !errors.Is(err, ebml.ErrReadStopped) {
		t.Fatal(err)
	}
	var times []int64
	var keys []bool
	for _, c := range doc.Segment.Cluster {
		for _, b := range c.SimpleBlock {
			times = append(times, int64(c.Timecode)+int64(b.Timecode))
			keys = append(keys, b.Keyframe)
		}
	}
	return doc, times, keys
}

// A VP8 keyframe header for a 640×360 frame, then some payload.
var vp8Key = []byte{0x10, 0x02, 0x00, 0x9d, 0x01, 0x2a, 0x80, 0x02, 0x68, 0x01, 1, 2, 3}
var vp8Delta = []byte{0x31, 0x01, 0x00, 4, 5, 6}

func TestVP8Keyframe(t *testing.T) {
	if key, w, h := VP8Keyframe(vp8Key); !key || w != 640 || h != 360 {
		t.Fatalf("keyframe: %v %dx%d", key, w, h)
	}
	if key, _, _ := VP8Keyframe(vp8Delta); key {
		t.Fatal("a delta frame taken for a keyframe")
	}
}

func TestWriterWritesReadableVideo(t *testing.T) {
	path := filepath.Join(t.TempDir(), "v.webm")
	w, err := Create(path, VideoTrack("ann", 640, 360))
	if err != nil {
		t.Fatal(err)
	}
	var want []int64
	// 40 ms frames for 12 s, a keyframe every 2 s: clusters start at keyframes and at 5 s.
	for i := int64(0); i < 300; i++ {
		frame := vp8Delta
		if i%50 == 0 {
			frame = vp8Key
		}
		if err := w.Write(i*40, i%50 == 0, frame); err != nil {
			t.Fatal(err)
		}
		want = append(want, i*40)
	}
	if err := w.Write(11960, false, vp8Delta); err == nil {
		t.Fatal("a timestamp that is not after the last one was accepted")
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	doc, times, keys := readBack(t, path)
	if doc.Header.DocType != "webm" || doc.Segment.Tracks.TrackEntry[0].CodecID != "V_VP8" ||
		doc.Segment.Tracks.TrackEntry[0].Video.PixelWidth != 640 {
		t.Fatalf("header: %+v %+v", doc.Header, doc.Segment.Tracks)
	}
	if doc.Segment.Info.Duration != 12000 {
		t.Fatalf("duration %v, want 12000 (last frame plus one frame)", doc.Segment.Info.Duration)
	}
	if len(times) != len(want) {
		t.Fatalf("%d frames read back, want %d", len(times), len(want))
	}
	for i := range want {
		if times[i] != want[i] || keys[i] != (i%50 == 0) {
			t.Fatalf("frame %d: %d ms key %v", i, times[i], keys[i])
		}
	}
	for _, c := range doc.Segment.Cluster {
		if len(c.SimpleBlock) > 0 && c.SimpleBlock[len(c.SimpleBlock)-1].Timecode >= maxClusterMs {
			t.Fatalf("cluster at %d runs past %d ms", c.Timecode, maxClusterMs)
		}
	}
}

func TestWriterOpusHeaderAndFullDisk(t *testing.T) {
	path := filepath.Join(t.TempDir(), "a.webm")
	w, err := Create(path, OpusTrack("ann", 2))
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Write(0, true, []byte{0xfc, 1, 2}); err != nil {
		t.Fatal(err)
	}
	// The write that fails (here: on a closed file, as on a full disk) says so.
	w.f.Close()
	if err := w.Write(20, true, []byte{0xfc, 1, 2}); err == nil {
		t.Fatal("a failed write reported no error")
	}
	doc, _, _ := readBack(t, path)
	head := doc.Segment.Tracks.TrackEntry[0].CodecPrivate
	if string(head[:8]) != "OpusHead" || head[9] != 2 || len(head) != 19 {
		t.Fatalf("OpusHead %x", head)
	}
	if _, err := Create(path, OpusTrack("ann", 2)); err == nil {
		t.Fatal("Create overwrote an existing file")
	}
}
