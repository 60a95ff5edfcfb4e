package benchdata

import (
	"cmp"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"

	"github.com/onestop-fi/onestop/internal/booking"
	"github.com/onestop-fi/onestop/internal/catalogue"
)

// Hours of every in-person point, offering and full working day: the
// benchmark's network is open for appointments Monday to Friday 8–16.
const (
	openHours = "Mo-Fr 08:00-16:00; PH off"
	zone      = "Europe/Helsinki"
)

// Kinds of in-person points, in the order a town gets them: a joint
// service point first, then a health and social services centre, a Kela
// office, employment services, another centre and a city service point.
const (
	jointPoint = iota
	socialHealthPoint
	kelaPoint
	employmentPoint
	cityPoint
)

// meetingRooms is the least number of meeting rooms of a kind of point;
// some have one more.
var meetingRooms = map[int]int{jointPoint: 1, socialHealthPoint: 1, kelaPoint: 1, employmentPoint: 1, cityPoint: 0}

var laterKinds = []int{socialHealthPoint, kelaPoint, employmentPoint, socialHealthPoint, cityPoint}

// Staff per point and organisation, before scaling to the staff asked
// for: the joint points have a few people of each organisation.
var deskWeights = map[int]map[string]float64{
	jointPoint:        {"kela": 3, "county": 3, "employment": 2, "city": 2},
	socialHealthPoint: {"county": 12},
	kelaPoint:         {"kela": 10},
	employmentPoint:   {"employment": 8},
	cityPoint:         {"city": 4},
}

// network is the generated catalogue with what the appointment layout
// needs to know about it, by index into the catalogue's slices.
type network struct {
	cat       *catalogue.Catalogue
	schedules []booking.Schedule
	// duration of each service, in minutes.
	duration []int
	// offered[p] are the services (indices) point p offers.
	offered [][]int
	// rooms[p] are the resources (indices) of point p.
	rooms [][]int
	// remote[p] tells whether point p is a remote point.
	remote []bool
	// staffServices[s] are the services (indices) staff member s gives.
	staffServices [][]int
	// work[s] is where staff member s works: a point index and hours;
	// remote work has the index of the remote point of their
	// organisation.
	work [][]placeHours
	// targets are the bookable offerings.
	targets []Target
}

type placeHours struct {
	point int
	hours string
}

// Target is something a customer can search for and book: a service at
// a point by a channel. Every target has staff scheduled for it.
type Target struct {
	// Municipality is the code of the point's municipality.
	Municipality string
	Point        string
	Service      string
	Channel      booking.Channel
}

// org is an organisation of the network while it is built.
type org struct {
	slug     string
	role     string // kela, county, employment or city
	services []int
	// remotePoint is the index of the organisation's remote point, or -1.
	remotePoint int
	points      []int
}

// builder builds a network.
type builder struct {
	rng  *rand.Rand
	net  *network
	orgs map[string]*org
	// nextID numbers the made-up business IDs.
	nextID int
	// desks are where staff sit, weighted by how many.
	desks []desk
}

// desk is the place of some of an organisation's staff at a point.
type desk struct {
	point  int
	org    *org
	weight float64
}

// buildNetwork makes a service network of the given number of points
// (remote ones included) and staff, spread over the most populous
// municipalities, more in the bigger towns.
func buildNetwork(points, staff int, seed uint64) (*network, error) {
	if points < 2 {
		return nil, fmt.Errorf("the data set needs at least 2 points (one remote, one in person); asked for %d", points)
	}
	if staff < points {
		return nil, fmt.Errorf("the data set needs at least one staff member per point: %d points, %d staff", points, staff)
	}
	b := &builder{rng: rand.New(rand.NewPCG(seed, 1)), net: &network{cat: &catalogue.Catalogue{}}, orgs: map[string]*org{}, nextID: 3141590}

	// One remote point for Kela and, in a big network, two for each of
	// the counties with most people in it (a digital health and social
	// services centre, and the employment area's remote service); the
	// rest of the points are in person.
	remoteCounties := points / 20
	towns := min(len(municipalities), max(1, int(math.Ceil(0.4*float64(points-1-2*remoteCounties)))))
	people := map[string]int{}
	for _, m := range municipalities[:towns] {
		people[m.county] += m.population
	}
	var cs []county
	for _, c := range counties {
		if people[c.code] > 0 {
			cs = append(cs, c)
		}
	}
	slices.SortStableFunc(cs, func(a, b county) int { return people[b.code] - people[a.code] })
	cs = cs[:min(len(cs), remoteCounties)]
	count := apportion(towns, points-1-2*len(cs))

	b.kela()
	for i, n := range count[:towns] {
		m := municipalities[i]
		for k := range n {
			b.point(m, kindOf(k), k, n)
		}
	}
	for _, c := range cs {
		b.countyRemote(c)
		b.employmentRemote(c)
	}
	if n := len(b.net.cat.Points); n != points {
		return nil, fmt.Errorf("the data set has room for %d points; asked for %d", n, points)
	}
	b.staff(staff)
	b.findTargets()
	return b.net, b.net.cat.Validate()
}

