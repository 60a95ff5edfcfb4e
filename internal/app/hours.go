package app

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/onestop-fi/onestop/internal/hours"
)

const localLayout = "2006-01-02T15:04"

// parseLocal reads a local wall-clock time written YYYY-MM-DDTHH:MM or
// YYYY-MM-DD (midnight) in loc.
func parseLocal(s string, loc *time.Location) (time.Time, error) {
	if t, err := time.ParseInLocation(localLayout, s, loc); err == nil {
		return t, nil
	}
	if t, err := time.ParseInLocation(time.DateOnly, s, loc); err == nil {
		return t, nil
	}
	return time.Time{}, fmt.Errorf("%q is not a local time written YYYY-MM-DDTHH:MM or YYYY-MM-DD", s)
}

// runHours evaluates an opening_hours value and prints one JSON object per
// open or unknown interval, in local wall-clock time, half-open.
func runHours(_ context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := newFlagSet("hours", stderr)
	fs.Usage = func() {
		fmt.Fprintln(stderr, `Usage: onestop hours [--tz ZONE] [--from LOCAL] [--to LOCAL] VALUE

Evaluates an OpenStreetMap opening_hours VALUE with Finnish public holidays
and prints one JSON object per interval, e.g.
  {"start":"2026-12-21T09:00","end":"2026-12-21T16:00","unknown":false,"comment":""}
LOCAL is YYYY-MM-DDTHH:MM or YYYY-MM-DD in ZONE; the range is half-open.`)
		fs.PrintDefaults()
	}
	tz := fs.String("tz", "Europe/Helsinki", "IANA time zone")
	fromFlag := fs.String("from", "", "start of the range (default: today 00:00)")
	toFlag := fs.String("to", "", "end of the range (default: 7 days after the start)")
	if err := fs.Parse(args); err != nil {
		if err.Error() == "flag: help requested" {
			return err
		}
		return usageError{err.Error()}
	}
	if fs.NArg() != 1 {
		return usageError{"give exactly one opening_hours value (quote it: onestop hours 'Mo-Fr 09:00-16:00; PH off')"}
	}
	loc, err := time.LoadLocation(*tz)
	if err != nil {
		return usageError{fmt.Sprintf("time zone %q is not an IANA time zone such as Europe/Helsinki", *tz)}
	}
	y, m, d := time.Now().In(loc).Date()
	from := time.Date(y, m, d, 0, 0, 0, 0, loc)
	if *fromFlag != "" {
		if from, err = parseLocal(*fromFlag, loc); err != nil {
			return usageError{"--from: " + err.Error()}
		}
	}
	to := from.AddDate(0, 0, 7)
	if *toFlag != "" {
		if to, err = parseLocal(*toFlag, loc); err != nil {
			return usageError{"--to: " + err.Error()}
		}
	}
	if !to.After(from) {
		return usageError{"--to must be after --from"}
	}
	rules, err := hours.Parse(fs.Arg(0))
	if err != nil {
		return usageError{strings.TrimSpace(err.Error())}
	}
	enc := json.NewEncoder(stdout)
	for _, iv := range rules.Intervals(from, to, loc) {
		enc.Encode(struct {
			Start   string `json:"start"`
			End     string `json:"end"`
			Unknown bool   `json:"unknown"`
			Comment string `json:"comment"`
		}{iv.Start.In(loc).Format(localLayout), iv.End.In(loc).Format(localLayout), iv.Unknown, iv.Comment})
	}
	return nil
}
