package hours

import (
	"sync"
	"time"
)

var zones sync.Map // name → *time.Location

// Zone is time.LoadLocation remembered: loading reads the zone file
// from disk each time, and every search and hours page needs its
// point's zone.
func Zone(name string) (*time.Location, error) {
	if loc, ok := zones.Load(name); ok {
		return loc.(*time.Location), nil
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, err
	}
	zones.Store(name, loc)
	return loc, nil
}
