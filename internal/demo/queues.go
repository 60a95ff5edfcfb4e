package demo

import (
	"context"
	"fmt"

	"github.com/onestop-fi/onestop/internal/queue"
)

// Queues lists the walk-in queues of the demo's joint service points:
// Kela's walk-in hours at Palojoenkulma and the desks of Iso Omena.
func Queues() []queue.Queue {
	const p, io = "palojoenkulma", "iso-omena"
	return []queue.Queue{
		{Point: p, Slug: "kela", Prefix: "K", Name: text("Kelan neuvonta", "FPA:s rådgivning", "Kela guidance"), Services: []string{"kela-benefit-guidance"}},
		{Point: p, Slug: "digital-help", Prefix: "D", Name: text("Digituki", "Digitalt stöd", "Digital help"), Services: []string{"pori-digital-help"}},
		{Point: io, Slug: "service-point", Prefix: "A", Name: text("Asiointipiste", "Servicepunkt", "Service point"), Services: []string{"espoo-service-point"}},
		{Point: io, Slug: "kela", Prefix: "K", Name: text("Kelan neuvonta", "FPA:s rådgivning", "Kela guidance"), Services: []string{"kela-benefit-guidance"}},
		{Point: io, Slug: "employment", Prefix: "T", Name: text("Työllisyyspalvelut", "Sysselsättningstjänster", "Employment services"), Services: []string{"espoo-employment-services"}},
		{Point: io, Slug: "immigrants", Prefix: "M", Name: text("Maahanmuuttajien neuvonta", "Rådgivning för invandrare", "Information for immigrants"), Services: []string{"espoo-information-point-immigrants"}},
		{Point: io, Slug: "laboratory", Prefix: "L", Name: text("Laboratorio", "Laboratorium", "Laboratory"), Services: []string{"hus-laboratory"}},
	}
}

// Desks lists the demo's desks: four at Palojoenkulma, six at Iso Omena.
func Desks() []queue.Desk {
	var out []queue.Desk
	for i := 1; i <= 4; i++ {
		out = append(out, queue.Desk{Point: "palojoenkulma", Slug: fmt.Sprintf("desk-%d", i), Name: fmt.Sprint(i)})
	}
	for i := 1; i <= 6; i++ {
		out = append(out, queue.Desk{Point: "iso-omena", Slug: fmt.Sprintf("desk-%d", i), Name: fmt.Sprint(i)})
	}
	return out
}

// LoadQueues writes the demo's queues and desks; writing them again
// changes nothing.
func LoadQueues(ctx context.Context, s queue.Store) error {
	for _, q := range Queues() {
		if err := s.PutQueue(ctx, q); err != nil {
			return fmt.Errorf("demo queue %s/%s: %w", q.Point, q.Slug, err)
		}
	}
	for _, d := range Desks() {
		if _, err := s.PutDesk(ctx, d); err != nil {
			return fmt.Errorf("demo desk %s/%s: %w", d.Point, d.Slug, err)
		}
	}
	return nil
}