// apportion gives each of the first towns one point and the rest of
// total by the D'Hondt method on population, so that Helsinki gets
// many and a town of 20,000 one or two.
func apportion(towns, total int) []int {
	count := make([]int, towns)
	for i := range count {
		if total > 0 {
			count[i]++
			total--
		}
	}
	for ; total > 0; total-- {
		best, bestQ := 0, -1.0
		for i := range count {
			if q := float64(municipalities[i].population) / float64(count[i]+1); q > bestQ {
				best, bestQ = i, q
			}
		}
		count[best]++
	}
	return count
}

// slugOf makes a slug of a Finnish name.
func slugOf(name string) string {
	r := strings.NewReplacer("ä", "a", "ö", "o", "å", "a", "Ä", "a", "Ö", "o", "Å", "a", " ", "-")
	return strings.ToLower(r.Replace(name))
}

// businessID makes up a Finnish business ID with a correct check digit.
// They are not the organisations' real IDs.
func (b *builder) businessID() string {
	for {
		b.nextID++
		digits := fmt.Sprintf("%07d", b.nextID)
		sum := 0
		for i, w := range []int{7, 9, 10, 5, 8, 4, 2} {
			sum += int(digits[i]-'0') * w
		}
		switch r := sum % 11; r {
		case 0:
			return digits + "-0"
		case 1:
			continue // never issued
		default:
			return fmt.Sprintf("%s-%d", digits, 11-r)
		}
	}
}

func text(fi, sv, en string) catalogue.Text { return catalogue.Text{Fi: fi, Sv: sv, En: en} }

// same is a name written alike in every language, like a Finnish street.
func same(s string) catalogue.Text { return text(s, s, s) }

var personChannels = []catalogue.Channel{catalogue.InPerson, catalogue.Video, catalogue.Phone}

// organisation adds an organisation and its services.
func (b *builder) organisation(slug, role string, kind catalogue.OrgKind, name catalogue.Text, services ...catalogue.Service) *org {
	if o := b.orgs[slug]; o != nil {
		return o
	}
	c := b.net.cat
	c.Organisations = append(c.Organisations, catalogue.Organisation{Slug: slug, Kind: kind, BusinessID: b.businessID(), Name: name})
	o := &org{slug: slug, role: role, remotePoint: -1}
	b.addServices(o, services...)
	b.orgs[slug] = o
	return o
}

// addServices adds services given by o in person, by video and by phone.
func (b *builder) addServices(o *org, services ...catalogue.Service) {
	c := b.net.cat
	for _, s := range services {
		s.Organisation, s.Channels, s.Languages = o.slug, personChannels, []string{"fi", "sv", "en"}
		o.services = append(o.services, len(c.Services))
		c.Services = append(c.Services, s)
		b.net.duration = append(b.net.duration, s.DurationMinutes)
	}
}

func service(slug string, minutes int, name catalogue.Text) catalogue.Service {
	return catalogue.Service{Slug: slug, DurationMinutes: minutes, Name: name}
}

