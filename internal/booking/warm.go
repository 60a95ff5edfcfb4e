package booking

import (
	"context"
	"slices"
	"time"

	"github.com/onestop-fi/onestop/internal/catalogue"
	"github.com/onestop-fi/onestop/internal/errs"
)

// Window is how far ahead of its start a search looks when the asker
// names no end.
const Window = 14 * 24 * time.Hour

// Warm searches every bookable offering of the network once, as a
// resident's first search would: the next Window from now, one channel
// each (in person at a point, video or else phone at a remote one). A
// search reads, the first time, what a running server keeps at hand:
// the points, services and opening hours from the catalogue's cache and,
// on SQLite, the staff's and rooms' reservations of those days. Warming
// them when a server starts spares the first residents that wait. It
// returns how many offerings it searched; an offering that cannot be
// searched (a channel its service does not give, say) is passed over.
// It stops when ctx ends.
func Warm(ctx context.Context, cat catalogue.Store, cal Calendar, now time.Time) (int, error) {
	searched := 0
	f := catalogue.PointFilter{Page: catalogue.Page{Limit: catalogue.MaxLimit}}
	for {
		points, next, err := cat.Points(ctx, f)
		if err != nil {
			return searched, err
		}
		for _, p := range points {
			pd, err := cat.Point(ctx, p.Slug)
			if err != nil {
				return searched, err
			}
			for _, o := range pd.Offerings {
				ch, ok := warmChannel(pd.Kind, o)
				if !ok {
					continue
				}
				q := Query{Services: []string{o.Service}, Point: p.Slug, Channel: ch, From: now, To: now.Add(Window), Now: now}
				_, err := Search(ctx, cat, cal, q)
				if err := ctx.Err(); err != nil {
					return searched, err
				}
				if errs.Is(err, errs.Invalid) || errs.Is(err, errs.NotFound) {
					continue
				}
				if err != nil {
					return searched, err
				}
				searched++
			}
		}
		if next == "" {
			return searched, nil
		}
		f.After = next
	}
}

// warmChannel is the channel a resident most likely searches an
// offering by, and whether it takes appointments at all.
func warmChannel(kind catalogue.PointKind, o catalogue.OfferingDetail) (Channel, bool) {
	if o.AppointmentHours == "" {
		return "", false
	}
	if kind != catalogue.Remote {
		return InPerson, slices.Contains(o.Channels, catalogue.InPerson)
	}
	for _, ch := range []Channel{Video, Phone} {
		if slices.Contains(o.Channels, catalogue.Channel(ch)) {
			return ch, true
		}
	}
	return "", false
}
