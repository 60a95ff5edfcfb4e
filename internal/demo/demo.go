// Package demo holds the demo data set: the real joint service points of
// DESIGN.md §1 (Palojoenkulma in Pori, the Iso Omena and Kalajärvi service
// centres in Espoo) and a realistic slice of Kela's service network.
//
// Figures, organisations, services and addresses follow public sources;
// staff names are fictional on purpose (their surnames mean "example" or
// "sample" in the languages they speak). Facts we could not verify are
// marked where they are written.
package demo

import (
	"context"
	"fmt"

	"github.com/onestop-fi/onestop/internal/catalogue"
	"github.com/onestop-fi/onestop/internal/errs"
)

// Catalogue returns the demo catalogue, built afresh on every call so that
// callers may change it freely.
func Catalogue() *catalogue.Catalogue {
	c := &catalogue.Catalogue{
		Organisations: organisations(),
		Services:      services(),
	}
	addPori(c)
	addEspoo(c)
	addKelaNetwork(c)
	c.Staff = append(c.Staff, staff()...)
	return c
}

// Load imports the demo catalogue into s when s holds no catalogue yet, and
// reports whether it did. It is safe to call on every start and from several
// instances at once: when another instance imports first, the import is a
// conflict and the catalogue counts as already loaded.
func Load(ctx context.Context, s catalogue.Store) (loaded bool, err error) {
	empty, err := s.Empty(ctx)
	if err != nil {
		return false, fmt.Errorf("demo: checking whether the catalogue is empty: %w", err)
	}
	if !empty {
		return false, nil
	}
	if err := s.Import(ctx, Catalogue()); err != nil {
		if errs.Is(err, errs.Conflict) {
			return false, nil
		}
		return false, fmt.Errorf("demo: importing the demo catalogue: %w", err)
	}
	return true, nil
}

// Helpers that keep the literals short.

const (
	helsinki = "Europe/Helsinki"
	// weekdays are the usual office hours of a service point.
	weekdays = "Mo-Fr 09:00-16:00; PH off"
)

// text is a name or description in Finnish, Swedish and English.
func text(fi, sv, en string) catalogue.Text { return catalogue.Text{Fi: fi, Sv: sv, En: en} }

// same is a proper name written alike in all three languages.
func same(s string) catalogue.Text { return text(s, s, s) }

// address is a street address of a Finnish-speaking municipality, where
// streets have only a Finnish name and English uses it too.
func address(street, postalCode, postOffice string) catalogue.Address {
	return catalogue.Address{Street: same(street), PostalCode: postalCode, PostOffice: same(postOffice)}
}

// bilingualAddress is a street address of a bilingual municipality, whose
// streets have official Finnish and Swedish names; English uses the name of
// the municipality's majority language.
func bilingualAddress(streetFi, streetSv, postalCode, postOfficeFi, postOfficeSv string, swedishMajority bool) catalogue.Address {
	streetEn, postOfficeEn := streetFi, postOfficeFi
	if swedishMajority {
		streetEn, postOfficeEn = streetSv, postOfficeSv
	}
	return catalogue.Address{
		Street:     text(streetFi, streetSv, streetEn),
		PostalCode: postalCode,
		PostOffice: text(postOfficeFi, postOfficeSv, postOfficeEn),
	}
}

func at(lat, lon float64) *catalogue.Location { return &catalogue.Location{Lat: lat, Lon: lon} }

func langs(l ...string) []string { return l }

func lifeEvents(e ...string) []string { return e }

func channels(c ...catalogue.Channel) []catalogue.Channel { return c }

// allChannels are the channels Kela gives its guidance through.
func allChannels() []catalogue.Channel {
	return channels(catalogue.InPerson, catalogue.Phone, catalogue.Video, catalogue.Callback, catalogue.EService)
}

// walkIn is an offering customers can walk in to, with no appointment hours.
func walkIn(point, service, hours string) catalogue.Offering {
	return catalogue.Offering{Point: point, Service: service, WalkInHours: hours}
}