func (b *builder) kela() {
	b.organisation("kela", "kela", catalogue.Kela, text("Kela", "FPA", "Kela – The Social Insurance Institution of Finland"),
		service("kela-benefit-guidance", 30, text("Kelan etuusneuvonta", "Rådgivning om FPA-förmåner", "Kela benefit guidance")),
		service("kela-family-benefits", 45, text("Lapsiperheen etuudet", "Förmåner för barnfamiljer", "Benefits for families with children")),
		service("kela-moving-to-finland", 60, text("Muutto Suomeen", "Flytt till Finland", "Moving to Finland")))
	b.remotePoint(b.orgs["kela"], "kela-remote", "091", text("Kelan etäpalvelu", "FPA:s distansservice", "Kela remote service"))
}

// countyOrg is the organiser of social and health services in county c:
// the wellbeing services county, or the City of Helsinki.
func (b *builder) countyOrg(c county) *org {
	svc := func(suffix string, minutes int, name catalogue.Text) catalogue.Service {
		return service(c.slug+"-"+suffix, minutes, name)
	}
	services := []catalogue.Service{
		svc("social-work", 60, text("Aikuissosiaalityö", "Socialt arbete för vuxna", "Adult social work")),
		svc("social-guidance", 30, text("Sosiaaliohjaus", "Social handledning", "Social guidance")),
		svc("health-advice", 30, text("Terveysneuvonta", "Hälsorådgivning", "Health advice")),
	}
	if c.code == "HKI" {
		o := b.cityOrg(municipalities[0])
		if len(o.services) == 2 { // the city's own two, not yet these
			b.addServices(o, services...)
		}
		return o
	}
	return b.organisation(c.slug, "county", catalogue.WellbeingCounty,
		text(c.fi+" hyvinvointialue", c.sv+" välfärdsområde", "Wellbeing services county of "+c.en), services...)
}

// employmentOrg is the employment area of county c. Real employment
// areas follow town regions; here there is one per county, which is
// enough for the benchmark.
func (b *builder) employmentOrg(c county) *org {
	return b.organisation(c.slug+"-employment", "employment", catalogue.Employment,
		text(c.fi+" työllisyysalue", c.sv+" sysselsättningsområde", c.en+" employment area"),
		service(c.slug+"-jobseekers", 45, text("Työnhakijan palvelut", "Tjänster för arbetssökande", "Services for jobseekers")),
		service(c.slug+"-career-guidance", 60, text("Ura- ja koulutusohjaus", "Karriär- och utbildningsvägledning", "Career and training guidance")))
}

// cityOrg is municipality m as an organisation. Names are the
// municipality's own, without "kaupunki" or "kunta", whose Finnish
// genitive forms a generator cannot be trusted to get right.
func (b *builder) cityOrg(m municipality) *org {
	s := slugOf(m.fi)
	return b.organisation(s, "city", catalogue.Municipality, text(m.fi, m.sv, "Municipality of "+m.fi),
		service(s+"-advice", 30, text("Kunnan neuvonta", "Kommunens rådgivning", "Municipal advice")),
		service(s+"-integration", 60, text("Kotoutumispalvelut", "Integrationstjänster", "Integration services")))
}

func countyOf(code string) county {
	for _, c := range counties {
		if c.code == code {
			return c
		}
	}
	panic("benchdata: no county " + code) // the tables are written together
}

// districts name the second and later points of a kind in one town.
var districts = []catalogue.Text{
	text("keskusta", "centrum", "centre"), text("pohjoinen", "norr", "north"), text("itä", "öst", "east"),
	text("etelä", "syd", "south"), text("länsi", "väst", "west"), text("koillinen", "nordost", "north-east"),
	text("kaakko", "sydost", "south-east"), text("lounas", "sydväst", "south-west"), text("luode", "nordväst", "north-west"),
}

