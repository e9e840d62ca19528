// Package record joins a LiveKit room as a hidden subscriber and writes every subscribed VP8 or
// Opus track, as it arrives and without transcoding, to its own WebM file.
package record

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/pion/webrtc/v4"

	"github.com/livekit/protocol/livekit"
	"github.com/livekit/protocol/logger"
	lksdk "github.com/livekit/server-sdk-go/v2"
)

type Options struct {
	URL    string
	Token  string
	OutDir string
	Events *Events
}

// ConnectError is a join that failed: LiveKit unreachable, or the token refused.
type ConnectError struct{ Err error }

func (e *ConnectError) Error() string { return "could not join the room: " + e.Err.Error() }
func (e *ConnectError) Unwrap() error { return e.Err }

// How long a shutdown waits for LiveKit to acknowledge the leave; the files are closed before.
const leaveTimeout = 3 * time.Second

type Recorder struct {
	opts     Options
	started  time.Time
	manifest *ManifestFile
	ready    chan struct{} // closed once joined: startedAt and the manifest exist
	gone     chan string   // the room let the recorder go (closed, removed, reconnects gave up)
	failed   chan error    // a file could not be written

	mu       sync.Mutex
	active   map[string]*trackRecorder // by track SID
	taken    map[string]bool           // file names in use
	stopping bool
}

// Run records until ctx ends, the room lets the recorder go, or a write fails. It returns why it
// stopped; every file it opened is closed and listed with its end in the manifest by then.
func Run(ctx context.Context, opts Options) (string, error) {
	if err := os.MkdirAll(filepath.Join(opts.OutDir, "tracks"), 0o755); err != nil {
		return "", fmt.Errorf("write failed: %w", err)
	}
	r := &Recorder{
		opts:   opts,
		ready:  make(chan struct{}),
		gone:   make(chan string, 1),
		failed: make(chan error, 1),
		active: map[string]*trackRecorder{},
		taken:  map[string]bool{},
	}
	cb := lksdk.NewRoomCallback()
	cb.OnTrackSubscribed = r.onSubscribed
	cb.OnTrackUnsubscribed = r.onUnsubscribed
	cb.OnTrackMuted = func(pub lksdk.TrackPublication, _ lksdk.Participant) { r.find(pub.SID()).setMuted(true) }
	cb.OnTrackUnmuted = func(pub lksdk.TrackPublication, _ lksdk.Participant) { r.find(pub.SID()).setMuted(false) }
	cb.OnDisconnectedWithReason = func(reason lksdk.DisconnectionReason) {
		select {
		case r.gone <- string(reason):
		default:
		}
	}
	room := lksdk.NewRoom(cb)
	joinCtx, cancel := context.WithTimeout(ctx, 20*time.Second)
	err := room.JoinWithContextAndToken(joinCtx, opts.URL, opts.Token,
		lksdk.WithAutoSubscribe(true), lksdk.WithConnectTimeout(10*time.Second))
	cancel()
	if err != nil {
		if ctx.Err() != nil {
			return "stopped before joining", nil
		}
		return "", &ConnectError{err}
	}

	r.started = time.Now()
	r.manifest = NewManifestFile(opts.OutDir, room.Name(), r.started.UnixMilli())
	if err := r.manifest.Save(); err != nil {
		room.Disconnect()
		return "", fmt.Errorf("write failed: %w", err)
	}
	opts.Events.Emit(Event{Event: "joined", Room: room.Name(), StartedAt: r.started.UnixMilli()})
	close(r.ready)

	var reason string
	select {
	case <-ctx.Done():
		reason = "stop requested"
	case reason = <-r.gone:
	case err = <-r.failed:
	}
	r.shutdown(room)
	if err != nil {
		return "", err
	}
	if saveErr := r.manifest.Save(); saveErr != nil {
		return "", fmt.Errorf("write failed: %w", saveErr)
	}
	return reason, nil
}

