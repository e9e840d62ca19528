package record

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func readManifest(t *testing.T, dir string) (Manifest, string) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, ManifestName))
	if err != nil {
		t.Fatal(err)
	}
	var m Manifest
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	return m, string(data)
}

func TestManifestIsRewrittenWholeOnEveryChange(t *testing.T) {
	dir := t.TempDir()
	f := NewManifestFile(dir, "room-a", 1700000000000)
	if err := f.Save(); err != nil {
		t.Fatal(err)
	}
	m, text := readManifest(t, dir)
	if m.Version != 1 || m.Room != "room-a" || m.StartedAt != 1700000000000 || !strings.Contains(text, `"tracks": []`) {
		t.Fatalf("empty manifest: %s", text)
	}

	entry := TrackEntry{File: "tracks/ann-TR_1.webm", Identity: "ann", Name: "Ann", Kind: "video", Source: "camera", StartMs: 120}
	if err := f.Add(entry); err != nil {
		t.Fatal(err)
	}
	m, text = readManifest(t, dir)
	if len(m.Tracks) != 1 || m.Tracks[0].EndMs != nil || !strings.Contains(text, `"endMs": null`) {
		t.Fatalf("open track: %s", text)
	}

	if err := f.End("tracks/ann-TR_1.webm", 5120); err != nil {
		t.Fatal(err)
	}
	m, _ = readManifest(t, dir)
	if got := m.Tracks[0]; got.EndMs == nil || *got.EndMs != 5120 || got.StartMs != 120 || got.Source != "camera" {
		t.Fatalf("ended track: %+v", got)
	}

	names, _ := os.ReadDir(dir)
	if len(names) != 1 || names[0].Name() != ManifestName {
		t.Fatalf("left in the folder: %v", names)
	}
}

func TestManifestSaveFailureLeavesNoTempFile(t *testing.T) {
	dir := t.TempDir()
	f := NewManifestFile(dir, "room-a", 1)
	// A directory where the manifest should go makes the rename fail.
	if err := os.Mkdir(filepath.Join(dir, ManifestName), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := f.Save(); err == nil {
		t.Fatal("saving over a directory succeeded")
	}
	if _, err := os.Stat(filepath.Join(dir, "."+ManifestName+".tmp")); !os.IsNotExist(err) {
		t.Fatalf("temp file left: %v", err)
	}
}