// point adds the k-th point of a town with n points.
func (b *builder) point(m municipality, kind, k, n int) {
	c := countyOf(m.county)
	town := slugOf(m.fi)
	var (
		slug string
		name catalogue.Text
		offs []string // service slugs
		orgs []roleOrg
	)
	switch kind {
	case jointPoint:
		orgs = []roleOrg{{"kela", b.orgs["kela"]}, {"county", b.countyOrg(c)}, {"employment", b.employmentOrg(c)}, {"city", b.cityOrg(m)}}
		slug, name = town+"-joint", text("Yhteispalvelupiste "+m.fi, "Samservicepunkt "+m.sv, m.fi+" joint service point")
		offs = []string{"kela-benefit-guidance", "kela-family-benefits", c.slug + "-social-guidance", c.slug + "-jobseekers", town + "-advice"}
	case socialHealthPoint:
		orgs = []roleOrg{{"county", b.countyOrg(c)}}
		slug, name = town+"-health-social", text("Sosiaali- ja terveysasema "+m.fi, "Social- och hälsostation "+m.sv, m.fi+" health and social services centre")
		offs = []string{c.slug + "-social-work", c.slug + "-social-guidance", c.slug + "-health-advice"}
	case kelaPoint:
		orgs = []roleOrg{{"kela", b.orgs["kela"]}}
		slug, name = "kela-"+town, text("Kelan palvelupiste, "+m.fi, "FPA:s serviceställe, "+m.sv, "Kela service point, "+m.fi)
		offs = []string{"kela-benefit-guidance", "kela-family-benefits", "kela-moving-to-finland"}
	case employmentPoint:
		orgs = []roleOrg{{"employment", b.employmentOrg(c)}}
		slug, name = town+"-employment", text("Työllisyyspalvelut "+m.fi, "Sysselsättningstjänster "+m.sv, m.fi+" employment services")
		offs = []string{c.slug + "-jobseekers", c.slug + "-career-guidance"}
	case cityPoint:
		orgs = []roleOrg{{"city", b.cityOrg(m)}}
		slug, name = town+"-service-point", text("Asiointipiste "+m.fi, "Servicepunkt "+m.sv, m.fi+" service point")
		offs = []string{town + "-advice", town + "-integration"}
	}
	// A town with several points of a kind names them by district.
	if nth := kindsBefore(k, kind); nth > 0 || kindCount(n, kind) > 1 {
		d := districts[nth%len(districts)]
		suffix := ""
		if nth >= len(districts) {
			suffix = fmt.Sprint(nth/len(districts) + 1)
		}
		slug += "-" + slugOf(d.Fi) + suffix
		name = text(name.Fi+", "+d.Fi+suffix, name.Sv+", "+d.Sv+suffix, name.En+", "+d.En+suffix)
	}
	cat := b.net.cat
	p := len(cat.Points)
	street := streets[b.rng.IntN(len(streets))]
	code := 0
	fmt.Sscan(m.code, &code)
	cat.Points = append(cat.Points, catalogue.Point{
		Slug: slug, Kind: catalogue.Office, Name: name,
		Address: catalogue.Address{Street: same(fmt.Sprintf("%s %d", street, 1+b.rng.IntN(60))),
			// Postal codes are made up from the municipality code.
			PostalCode: fmt.Sprintf("%05d", (code*97+k*10)%99000+100), PostOffice: text(m.fi, m.sv, m.fi)},
		Municipality: catalogue.MunicipalityRef{Code: m.code, Name: text(m.fi, m.sv, m.fi)},
		Location:     &catalogue.Location{Lat: m.lat + (b.rng.Float64()-0.5)*0.05, Lon: m.lon + (b.rng.Float64()-0.5)*0.1},
		TimeZone:     zone, OpeningHours: openHours, Languages: []string{"fi", "sv", "en"},
	})
	if kind == jointPoint {
		cat.Points[p].Kind = catalogue.Joint
	}
	b.net.remote = append(b.net.remote, false)
	var offered []int
	for _, s := range offs {
		i := slices.IndexFunc(cat.Services, func(x catalogue.Service) bool { return x.Slug == s })
		if i < 0 {
			panic("benchdata: point " + slug + " offers unknown service " + s)
		}
		offered = append(offered, i)
		cat.Offerings = append(cat.Offerings, catalogue.Offering{Point: slug, Service: s, AppointmentHours: openHours})
	}
	b.net.offered = append(b.net.offered, offered)
	// Two to four advisory rooms, and meeting rooms where several
	// organisations or larger families meet their advisers.
	var rooms []int
	advisory, meeting := 2+b.rng.IntN(3), meetingRooms[kind]+b.rng.IntN(2)
	for r := range advisory + meeting {
		room := catalogue.Resource{Slug: fmt.Sprintf("%s-room-%02d", slug, r+1), Point: slug, Kind: catalogue.AdvisoryRoom,
			Name:     text(fmt.Sprintf("Neuvontahuone %d", r+1), fmt.Sprintf("Rådgivningsrum %d", r+1), fmt.Sprintf("Advisory room %d", r+1)),
			Capacity: 3, BookableBy: catalogue.StaffOnly}
		if i := r - advisory + 1; i > 0 {
			room.Kind, room.Capacity = catalogue.MeetingRoom, 8
			room.Name = text(fmt.Sprintf("Neuvotteluhuone %d", i), fmt.Sprintf("Mötesrum %d", i), fmt.Sprintf("Meeting room %d", i))
		}
		rooms = append(rooms, len(cat.Resources))
		cat.Resources = append(cat.Resources, room)
	}
	b.net.rooms = append(b.net.rooms, rooms)
	for _, ro := range orgs {
		ro.org.points = append(ro.org.points, p)
		b.desks = append(b.desks, desk{point: p, org: ro.org, weight: deskWeights[kind][ro.role]})
	}
}

