package record

import (
	"encoding/json"
	"io"
	"sync"
)

// Event is one line on stdout; the app reads these to follow the recorder.
type Event struct {
	Event     string `json:"event"` // joined, track-start, track-end, track-skipped, stopped, error
	Room      string `json:"room,omitempty"`
	StartedAt int64  `json:"startedAt,omitempty"`
	File      string `json:"file,omitempty"`
	Identity  string `json:"identity,omitempty"`
	TrackSid  string `json:"trackSid,omitempty"`
	Kind      string `json:"kind,omitempty"`
	Source    string `json:"source,omitempty"`
	StartMs   *int64 `json:"startMs,omitempty"`
	EndMs     *int64 `json:"endMs,omitempty"`
	Reason    string `json:"reason,omitempty"`
}

// Events writes one JSON object a line, whole lines only, from any goroutine.
type Events struct {
	mu  sync.Mutex
	enc *json.Encoder
}

func NewEvents(w io.Writer) *Events { return &Events{enc: json.NewEncoder(w)} }

func (e *Events) Emit(ev Event) {
	e.mu.Lock()
	defer e.mu.Unlock()
	_ = e.enc.Encode(ev) // stdout gone: nobody is left to tell
}
