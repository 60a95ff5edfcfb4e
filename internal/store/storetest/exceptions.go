package storetest

import (
	"context"
	"testing"

	"github.com/onestop-fi/onestop/internal/catalogue"
	"github.com/onestop-fi/onestop/internal/errs"
)

// TestExceptions checks storing, listing by days and removing exceptions.
func TestExceptions(t *testing.T, e Engine) {
	ctx := context.Background()
	c := Loaded(t, e).Catalogue()
	reason := catalogue.Text{Fi: "Koulutuspäivä", Sv: "Utbildningsdag", En: "Training day"}

	training, err := c.AddException(ctx, catalogue.Exception{Point: "joint-pori", FirstDay: "2026-12-01", LastDay: "2026-12-01", Hours: "off", Reason: reason})
	if err != nil || training.ID == 0 {
		t.Fatalf("AddException = %+v, %v", training, err)
	}
	longer, err := c.AddException(ctx, catalogue.Exception{Point: "joint-pori", Service: "benefit-guidance",
		FirstDay: "2026-12-21", LastDay: "2026-12-23", Hours: "09:00-18:00", Reason: reason})
	if err != nil {
		t.Fatal(err)
	}

	got, err := c.Exceptions(ctx, "joint-pori", "2026-12-22", "2026-12-31")
	if err != nil || len(got) != 1 || got[0].ID != longer.ID || got[0].Service != "benefit-guidance" || got[0].Reason != reason {
		t.Fatalf("Exceptions(22–31 Dec) = %+v, %v", got, err)
	}
	got, _ = c.Exceptions(ctx, "joint-pori", "2026-11-01", "2026-12-31")
	if len(got) != 2 || got[0].ID != training.ID || got[0].Service != "" {
		t.Fatalf("Exceptions(Nov–Dec) = %+v", got)
	}
	if got, _ := c.Exceptions(ctx, "kela-pori", "2026-11-01", "2026-12-31"); len(got) != 0 {
		t.Fatalf("another point's exceptions = %+v", got)
	}

	bad := []struct {
		e    catalogue.Exception
		kind errs.Kind
	}{
		{catalogue.Exception{Point: "nowhere", FirstDay: "2026-12-01", LastDay: "2026-12-01", Hours: "off", Reason: reason}, errs.NotFound},
		{catalogue.Exception{Point: "joint-pori", Service: "integration", FirstDay: "2026-12-01", LastDay: "2026-12-01", Hours: "off", Reason: reason}, errs.Invalid},
		{catalogue.Exception{Point: "joint-pori", FirstDay: "2026-12-02", LastDay: "2026-12-01", Hours: "off", Reason: reason}, errs.Invalid},
		{catalogue.Exception{Point: "joint-pori", FirstDay: "2026-12-01", LastDay: "2026-12-01", Hours: "Mo 10:00-12:00", Reason: reason}, errs.Invalid},
		{catalogue.Exception{Point: "joint-pori", FirstDay: "2026-12-01", LastDay: "2026-12-01", Hours: "off"}, errs.Invalid},
	}
	for _, tc := range bad {
		if _, err := c.AddException(ctx, tc.e); !errs.Is(err, tc.kind) {
			t.Errorf("AddException(%+v) = %v; want %s", tc.e, err, tc.kind)
		}
	}

	if err := c.DeleteException(ctx, "kela-pori", training.ID); !errs.Is(err, errs.NotFound) {
		t.Errorf("deleting through another point = %v; want not found", err)
	}
	if err := c.DeleteException(ctx, "joint-pori", training.ID); err != nil {
		t.Fatal(err)
	}
	if got, _ := c.Exceptions(ctx, "joint-pori", "2026-11-01", "2026-12-31"); len(got) != 1 {
		t.Fatalf("after delete: %+v", got)
	}
}