type roleOrg struct {
	role string
	org  *org
}

// kindOf is the kind of the k-th point of a town.
func kindOf(k int) int {
	if k == 0 {
		return jointPoint
	}
	return laterKinds[(k-1)%len(laterKinds)]
}

// kindsBefore counts the points of kind among the first k of a town.
func kindsBefore(k, kind int) int {
	n := 0
	for i := range k {
		if kindOf(i) == kind {
			n++
		}
	}
	return n
}

// kindCount counts the points of kind in a town of n points.
func kindCount(n, kind int) int { return kindsBefore(n, kind) }

// remotePoint adds the remote (video and phone) point of organisation o,
// where all its services are booked.
func (b *builder) remotePoint(o *org, slug, municipalityCode string, name catalogue.Text) {
	i := slices.IndexFunc(municipalities, func(m municipality) bool { return m.code == municipalityCode })
	m := municipalities[i]
	cat := b.net.cat
	p := len(cat.Points)
	cat.Points = append(cat.Points, catalogue.Point{
		Slug: slug, Kind: catalogue.Remote, Name: name,
		Description:  text("Video- ja puhelinajat koko alueelle.", "Video- och telefontider för hela området.", "Video and phone appointments for the whole area."),
		Municipality: catalogue.MunicipalityRef{Code: m.code, Name: text(m.fi, m.sv, m.fi)},
		TimeZone:     zone, OpeningHours: openHours, Languages: []string{"fi", "sv", "en"},
	})
	b.net.remote = append(b.net.remote, true)
	b.net.rooms = append(b.net.rooms, nil)
	b.net.offered = append(b.net.offered, slices.Clone(o.services))
	for _, s := range o.services {
		cat.Offerings = append(cat.Offerings, catalogue.Offering{Point: slug, Service: cat.Services[s].Slug, AppointmentHours: openHours})
	}
	o.remotePoint = p
	o.points = append(o.points, p)
}

// countyRemote adds the digital health and social services centre of
// county c, in the county's most populous municipality.
func (b *builder) countyRemote(c county) {
	i := slices.IndexFunc(municipalities, func(m municipality) bool { return m.county == c.code })
	b.remotePoint(b.countyOrg(c), c.slug+"-digital-centre", municipalities[i].code,
		text(c.fi+" digitaalinen sosiaali- ja terveyskeskus", c.sv+" digitala social- och hälsocentral", c.en+" digital health and social services centre"))
}

// employmentRemote adds the remote service of county c's employment
// area, where jobseekers meet their expert by phone or video.
func (b *builder) employmentRemote(c county) {
	i := slices.IndexFunc(municipalities, func(m municipality) bool { return m.county == c.code })
	b.remotePoint(b.employmentOrg(c), c.slug+"-employment-remote", municipalities[i].code,
		text(c.fi+" työllisyysalueen etäpalvelu", c.sv+" sysselsättningsområdes distansservice", c.en+" employment area remote service"))
}

