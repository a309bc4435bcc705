// A Go service as a team would write it, reporting through Debian's sentry-go (0.11).
package main

import (
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/getsentry/sentry-go"
)

var errNotFound = errors.New("room not found")

func joinRoom(id string) error {
	return fmt.Errorf("join %s: %w", id, errNotFound)
}

func main() {
	err := sentry.Init(sentry.ClientOptions{Dsn: os.Getenv("DSN"), Release: "signaling-go@1.0.0", Environment: "production", AttachStacktrace: true})
	if err != nil {
		panic(err)
	}
	sentry.ConfigureScope(func(scope *sentry.Scope) {
		scope.SetUser(sentry.User{ID: "peer-7"})
		scope.SetTag("tier", "signaling")
	})
	sentry.CaptureException(joinRoom("r-9"))
	sentry.CaptureMessage("peer count above threshold")
	if !sentry.Flush(5 * time.Second) {
		os.Exit(3)
	}
}
