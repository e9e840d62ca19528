// Package webmfile writes one audio or video track to a WebM file, frame by frame, without
// transcoding. Every write goes straight to the file (no background goroutine), so a full disk
// is reported by the Write that hit it, and a killed recorder leaves a file that is readable up
// to its last whole frame: the Segment and the Clusters have an unknown size, as in live WebM.
package webmfile

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"os"

	"github.com/at-wat/ebml-go"
	"github.com/at-wat/ebml-go/webm"
)

// A new Cluster starts at a video keyframe once the current one is this long, and always
// before a block's relative timecode (int16) could overflow.
const (
	minClusterMs = 1000
	maxClusterMs = 5000
)

// Writer writes the blocks of a single track (track number 1).
type Writer struct {
	f            *os.File
	video        bool
	durationAt   int64 // file offset of the Duration float, patched on Close
	clusterStart int64
	inCluster    bool
	last         int64
	lastDelta    int64
	frames       int
}

// VideoTrack describes a VP8 track of the given size.
func VideoTrack(name string, width, height int) webm.TrackEntry {
	return webm.TrackEntry{
		Name: name, TrackNumber: 1, TrackUID: 1, CodecID: "V_VP8", TrackType: 1,
		Video: &webm.Video{PixelWidth: uint64(width), PixelHeight: uint64(height)},
	}
}

// OpusTrack describes an Opus track; WebRTC always negotiates 48 kHz, two channels.
func OpusTrack(name string, channels int) webm.TrackEntry {
	if channels < 1 {
		channels = 2
	}
	return webm.TrackEntry{
		Name: name, TrackNumber: 1, TrackUID: 1, CodecID: "A_OPUS", TrackType: 2,
		CodecPrivate: opusHead(channels),
		SeekPreRoll:  80_000_000, // ns, as the WebM Opus mapping recommends
		Audio:        &webm.Audio{SamplingFrequency: 48000, Channels: uint64(channels)},
	}
}

// opusHead is the identification header of RFC 7845, section 5.1, with no pre-skip: RTP Opus
// packets start decoding mid-stream, and a pre-skip would shift the track against its video.
func opusHead(channels int) []byte {
	head := []byte("OpusHead")
	head = append(head, 1, byte(channels), 0, 0)
	head = binary.LittleEndian.AppendUint32(head, 48000)
	return append(head, 0, 0, 0) // output gain 0, channel mapping family 0
}

// Create writes the EBML header, Info and Tracks of a new file. The file must not exist.
func Create(path string, track webm.TrackEntry) (*Writer, error) {
	var header bytes.Buffer
	err := ebml.Marshal(&struct {
		Header  *webm.EBMLHeader `ebml:"EBML"`
		Segment struct {
			Info   webm.Info   `ebml:"Info"`
			Tracks webm.Tracks `ebml:"Tracks"`
		} `ebml:"Segment,size=unknown"`
	}{
		Header: webm.DefaultEBMLHeader,
		Segment: struct {
			Info   webm.Info   `ebml:"Info"`
			Tracks webm.Tracks `ebml:"Tracks"`
		}{
			// A non-zero placeholder, so that the Duration element is written at all.
			Info:   webm.Info{TimecodeScale: 1_000_000, MuxingApp: "plenair-recorder", WritingApp: "plenair-recorder", Duration: 1},
			Tracks: webm.Tracks{TrackEntry: []webm.TrackEntry{track}},
		},
	}, &header)
	if err != nil {
		return nil, err
	}
	// Duration: ID 0x4489, size 0x88 (8 bytes), then the float64.
	at := bytes.Index(header.Bytes(), []byte{0x44, 0x89, 0x88})
	if at < 0 {
		return nil, errors.New("webm: no Duration element in the header")
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return nil, err
	}
	if _, err := f.Write(header.Bytes()); err != nil {
		f.Close()
		return nil, err
	}
	return &Writer{f: f, video: track.TrackType == 1, durationAt: int64(at + 3)}, nil
}

// Write appends one frame at ms milliseconds from the start of the file. Timestamps must be
// strictly increasing (record.Timeline makes them so).
func (w *Writer) Write(ms int64, keyframe bool, frame []byte) error {
	if w.frames > 0 && ms <= w.last {
		return fmt.Errorf("webm: timestamp %d ms is not after %d ms", ms, w.last)
	}
	var out bytes.Buffer
	since := ms - w.clusterStart
	if !w.inCluster || since >= maxClusterMs || (w.video && keyframe && since >= minClusterMs) {
		err := ebml.Marshal(&struct {
			Cluster struct {
				Timecode uint64 `ebml:"Timecode"`
			} `ebml:"Cluster,size=unknown"`
		}{Cluster: struct {
			Timecode uint64 `ebml:"Timecode"`
		}{Timecode: uint64(ms)}}, &out)
		if err != nil {
			return err
		}
		w.clusterStart, w.inCluster, since = ms, true, 0
	}
	err := ebml.Marshal(&struct {
		Block ebml.Block `ebml:"SimpleBlock"`
	}{ebml.Block{TrackNumber: 1, Timecode: int16(since), Keyframe: keyframe || !w.video, Data: [][]byte{frame}}}, &out)
	if err != nil {
		return err
	}
	if _, err := w.f.Write(out.Bytes()); err != nil {
		return err
	}
	if w.frames > 0 {
		w.lastDelta = ms - w.last
	}
	w.last = ms
	w.frames++
	return nil
}

// Frames is the number of frames written so far.
func (w *Writer) Frames() int { return w.frames }

// Close writes the real duration into the header and closes the file.
func (w *Writer) Close() error {
	duration := float64(w.last + w.lastDelta)
	var buf [8]byte
	binary.BigEndian.PutUint64(buf[:], math.Float64bits(duration))
	_, err := w.f.WriteAt(buf[:], w.durationAt)
	if syncErr := w.f.Sync(); err == nil {
		err = syncErr
	}
	if closeErr := w.f.Close(); err == nil {
		err = closeErr
	}
	return err
}

// VP8Keyframe reports whether a VP8 frame is a keyframe, and its size when it is (RFC 6386,
// section 9.1: a 3-byte frame tag, the start code 9d 01 2a, then 14-bit width and height).
func VP8Keyframe(frame []byte) (key bool, width, height int) {
	if len(frame) < 10 || frame[0]&0x01 != 0 || frame[3] != 0x9d || frame[4] != 0x01 || frame[5] != 0x2a {
		return false, 0, 0
	}
	return true, int(binary.LittleEndian.Uint16(frame[6:8]) & 0x3fff), int(binary.LittleEndian.Uint16(frame[8:10]) & 0x3fff)
}