// Shares of the working patterns of staff at in-person points: the whole
// week at one point; the week split between two points; three days at a
// point and two remote; mornings at a point and afternoons remote;
// part-time. Staff of organisations without a remote point work the
// whole week at their point instead of remotely.
//
// Much remote work is realistic (most guidance by Kela and the counties
// is by phone) and needed: in-person appointments are bounded by the
// rooms, two to five per point, so video and phone appointments are what
// give a network of 3,000 staff room for a million appointments in 16
// weeks.
const (
	shareWholeWeek = 0.25
	shareTwoPoints = 0.10
	shareRemoteDay = 0.30
	shareRemotePM  = 0.25
	// remoteOnly is the share of an organisation's staff, on top of
	// those at points, who work only remotely.
	remoteOnly = 0.10
)

// staff makes n staff members, spread over the desks by weight, each
// qualified for one to three services of their organisation and
// scheduled at one or two points, some of the week remotely.
func (b *builder) staff(n int) {
	desks := b.desks
	// Remote-only experts sit at the remote points.
	orgWeight := map[*org]float64{}
	for _, d := range desks {
		orgWeight[d.org] += d.weight
	}
	for _, o := range b.orgsInOrder() {
		if o.remotePoint >= 0 {
			desks = append(desks, desk{point: o.remotePoint, org: o, weight: remoteOnly * orgWeight[o]})
		}
	}
	// Largest remainder: exactly n staff, in proportion to weight.
	total := 0.0
	for _, d := range desks {
		total += d.weight
	}
	count := make([]int, len(desks))
	rest := make([]float64, len(desks))
	given := 0
	for i, d := range desks {
		q := float64(n) * d.weight / total
		count[i] = int(q)
		rest[i] = q - float64(count[i])
		given += count[i]
	}
	order := make([]int, len(desks))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(rest[b], rest[a]) })
	for _, i := range order[:n-given] {
		count[i]++
	}
	for i, d := range desks {
		for range count[i] {
			b.person(d)
		}
	}
}

// orgsInOrder lists the organisations in the order they were added.
func (b *builder) orgsInOrder() []*org {
	var out []*org
	for _, o := range b.net.cat.Organisations {
		out = append(out, b.orgs[o.Slug])
	}
	return out
}

// titles by service slug suffix (the organisation's role for the rest).
var titles = map[string]catalogue.Text{
	"kela":            text("Palveluasiantuntija", "Servicesakkunnig", "Service expert"),
	"social-work":     text("Sosiaalityöntekijä", "Socialarbetare", "Social worker"),
	"social-guidance": text("Sosiaaliohjaaja", "Socialhandledare", "Social counsellor"),
	"health-advice":   text("Terveydenhoitaja", "Hälsovårdare", "Public health nurse"),
	"employment":      text("Työllisyysasiantuntija", "Sysselsättningsexpert", "Employment expert"),
	"city":            text("Neuvoja", "Rådgivare", "Adviser"),
}

