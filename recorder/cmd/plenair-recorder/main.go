// Command plenair-recorder joins a LiveKit room as a hidden subscriber and writes each track to
// its own WebM file, listed in <out>/manifest.json. It prints one JSON line per state change on
// stdout (logs go to stderr) and stops on SIGTERM or SIGINT, when the room closes, or when it
// is disconnected for good. See docs/recording.md.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/livekit/protocol/logger"
	lksdk "github.com/livekit/server-sdk-go/v2"

	"plenair.local/recorder/internal/record"
)

func main() {
	os.Exit(run())
}

func run() int {
	url := flag.String("url", "", "LiveKit WebSocket URL, e.g. ws://127.0.0.1:7880")
	token := flag.String("token", "", "access token; prefer the environment variable RECORDER_TOKEN, which `ps` does not show")
	out := flag.String("out", "", "folder for manifest.json and tracks/")
	logLevel := flag.String("log-level", "warn", "stderr log level: debug, info, warn or error")
	flag.Parse()

	events := record.NewEvents(os.Stdout)
	if *token == "" {
		*token = os.Getenv("RECORDER_TOKEN")
	}
	if *url == "" || *token == "" || *out == "" {
		events.Emit(record.Event{Event: "error", Reason: "usage: RECORDER_TOKEN=… plenair-recorder --url ws://… --out DIR"})
		return 2
	}

	logger.InitFromConfig(&logger.Config{Level: *logLevel}, "plenair-recorder")
	lksdk.SetLogger(logger.GetLogger())

	// Signals after the first are caught too, and change nothing: the shutdown is under way.
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)
	defer stop()
	reason, err := record.Run(ctx, record.Options{URL: *url, Token: *token, OutDir: *out, Events: events})
	if err != nil {
		var connect *record.ConnectError
		if !errors.As(err, &connect) {
			fmt.Fprintln(os.Stderr, "plenair-recorder:", err)
		}
		events.Emit(record.Event{Event: "error", Reason: err.Error()})
		return 1
	}
	events.Emit(record.Event{Event: "stopped", Reason: reason})
	return 0
}
