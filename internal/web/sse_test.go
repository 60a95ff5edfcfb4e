package web_test

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/onestop-fi/onestop/internal/access"
	"github.com/onestop-fi/onestop/internal/queue"
	"github.com/onestop-fi/onestop/internal/store/storetest"
)

// TestTicketStream follows the third ticket of a queue while another
// queue takes a ticket and a desk calls and finishes the three: each
// message says something new (boards that leave the ticket where it was
// send nothing), its place moves up with each call, and the stream ends
// once the ticket is done.
func TestTicketStream(t *testing.T) {
	db, _ := queueDemo(t, storetest.SQLite, mondayAfternoon)
	ts := queueInstance(t, db, db.Now)
	js := []string{"Content-Type", "application/json"}
	tok := tokenFor(t, db, access.Grant{Role: access.PointManager, Point: "palojoenkulma"})
	take := func(q string) ticketOut {
		t.Helper()
		r := do(t, ts, "POST", "/api/v1/points/palojoenkulma/tickets", strings.NewReader(`{"queue":"`+q+`"}`), js...)
		if r.status != 201 {
			t.Fatalf("take: %d %s", r.status, r.body)
		}
		return decode[ticketOut](t, r)
	}
	take("kela")
	take("kela")
	followed := take("kela")
	desk := fmt.Sprintf("/api/v1/desks/%d", deskID(t, db, "palojoenkulma", "2"))
	if r := do(t, ts, "POST", desk+"/signin", strings.NewReader(`{"queues":["kela"]}`), append(tok, js...)...); r.status != 200 {
		t.Fatalf("sign in: %d %s", r.status, r.body)
	}

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "GET", ts.URL+followed.Stream, nil)
	res, err := ts.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if res.StatusCode != 200 || res.Header.Get("Content-Type") != "text/event-stream" {
		t.Fatalf("stream: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
	events := make(chan string, 64)
	go func() {
		defer close(events)
		sc := bufio.NewScanner(res.Body)
		for sc.Scan() {
			if data, ok := strings.CutPrefix(sc.Text(), "data: "); ok {
				events <- data
			}
		}
	}()
	// next reads the next message; "" once the stream has ended.
	next := func() string {
		t.Helper()
		select {
		case data := <-events:
			return data
		case <-ctx.Done():
			t.Fatal("no message")
		}
		return ""
	}
	var seen []string
	last := ""
	// await reads messages until the ticket is in state at position.
	await := func(state queue.State, position int) ticketOut {
		t.Helper()
		for {
			data := next()
			if data == "" {
				t.Fatalf("the stream ended before %s at %d; messages: %v", state, position, seen)
			}
			if data == last {
				t.Fatalf("the same message twice: %s", data)
			}
			last = data
			var tk ticketOut
			if err := json.Unmarshal([]byte(data), &tk); err != nil {
				t.Fatal(err)
			}
			seen = append(seen, fmt.Sprintf("%s@%d", tk.State, tk.Position))
			if tk.ID != followed.ID || tk.Follow != "/t/"+followed.ID || tk.Stream != followed.Stream {
				t.Fatalf("message %s is not of ticket %s", data, followed.ID)
			}
			if tk.State == state && tk.Position == position {
				return tk
			}
			if tk.Position < position {
				t.Fatalf("%s at %d before %s at %d; messages: %v", tk.State, tk.Position, state, position, seen)
			}
		}
	}
	step := func(action string) {
		t.Helper()
		if r := do(t, ts, "POST", desk+"/"+action, nil, tok...); r.status != 200 {
			t.Fatalf("%s: %d %s", action, r.status, r.body)
		}
	}
	if tk := await(queue.Waiting, 3); tk.EstimatedWaitMinutes == nil {
		t.Fatalf("a waiting ticket without an estimate: %+v", tk)
	}
	take("digital-help") // another queue: nothing changes for the ticket
	step("next")
	await(queue.Waiting, 2)
	step("finish")
	step("next")
	await(queue.Waiting, 1)
	step("finish")
	step("next")
	if tk := await(queue.Called, 0); tk.Desk == nil || tk.Desk.Name != "2" || tk.EstimatedWaitMinutes != nil {
		t.Fatalf("called: %+v", tk)
	}
	step("finish")
	await(queue.Done, 0)
	if data, more := <-events; more {
		t.Fatalf("a message after the ticket was done: %s", data)
	}
}