// person adds one staff member at desk d.
func (b *builder) person(d desk) {
	cat, rng := b.net.cat, b.rng
	s := len(cat.Staff)
	// One service given at the desk, and maybe others of the
	// organisation given elsewhere.
	var here []int
	for _, sv := range d.org.services {
		if slices.Contains(b.net.offered[d.point], sv) {
			here = append(here, sv)
		}
	}
	services := []int{here[rng.IntN(len(here))]}
	for _, sv := range d.org.services {
		if len(services) < 3 && !slices.Contains(services, sv) && rng.Float64() < 0.4 {
			services = append(services, sv)
		}
	}
	slices.Sort(services)
	title := titles[d.org.role]
	if d.org.role == "county" || (d.org.role == "city" && len(d.org.services) > 2) {
		for suffix, t := range titles {
			if strings.HasSuffix(cat.Services[services[0]].Slug, "-"+suffix) {
				title = t
			}
		}
	}
	first, last := firstNames[rng.IntN(len(firstNames))], surnames[rng.IntN(len(surnames))]
	langs := []string{"fi", "en"}
	switch r := rng.Float64(); {
	case r < 0.15:
		langs = []string{"sv", "fi", "en"}
	case r < 0.35:
		langs = []string{"fi", "sv", "en"}
	case r < 0.45:
		langs = []string{"fi"}
	}
	slug := fmt.Sprintf("%s-%s-%d", slugOf(first), slugOf(last), s+1)
	names := make([]string, len(services))
	for i, sv := range services {
		names[i] = cat.Services[sv].Slug
	}
	cat.Staff = append(cat.Staff, catalogue.StaffMember{Slug: slug, Name: first + " " + last, Organisation: d.org.slug,
		Title: title, Services: names, Languages: langs})
	b.net.staffServices = append(b.net.staffServices, services)

	var work []placeHours
	remote := d.org.remotePoint
	r := rng.Float64()
	switch {
	case b.net.remote[d.point]:
		work = []placeHours{{d.point, openHours}}
	case r < shareWholeWeek:
		work = []placeHours{{d.point, openHours}}
	case r < shareWholeWeek+shareTwoPoints:
		if alt := b.otherPoint(d, services); alt >= 0 {
			work = []placeHours{{d.point, "Mo-We 08:00-16:00; PH off"}, {alt, "Th,Fr 08:00-16:00; PH off"}}
		} else {
			work = []placeHours{{d.point, openHours}}
		}
	case r < shareWholeWeek+shareTwoPoints+shareRemoteDay && remote >= 0:
		work = []placeHours{{d.point, "Mo-We 08:00-16:00; PH off"}, {remote, "Th,Fr 08:00-16:00; PH off"}}
	case r < shareWholeWeek+shareTwoPoints+shareRemoteDay+shareRemotePM && remote >= 0:
		work = []placeHours{{d.point, "Mo-Fr 08:00-12:00; PH off"}, {remote, "Mo-Fr 12:00-16:00; PH off"}}
	case r < shareWholeWeek+shareTwoPoints+shareRemoteDay+shareRemotePM:
		work = []placeHours{{d.point, openHours}}
	default:
		work = []placeHours{{d.point, "Mo-Th 08:00-16:00; PH off"}} // part-time, 80 %
	}
	b.net.work = append(b.net.work, work)
	for _, w := range work {
		point := cat.Points[w.point].Slug
		if b.net.remote[w.point] {
			point = "" // remote work is scheduled without a point
		}
		b.net.schedules = append(b.net.schedules, booking.Schedule{Staff: slug, Point: point, Hours: w.hours})
	}
}

// otherPoint picks a second in-person point of the desk's organisation
// where one of services is offered, in the same municipality if there is
// one, else in the same county; -1 when there is none.
func (b *builder) otherPoint(d desk, services []int) int {
	pts := b.net.cat.Points
	home := pts[d.point].Municipality.Code
	var town, near []int
	for _, p := range d.org.points {
		if p == d.point || b.net.remote[p] || !slices.ContainsFunc(services, func(s int) bool { return slices.Contains(b.net.offered[p], s) }) {
			continue
		}
		if pts[p].Municipality.Code == home {
			town = append(town, p)
		} else {
			near = append(near, p)
		}
	}
	switch {
	case len(town) > 0:
		return town[b.rng.IntN(len(town))]
	case len(near) > 0 && d.org.role != "kela":
		// County and employment-area staff move within their area;
		// Kela's would go across the country, so they do not.
		return near[b.rng.IntN(len(near))]
	}
	return -1
}

// findTargets lists every offering that a qualified staff member is
// scheduled to give: in person at in-person points, by video and by
// phone at remote ones.
func (b *builder) findTargets() {
	n := b.net
	given := map[[2]int]bool{}
	for s, work := range n.work {
		for _, w := range work {
			for _, sv := range n.staffServices[s] {
				if slices.Contains(n.offered[w.point], sv) {
					given[[2]int{w.point, sv}] = true
				}
			}
		}
	}
	// Remote staff serve every remote point offering their service;
	// services belong to one organisation, which has one remote point.
	for p, pt := range n.cat.Points {
		for _, sv := range n.offered[p] {
			if !given[[2]int{p, sv}] {
				continue
			}
			svc := n.cat.Services[sv].Slug
			if n.remote[p] {
				n.targets = append(n.targets, Target{pt.Municipality.Code, pt.Slug, svc, booking.Video},
					Target{pt.Municipality.Code, pt.Slug, svc, booking.Phone})
			} else {
				n.targets = append(n.targets, Target{pt.Municipality.Code, pt.Slug, svc, booking.InPerson})
			}
		}
	}
}
