package record

import (
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/pion/rtp"
	"github.com/pion/rtp/codecs"
	"github.com/pion/webrtc/v4"

	"github.com/livekit/protocol/logger"
	lksdk "github.com/livekit/server-sdk-go/v2"
	"github.com/livekit/server-sdk-go/v2/pkg/samplebuilder"

	"plenair.local/recorder/internal/webmfile"
)

const (
	// How many packets the sample builder waits for a late one before dropping its frame
	// (about 1.5 s of 720p video, 1.3 s of Opus).
	maxLateVideo = 256
	maxLateAudio = 64
	// Keyframe requests while waiting for one are at most this frequent.
	pliInterval = 500 * time.Millisecond
)

// trackRecorder writes one subscription of one track. The subscription's packets are read on
// its own goroutine (run); mute, unmute, unsubscribe and shutdown come from others, hence mu.
// Each unmuted stretch of the subscription goes to its own file.
type trackRecorder struct {
	r     *Recorder
	track *webrtc.TrackRemote
	rp    *lksdk.RemoteParticipant
	entry TrackEntry // identity, name, kind and source for every file of this track
	sid   string
	video bool

	mu       sync.Mutex
	muted    bool
	ended    bool
	needKey  bool // video: drop frames until a keyframe (at the start, after a loss, on unmute)
	lastPLI  time.Time
	w        *webmfile.Writer
	timeline *Timeline
}

func newTrackRecorder(r *Recorder, track *webrtc.TrackRemote, pub *lksdk.RemoteTrackPublication, rp *lksdk.RemoteParticipant) (*trackRecorder, error) {
	mime := strings.ToLower(track.Codec().MimeType)
	video := pub.Kind() == lksdk.TrackKindVideo
	if (video && mime != "video/vp8") || (!video && mime != "audio/opus") {
		// H.264 (Safari, some hardware encoders), VP9 and AV1 would need their own depacketizer
		// and, for H.264, an MP4 or MKV file: not done.
		return nil, fmt.Errorf("%w %s: only VP8 video and Opus audio are recorded", errUnsupportedCodec, track.Codec().MimeType)
	}
	return &trackRecorder{
		r: r, track: track, rp: rp, sid: pub.SID(), video: video,
		muted: pub.IsMuted(), needKey: video,
		entry: TrackEntry{
			Identity: rp.Identity(), Name: rp.Name(), Kind: string(pub.Kind()),
			Source: strings.ToLower(pub.Source().String()),
		},
	}, nil
}

func (t *trackRecorder) run() {
	<-t.r.ready
	var depacketizer rtp.Depacketizer = &codecs.OpusPacket{}
	maxLate := uint16(maxLateAudio)
	if t.video {
		depacketizer, maxLate = &codecs.VP8Packet{}, maxLateVideo
	}
	sb := samplebuilder.New(maxLate, depacketizer, t.track.Codec().ClockRate,
		samplebuilder.WithPacketDroppedHandler(t.onLoss))
	t.mu.Lock()
	t.requestKeyframeLocked(true)
	t.mu.Unlock()
	for {
		packet, _, err := t.track.ReadRTP()
		if err != nil {
			t.end(t.r.nowMs())
			return
		}
		if isPaddingOnly(packet) {
			// LiveKit probes bandwidth with padding-only packets. Pushed as they are, the sample
			// builder would hold them as unfinished frames; without a payload it passes them on
			// as empty frames, and the sequence numbers stay whole.
			packet.Payload = nil
		}
		sb.Push(packet)
		for {
			sample, timestamp := sb.PopWithTimestamp()
			if sample == nil {
				break
			}
			if !t.write(sample.Data, timestamp) {
				return
			}
		}
	}
}

