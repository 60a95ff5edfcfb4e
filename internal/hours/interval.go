package hours

import "slices"

// Intersect returns the parts of a that lie inside some interval of b, for
// example an offering's walk-in window clipped to its point's hours. Both
// lists must be sorted and non-overlapping, as Intervals returns them. A
// piece is unknown if either side is; it keeps a's comment, or b's when a
// has none.
func Intersect(a, b []Interval) []Interval {
	var out []Interval
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		x, y := a[i], b[j]
		start, end := x.Start, x.End
		if y.Start.After(start) {
			start = y.Start
		}
		if y.End.Before(end) {
			end = y.End
		}
		if start.Before(end) {
			cm := x.Comment
			if cm == "" {
				cm = y.Comment
			}
			out = append(out, Interval{Start: start, End: end, Unknown: x.Unknown || y.Unknown, Comment: cm})
		}
		if x.End.Before(y.End) {
			i++
		} else {
			j++
		}
	}
	return out
}

// Subtract returns a with every part covered by closed removed, for example
// the point's hours minus Christmas Eve. Both lists must be sorted and
// non-overlapping.
func Subtract(a, closed []Interval) []Interval {
	var out []Interval
	j := 0
	for _, x := range a {
		for j < len(closed) && !closed[j].End.After(x.Start) {
			j++
		}
		cur := x
		for k := j; k < len(closed) && closed[k].Start.Before(cur.End); k++ {
			c := closed[k]
			if c.Start.After(cur.Start) {
				piece := cur
				piece.End = c.Start
				out = append(out, piece)
			}
			if c.End.After(cur.Start) {
				cur.Start = c.End
			}
			if !cur.Start.Before(cur.End) {
				break
			}
		}
		if cur.Start.Before(cur.End) {
			out = append(out, cur)
		}
	}
	return out
}

// Union merges two sorted lists into one sorted list of non-overlapping
// intervals; touching intervals become one.
func Union(a, b []Interval) []Interval {
	all := append(slices.Clone(a), b...)
	slices.SortFunc(all, func(x, y Interval) int { return x.Start.Compare(y.Start) })
	var out []Interval
	for _, iv := range all {
		if n := len(out); n > 0 && !iv.Start.After(out[n-1].End) {
			if iv.End.After(out[n-1].End) {
				out[n-1].End = iv.End
			}
			continue
		}
		out = append(out, iv)
	}
	return out
}
