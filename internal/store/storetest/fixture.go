package storetest

import "github.com/onestop-fi/onestop/internal/catalogue"

func text(s string) catalogue.Text { return catalogue.Text{Fi: s, Sv: s + " (sv)", En: s + " (en)"} }

// Fixture is a small catalogue for store tests: two organisations, three
// services, three points in two municipalities, staff and resources.
func Fixture() *catalogue.Catalogue {
	return &catalogue.Catalogue{
		Organisations: []catalogue.Organisation{
			{Slug: "kela", Kind: catalogue.Kela, BusinessID: "0246246-0", Name: catalogue.Text{Fi: "Kela", Sv: "FPA", En: "Kela"}},
			{Slug: "pori", Kind: catalogue.Municipality, BusinessID: "0204819-8", Name: catalogue.Text{Fi: "Porin kaupunki", Sv: "Björneborgs stad", En: "City of Pori"}},
		},
		Services: []catalogue.Service{
			{Slug: "benefit-guidance", Organisation: "kela", Name: text("Etuusneuvonta"), DurationMinutes: 30,
				Channels: []catalogue.Channel{catalogue.InPerson, catalogue.Phone}, Languages: []string{"fi", "sv"}, LifeEvents: []string{"losing_job", "low_income"}},
			{Slug: "employment", Organisation: "pori", Name: text("Työllisyyspalvelut"), DurationMinutes: 45,
				Channels: []catalogue.Channel{catalogue.InPerson}, Languages: []string{"fi"}, LifeEvents: []string{"losing_job"}},
			{Slug: "integration", Organisation: "pori", Name: text("Kotoutumispalvelut"), DurationMinutes: 60,
				Channels: []catalogue.Channel{catalogue.InPerson, catalogue.Video}, Languages: []string{"fi", "ar"}, LifeEvents: []string{"moving_to_finland"}},
		},
		Points: []catalogue.Point{
			{Slug: "joint-pori", Kind: catalogue.Joint, Name: text("Yhteispalvelupiste"),
				Address:      catalogue.Address{Street: text("Yrjönkatu 23"), PostalCode: "28100", PostOffice: text("Pori")},
				Municipality: catalogue.MunicipalityRef{Code: "609", Name: catalogue.Text{Fi: "Pori", Sv: "Björneborg", En: "Pori"}},
				Location:     &catalogue.Location{Lat: 61.4847, Lon: 21.7972}, TimeZone: "Europe/Helsinki",
				OpeningHours: "Mo-Fr 09:00-16:00; PH off", Languages: []string{"fi", "sv", "en"}},
			{Slug: "kela-pori", Kind: catalogue.Office, Name: text("Kela Pori"),
				Address:      catalogue.Address{Street: text("Itsenäisyydenkatu 1"), PostalCode: "28100", PostOffice: text("Pori")},
				Municipality: catalogue.MunicipalityRef{Code: "609", Name: catalogue.Text{Fi: "Pori", Sv: "Björneborg", En: "Pori"}},
				TimeZone:     "Europe/Helsinki", OpeningHours: "Mo-Fr 09:00-16:00; PH off"},
			{Slug: "kela-vaasa", Kind: catalogue.Office, Name: text("Kela Vaasa"),
				Address:      catalogue.Address{Street: text("Kauppapuistikko 1"), PostalCode: "65100", PostOffice: text("Vaasa")},
				Municipality: catalogue.MunicipalityRef{Code: "905", Name: catalogue.Text{Fi: "Vaasa", Sv: "Vasa", En: "Vaasa"}},
				TimeZone:     "Europe/Helsinki", OpeningHours: "Tu,Th 09:00-15:00; PH off"},
		},
		Offerings: []catalogue.Offering{
			{Point: "joint-pori", Service: "benefit-guidance", WalkInHours: "Mo,Tu,Th,Fr 12:00-15:30; PH off", AppointmentHours: "Mo-Fr 09:00-16:00; PH off"},
			{Point: "joint-pori", Service: "employment", AppointmentHours: "Mo-Fr 09:00-16:00; PH off"},
			{Point: "kela-pori", Service: "benefit-guidance", WalkInHours: "Mo-Fr 09:00-16:00; PH off"},
			{Point: "kela-vaasa", Service: "benefit-guidance", WalkInHours: "Tu,Th 09:00-15:00; PH off"},
		},
		Staff: []catalogue.StaffMember{
			{Slug: "aino-esimerkki", Name: "Aino Esimerkki", Organisation: "kela", Services: []string{"benefit-guidance"}, Languages: []string{"fi", "sv"}},
			{Slug: "omar-testinen", Name: "Omar Testinen", Organisation: "pori", Services: []string{"employment", "integration"}, Languages: []string{"fi", "ar", "en"}},
			{Slug: "lina-tulkki", Name: "Lina Tulkki", Organisation: "pori", Languages: []string{"ar", "fi"}, Interpreter: true},
		},
		Resources: []catalogue.Resource{
			{Slug: "joint-pori-room-1", Point: "joint-pori", Kind: catalogue.AdvisoryRoom, Name: text("Neuvontahuone 1"), Capacity: 4, BookableBy: catalogue.StaffOnly},
			{Slug: "joint-pori-ws-01", Point: "joint-pori", Kind: catalogue.Workstation, Name: text("Työpiste 1"), Capacity: 1, BookableBy: catalogue.StaffOnly},
		},
	}
}
