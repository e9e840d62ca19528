package record

import (
	"encoding/json"
	"os"
	"path/filepath"
	"sync"
)

// ManifestName is the file beside tracks/ that lists every track file of a recording.
const ManifestName = "manifest.json"

// Manifest is what src/lib/server/recordings/manifest.ts reads.
type Manifest struct {
	Version   int          `json:"version"`
	Room      string       `json:"room"`
	StartedAt int64        `json:"startedAt"` // unix ms
	Tracks    []TrackEntry `json:"tracks"`
}

// TrackEntry is one track file: one subscription of one track, or one unmuted stretch of it.
type TrackEntry struct {
	File     string `json:"file"` // relative to the manifest, "tracks/<identity>-<trackSid>.webm"
	Identity string `json:"identity"`
	Name     string `json:"name"`
	Kind     string `json:"kind"`   // "audio" | "video"
	Source   string `json:"source"` // "camera" | "microphone" | "screen_share" | ...
	StartMs  int64  `json:"startMs"`
	EndMs    *int64 `json:"endMs"` // null while the file is still being written
}

// ManifestFile keeps <dir>/manifest.json in step with the recording. Every save writes a
// temporary file and renames it over the old one, so a reader never sees half a manifest.
type ManifestFile struct {
	dir string
	mu  sync.Mutex
	m   Manifest
}

func NewManifestFile(dir, room string, startedAt int64) *ManifestFile {
	return &ManifestFile{dir: dir, m: Manifest{Version: 1, Room: room, StartedAt: startedAt, Tracks: []TrackEntry{}}}
}

// Add lists a new track file and saves.
func (f *ManifestFile) Add(entry TrackEntry) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.m.Tracks = append(f.m.Tracks, entry)
	return f.saveLocked()
}

// End sets a track file's end and saves.
func (f *ManifestFile) End(file string, endMs int64) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	for i := range f.m.Tracks {
		if f.m.Tracks[i].File == file {
			f.m.Tracks[i].EndMs = &endMs
		}
	}
	return f.saveLocked()
}

func (f *ManifestFile) Save() error {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.saveLocked()
}

func (f *ManifestFile) saveLocked() error {
	data, err := json.MarshalIndent(f.m, "", "  ")
	if err != nil {
		return err
	}
	return writeFileAtomic(filepath.Join(f.dir, ManifestName), append(data, '\n'))
}

func writeFileAtomic(path string, data []byte) error {
	tmp := filepath.Join(filepath.Dir(path), "."+filepath.Base(path)+".tmp")
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if syncErr := f.Sync(); err == nil {
		err = syncErr
	}
	if closeErr := f.Close(); err == nil {
		err = closeErr
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
	}
	return err
}
