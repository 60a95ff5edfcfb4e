package catalogue

import (
	"strings"
	"testing"
)

func TestValidBusinessID(t *testing.T) {
	for id, want := range map[string]bool{
		"0246246-0": true,  // Kela
		"0204819-8": true,  // City of Pori
		"0101263-6": true,  // City of Espoo
		"1567535-0": true,  // HUS
		"0246246-1": false, // wrong check digit
		"246246-0":  false, // six digits
		"0246246 0": false,
		"0246246-":  false,
		"":          false,
		"1234567-1": true,  // remainder 0 → check digit… computed: 1*7+2*9+3*10+4*5+5*8+6*4+7*2 = 153, 153 mod 11 = 10, 11-10 = 1
		"0000001-1": false, // 1*2 = 2, check 9
		"0000001-9": true,
		"0000010-2": false, // 1*4 = 4 → check 7
		"0000100-0": false, // 1*8 = 8 → check 3
		"0000110-9": false, // remainder 1 (4+8=12) is never issued
	} {
		if got := ValidBusinessID(id); got != want {
			t.Errorf("ValidBusinessID(%q) = %v, want %v", id, got, want)
		}
	}
}

func TestHoursRefusedOnEntry(t *testing.T) {
	p := Point{Slug: "x", Kind: Office, Name: Text{Fi: "X"}, Address: Address{Street: Text{Fi: "Katu 1"}, PostalCode: "00100"},
		Municipality: MunicipalityRef{Code: "091", Name: Text{Fi: "Helsinki"}}, TimeZone: "Europe/Helsinki", OpeningHours: "Mo-Fr 09:00-16:00; PH off"}
	if err := p.Validate(); err != nil {
		t.Fatalf("a good point: %v", err)
	}
	p.OpeningHours = "Mo-Fr 09:00-16:00; Xmas off"
	err := p.Validate()
	if err == nil || !strings.Contains(err.Error(), "opening hours") || !strings.Contains(err.Error(), "cannot be read") {
		t.Fatalf("bad opening hours: %v", err)
	}
	o := Offering{Point: "x", Service: "y", WalkInHours: "Mo,Tu 12:00-15:30", AppointmentHours: "Mo-Fr 25:00-26:00"}
	if err := o.Validate(); err == nil || !strings.Contains(err.Error(), "appointment hours") {
		t.Fatalf("bad appointment hours: %v", err)
	}
}

func TestCapitalise(t *testing.T) {
	for in, want := range map[string]string{"": "", "staff member": "Staff member", "русский": "Русский", "ääni": "Ääni",
		"العربية": "العربية", "Kela": "Kela"} {
		if got := Capitalise(in); got != want {
			t.Errorf("Capitalise(%q) = %q, want %q", in, got, want)
		}
	}
}