// nowMs is the time since the recording started, the unit of startMs and endMs.
func (r *Recorder) nowMs() int64 { return time.Since(r.started).Milliseconds() }

func (r *Recorder) fail(err error) {
	select {
	case r.failed <- err:
	default:
	}
}

func (r *Recorder) shutdown(room *lksdk.Room) {
	r.mu.Lock()
	r.stopping = true
	tracks := make([]*trackRecorder, 0, len(r.active))
	for _, t := range r.active {
		tracks = append(tracks, t)
	}
	r.mu.Unlock()
	end := r.nowMs()
	for _, t := range tracks {
		t.end(end)
	}
	left := make(chan struct{})
	go func() {
		room.Disconnect()
		close(left)
	}()
	select {
	case <-left:
	case <-time.After(leaveTimeout):
		logger.Warnw("leaving the room timed out", nil)
	}
}

func (r *Recorder) find(sid string) *trackRecorder {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.active[sid] // nil for skipped tracks; its methods accept a nil receiver
}

func (r *Recorder) onSubscribed(track *webrtc.TrackRemote, pub *lksdk.RemoteTrackPublication, rp *lksdk.RemoteParticipant) {
	t, err := newTrackRecorder(r, track, pub, rp)
	if err != nil {
		logger.Warnw("not recording a track", err, "participant", rp.Identity(), "track", pub.SID())
		r.opts.Events.Emit(Event{Event: "track-skipped", Identity: rp.Identity(), TrackSid: pub.SID(),
			Kind: string(pub.Kind()), Reason: err.Error()})
		_ = pub.SetSubscribed(false)
		return
	}
	if t.video {
		// Without this LiveKit may forward a lower simulcast layer when the recorder's
		// bandwidth estimate is low at the start.
		_ = pub.SetVideoQuality(livekit.VideoQuality_HIGH)
	}
	r.mu.Lock()
	if r.stopping {
		r.mu.Unlock()
		return
	}
	old := r.active[pub.SID()]
	r.active[pub.SID()] = t
	r.mu.Unlock()
	if old != nil {
		old.end(r.nowMsOrZero())
	}
	go t.run()
}

func (r *Recorder) onUnsubscribed(track *webrtc.TrackRemote, pub *lksdk.RemoteTrackPublication, _ *lksdk.RemoteParticipant) {
	r.mu.Lock()
	t := r.active[pub.SID()]
	if t != nil && t.track == track {
		delete(r.active, pub.SID())
	} else {
		t = nil
	}
	r.mu.Unlock()
	t.end(r.nowMsOrZero())
}

// nowMsOrZero is nowMs, or 0 before the recorder has joined.
func (r *Recorder) nowMsOrZero() int64 {
	select {
	case <-r.ready:
		return r.nowMs()
	default:
		return 0
	}
}

// claimFile picks tracks/<identity>-<trackSid>.webm, or -2, -3, … for a later file of the same
// track (after a mute or a new subscription).
func (r *Recorder) claimFile(identity, trackSid string) string {
	r.mu.Lock()
	defer r.mu.Unlock()
	base := "tracks/" + safeName(identity) + "-" + safeName(trackSid)
	name := base + ".webm"
	for n := 2; r.taken[name]; n++ {
		name = fmt.Sprintf("%s-%d.webm", base, n)
	}
	r.taken[name] = true
	return name
}

// safeName keeps letters, digits, '.', '_' and '-' of an identity, and at most 64 of them.
func safeName(s string) string {
	out := make([]rune, 0, len(s))
	for _, c := range s {
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9', c == '_', c == '-':
			out = append(out, c)
		case c == '.' && len(out) > 0:
			out = append(out, c)
		default:
			out = append(out, '_')
		}
		if len(out) == 64 {
			break
		}
	}
	if len(out) == 0 {
		return "_"
	}
	return string(out)
}

var errUnsupportedCodec = errors.New("unsupported codec")
