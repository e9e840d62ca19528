// Command testpublisher is a test tool: it joins a room and publishes a VP8 camera (or screen
// share) track from an IVF file and an Opus microphone track from an Ogg file, both looped,
// until SIGTERM or SIGINT. SIGUSR1 mutes its tracks, or unmutes them when muted.
//
//	PUBLISHER_TOKEN=… testpublisher --url ws://127.0.0.1:7880 --video a.ivf --audio a.ogg
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/pion/webrtc/v4"
	"github.com/pion/webrtc/v4/pkg/media"
	"github.com/pion/webrtc/v4/pkg/media/ivfreader"

	"github.com/livekit/protocol/livekit"
	"github.com/livekit/protocol/logger"
	lksdk "github.com/livekit/server-sdk-go/v2"
	"github.com/livekit/server-sdk-go/v2/pkg/oggreader"
)

func main() {
	url := flag.String("url", "", "LiveKit WebSocket URL")
	video := flag.String("video", "", "VP8 IVF file (looped), or an H.264 Annex B .h264 file (played once)")
	audio := flag.String("audio", "", "Opus Ogg file")
	width := flag.Int("width", 640, "video width, as announced to LiveKit")
	height := flag.Int("height", 360, "video height")
	screen := flag.Bool("screen", false, "publish the video as a screen share instead of a camera")
	flag.Parse()
	token := os.Getenv("PUBLISHER_TOKEN")
	if *url == "" || token == "" || (*video == "" && *audio == "") {
		fmt.Fprintln(os.Stderr, "usage: PUBLISHER_TOKEN=… testpublisher --url ws://… [--video f.ivf] [--audio f.ogg]")
		os.Exit(2)
	}
	logger.InitFromConfig(&logger.Config{Level: "warn"}, "testpublisher")
	lksdk.SetLogger(logger.GetLogger())

	room, err := lksdk.ConnectToRoomWithToken(*url, token, lksdk.NewRoomCallback(), lksdk.WithAutoSubscribe(false))
	if err != nil {
		fmt.Fprintln(os.Stderr, "testpublisher: join:", err)
		os.Exit(1)
	}
	var published []*lksdk.LocalTrackPublication
	publish := func(path, mime string, source livekit.TrackSource, opts lksdk.TrackPublicationOptions) {
		if path == "" {
			return
		}
		var track *lksdk.LocalTrack
		var err error
		if strings.HasSuffix(path, ".h264") {
			// An H.264 publisher, as Safari can be: played once, not looped.
			track, err = lksdk.NewLocalFileTrack(path, lksdk.ReaderTrackWithFrameDuration(40*time.Millisecond))
		} else {
			provider := &loopingFile{path: path, mime: mime}
			if err := provider.open(); err != nil {
				fmt.Fprintln(os.Stderr, "testpublisher:", err)
				os.Exit(1)
			}
			clockRate := uint32(90000)
			if mime == webrtc.MimeTypeOpus {
				clockRate = 48000
			}
			track, err = lksdk.NewLocalTrack(webrtc.RTPCodecCapability{MimeType: mime, ClockRate: clockRate})
			if err == nil {
				track.OnBind(func() { _ = track.StartWrite(provider, nil) })
			}
		}
		if err == nil {
			opts.Source = source
			var pub *lksdk.LocalTrackPublication
			pub, err = room.LocalParticipant.PublishTrack(track, &opts)
			published = append(published, pub)
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "testpublisher: publish:", err)
			os.Exit(1)
		}
	}
	videoSource, videoName := livekit.TrackSource_CAMERA, "camera"
	if *screen {
		videoSource, videoName = livekit.TrackSource_SCREEN_SHARE, "screen"
	}
	publish(*video, webrtc.MimeTypeVP8, videoSource,
		lksdk.TrackPublicationOptions{Name: videoName, VideoWidth: *width, VideoHeight: *height})
	publish(*audio, webrtc.MimeTypeOpus, livekit.TrackSource_MICROPHONE, lksdk.TrackPublicationOptions{Name: "microphone"})
	fmt.Println("publishing")

	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)
	defer stop()
	toggle := make(chan os.Signal, 1)
	signal.Notify(toggle, syscall.SIGUSR1)
	muted := false
	for {
		select {
		case <-ctx.Done():
			room.Disconnect()
			return
		case <-toggle:
			muted = !muted
			for _, pub := range published {
				pub.SetMuted(muted)
			}
			fmt.Println(map[bool]string{true: "muted", false: "unmuted"}[muted])
		}
	}
}

// loopingFile provides the frames of an IVF (VP8) or Ogg (Opus) file, from the start again at
// its end.
type loopingFile struct {
	lksdk.BaseSampleProvider
	path, mime string
	f          *os.File
	ivf        *ivfreader.IVFReader
	frameTime  time.Duration // IVF: one tick of its time base, a frame for ffmpeg's files
	ogg        *oggreader.OggReader
}

func (p *loopingFile) open() error {
	if p.f != nil {
		p.f.Close()
	}
	f, err := os.Open(p.path)
	if err != nil {
		return err
	}
	p.f = f
	if p.mime == webrtc.MimeTypeOpus {
		p.ogg, _, err = oggreader.NewOggReader(f)
		return err
	}
	var header *ivfreader.IVFFileHeader
	p.ivf, header, err = ivfreader.NewWith(f)
	if err == nil {
		p.frameTime = time.Second * time.Duration(header.TimebaseNumerator) / time.Duration(header.TimebaseDenominator)
	}
	return err
}

func (p *loopingFile) NextSample(context.Context) (media.Sample, error) {
	for attempt := 0; attempt < 2; attempt++ {
		sample, err := p.next()
		if !errors.Is(err, io.EOF) && !errors.Is(err, io.ErrUnexpectedEOF) {
			return sample, err
		}
		if err := p.open(); err != nil {
			return media.Sample{}, err
		}
	}
	return media.Sample{}, fmt.Errorf("%s has no frames", p.path)
}

func (p *loopingFile) next() (media.Sample, error) {
	if p.ogg != nil {
		payload, err := p.ogg.ReadPacket()
		if err != nil {
			return media.Sample{}, err
		}
		duration, err := oggreader.ParsePacketDuration(payload)
		return media.Sample{Data: payload, Duration: duration}, err
	}
	// Constant frame rate: pion's IVF reader scales frame timestamps by the time base twice.
	frame, _, err := p.ivf.ParseNextFrame()
	return media.Sample{Data: frame, Duration: p.frameTime}, err
}

func (p *loopingFile) Close() error {
	if p.f != nil {
		return p.f.Close()
	}
	return nil
}
