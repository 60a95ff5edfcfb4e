package catalogue

import (
	"context"
	"errors"
	"testing"
)

func TestSnapshot(t *testing.T) {
	ctx := context.Background()
	if SnapshotOf(ctx) != nil {
		t.Fatal("a plain context carries a snapshot")
	}
	snap := WithSnapshot(ctx)
	s := SnapshotOf(snap)
	if s == nil || SnapshotOf(WithSnapshot(snap)) != s {
		t.Fatal("WithSnapshot on a context with a snapshot made another")
	}
	reads := 0
	read := func() (int64, error) { reads++; return int64(40 + reads), nil }
	for range 3 {
		if v, err := s.Version(read); v != 41 || err != nil {
			t.Errorf("version = %d, %v; want 41 each time", v, err)
		}
	}
	if reads != 1 {
		t.Errorf("the version was read %d times; want once", reads)
	}
	failed := SnapshotOf(WithSnapshot(ctx))
	boom := errors.New("boom")
	if _, err := failed.Version(func() (int64, error) { return 0, boom }); err != boom {
		t.Errorf("a failed read = %v; want its error", err)
	}
}