// byAppointment is an offering given only to customers who booked.
func byAppointment(point, service, hours string) catalogue.Offering {
	return catalogue.Offering{Point: point, Service: service, AppointmentHours: hours}
}

// both is an offering with walk-in and appointment hours.
func both(point, service, walkInHours, appointmentHours string) catalogue.Offering {
	return catalogue.Offering{Point: point, Service: service, WalkInHours: walkInHours, AppointmentHours: appointmentHours}
}

// withNotes returns o with notes.
func withNotes(o catalogue.Offering, notes catalogue.Text) catalogue.Offering {
	o.Notes = notes
	return o
}

// resource is one room or station.
func resource(point, slug string, kind catalogue.ResourceKind, name catalogue.Text, capacity int, by catalogue.Audience) catalogue.Resource {
	return catalogue.Resource{Slug: point + "-" + slug, Point: point, Kind: kind, Name: name, Capacity: capacity, BookableBy: by}
}

// numbered is n alike resources numbered from 1: slugs end in -01, -02…
// and names in " 1", " 2"…
func numbered(point, slug string, kind catalogue.ResourceKind, name catalogue.Text, n, capacity int, by catalogue.Audience) []catalogue.Resource {
	rs := make([]catalogue.Resource, 0, n)
	for i := 1; i <= n; i++ {
		nm := text(fmt.Sprintf("%s %d", name.Fi, i), fmt.Sprintf("%s %d", name.Sv, i), fmt.Sprintf("%s %d", name.En, i))
		rs = append(rs, resource(point, fmt.Sprintf("%s-%02d", slug, i), kind, nm, capacity, by))
	}
	return rs
}

// municipality returns the official code and names of a municipality that
// has demo points. Codes and names are those of Statistics Finland (as in
// the shared data/finland/municipalities.json); English uses the Finnish
// name, as Finnish official English does.
func municipality(code string) catalogue.MunicipalityRef {
	var fi, sv string
	switch code {
	case "049":
		fi, sv = "Espoo", "Esbo"
	case "091":
		fi, sv = "Helsinki", "Helsingfors"
	case "102":
		fi, sv = "Huittinen", "Vittis"
	case "148":
		fi, sv = "Inari", "Enare"
	case "167":
		fi, sv = "Joensuu", "Joensuu"
	case "179":
		fi, sv = "Jyväskylä", "Jyväskylä"
	case "214":
		fi, sv = "Kankaanpää", "Kankaanpää"
	case "230":
		fi, sv = "Karvia", "Karvia"
	case "287":
		fi, sv = "Kristiinankaupunki", "Kristinestad"
	case "297":
		fi, sv = "Kuopio", "Kuopio"
	case "398":
		fi, sv = "Lahti", "Lahtis"
	case "445":
		fi, sv = "Parainen", "Pargas"
	case "484":
		fi, sv = "Merikarvia", "Sastmola"
	case "564":
		fi, sv = "Oulu", "Uleåborg"
	case "608":
		fi, sv = "Pomarkku", "Påmark"
	case "609":
		fi, sv = "Pori", "Björneborg"
	case "684":
		fi, sv = "Rauma", "Raumo"
	case "698":
		fi, sv = "Rovaniemi", "Rovaniemi"
	case "743":
		fi, sv = "Seinäjoki", "Seinäjoki"
	case "747":
		fi, sv = "Siikainen", "Siikais"
	case "837":
		fi, sv = "Tampere", "Tammerfors"
	case "853":
		fi, sv = "Turku", "Åbo"
	case "890":
		fi, sv = "Utsjoki", "Utsjoki"
	case "905":
		fi, sv = "Vaasa", "Vasa"
	default:
		// A programming error in this package; the tests call every path.
		panic("demo: no municipality with code " + code)
	}
	en := fi
	if code == "287" || code == "445" {
		// Kristinestad and Pargas have a Swedish-speaking majority;
		// English uses the Swedish name.
		en = sv
	}
	return catalogue.MunicipalityRef{Code: code, Name: text(fi, sv, en)}
}
