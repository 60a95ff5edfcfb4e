// Package hours parses and evaluates OpenStreetMap opening_hours values
// ("Mo-Fr 09:00-16:00; PH off") against Finnish public holidays, in any
// IANA time zone and exactly across DST changes.
//
// The meaning of every accepted value is that of the reference evaluator
// opening_hours.js; conformance_test.go checks this against its computed
// results. What we do not support (open ends, sunrise and other variable
// times, easter dates, day offsets, the tolerant spellings the reference
// corrects) is rejected with a *SyntaxError, never guessed.
//
// Rules are local wall-clock rules: evaluation works on calendar days and
// minutes of the day, and turns them into instants only at the edge.
package hours