// write handles one whole frame; false when this subscription is over.
func (t *trackRecorder) write(frame []byte, rtpTimestamp uint32) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.ended {
		return false
	}
	if t.muted || len(frame) == 0 {
		return true
	}
	keyframe, width, height := true, 0, 0
	if t.video {
		keyframe, width, height = webmfile.VP8Keyframe(frame)
		if t.needKey && !keyframe {
			t.requestKeyframeLocked(false)
			return true
		}
		t.needKey = false
	}
	now := t.r.nowMs()
	if t.w == nil {
		if err := t.startFileLocked(now, width, height); err != nil {
			t.r.fail(fmt.Errorf("write failed: %w", err))
			t.ended = true
			return false
		}
	}
	if err := t.w.Write(t.timeline.At(rtpTimestamp, now), keyframe, frame); err != nil {
		t.r.fail(fmt.Errorf("write failed: %w", err))
		t.endFileLocked(now)
		t.ended = true
		return false
	}
	return true
}

func (t *trackRecorder) startFileLocked(now int64, width, height int) error {
	file := t.r.claimFile(t.entry.Identity, t.sid)
	track := webmfile.OpusTrack(t.entry.Identity, int(t.track.Codec().Channels))
	if t.video {
		track = webmfile.VideoTrack(t.entry.Identity, width, height)
	}
	w, err := webmfile.Create(filepath.Join(t.r.opts.OutDir, filepath.FromSlash(file)), track)
	if err != nil {
		return err
	}
	t.w, t.timeline = w, NewTimeline(t.track.Codec().ClockRate)
	t.entry.File, t.entry.StartMs, t.entry.EndMs = file, now, nil
	if err := t.r.manifest.Add(t.entry); err != nil {
		return err
	}
	t.r.opts.Events.Emit(Event{Event: "track-start", File: file, Identity: t.entry.Identity, TrackSid: t.sid,
		Kind: t.entry.Kind, Source: t.entry.Source, StartMs: &now})
	return nil
}

// endFileLocked closes the current file, if any, and lists its end.
func (t *trackRecorder) endFileLocked(endMs int64) {
	if t.w == nil {
		return
	}
	err := t.w.Close()
	t.w = nil
	if endMs <= t.entry.StartMs {
		endMs = t.entry.StartMs + 1
	}
	if err == nil {
		err = t.r.manifest.End(t.entry.File, endMs)
	}
	if err != nil {
		t.r.fail(fmt.Errorf("write failed: %w", err))
		return
	}
	t.r.opts.Events.Emit(Event{Event: "track-end", File: t.entry.File, Identity: t.entry.Identity,
		TrackSid: t.sid, EndMs: &endMs})
}

// end closes the file for good: the track was unsubscribed, or the recorder stops.
func (t *trackRecorder) end(endMs int64) {
	if t == nil {
		return
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	t.ended = true
	t.endFileLocked(endMs)
}

// setMuted ends the file on mute; after unmute the next (key)frame starts a new one, so a
// muted stretch is black or silent in the composition rather than a frozen frame.
func (t *trackRecorder) setMuted(muted bool) {
	if t == nil {
		return
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.ended || t.muted == muted {
		return
	}
	t.muted = muted
	if muted {
		t.endFileLocked(t.r.nowMsOrZero())
	} else if t.video {
		t.needKey = true
		t.requestKeyframeLocked(true)
	}
}

// onLoss runs inside the sample builder when it gives up on a frame: the frames after it
// would decode with artefacts, so wait for a keyframe.
func (t *trackRecorder) onLoss() {
	if !t.video {
		return
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if !t.needKey {
		logger.Debugw("video packet lost, requesting a keyframe", "track", t.sid)
	}
	t.needKey = true
	t.requestKeyframeLocked(false)
}

func (t *trackRecorder) requestKeyframeLocked(now bool) {
	if !t.video || (!now && time.Since(t.lastPLI) < pliInterval) {
		return
	}
	t.lastPLI = time.Now()
	t.rp.WritePLI(t.track.SSRC())
}

// isPaddingOnly: pion hands such packets over with the padding still as their payload.
func isPaddingOnly(packet *rtp.Packet) bool {
	return packet.Padding && len(packet.Payload) <= int(packet.PaddingSize)
}
