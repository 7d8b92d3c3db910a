package main

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"strings"
	"time"

	"github.com/google/uuid"
)

// Endpoints, as the report names them.
const (
	epRate     = "POST /api/v1/sessions/{id}/rate"
	epFeedback = "POST /api/v1/steps/{id}/feedback"
	epMe       = "GET /api/v1/analytics/me"
	epTeam     = "GET /api/v1/analytics/team"
	epFlow     = "GET /api/v1/analytics/flows/{id}"
)

// write is what a write request asked the service to store.
type write struct {
	User    *user
	Session uuid.UUID
	// Step is set for feedback, Comment (unique per request) for a rating.
	Step    uuid.UUID
	Helpful bool
	Rating  int
	Comment string
}

// record is one request and its answer.
type record struct {
	Endpoint string
	Start    time.Time
	Latency  time.Duration
	// Status is 0 when no answer came (connection refused or reset).
	Status int
	// Write is nil for a read.
	Write *write
}

// failed reports whether the answer is a failure the soak counts: no
// answer or a 5xx. A write that failed so may or may not be stored. No 4xx
// is expected: every request is valid.
func (r record) failed() bool { return r.Status == 0 || r.Status >= 500 }

// acknowledged reports whether the service confirmed the write.
func (r record) acknowledged() bool {
	return r.Status == http.StatusOK || r.Status == http.StatusCreated
}

// client is one simulated user sending requests one after another.
type client struct {
	id   int
	user *user
	base string
	http *http.Client
	rng  *rand.Rand
	// rated counts the sessions rated so far, in order.
	rated int
}

// run sends requests until deadline and returns them in order.
func (c *client) run(ctx context.Context, deadline time.Time) []record {
	var records []record
	for seq := 0; time.Now().Before(deadline) && ctx.Err() == nil; seq++ {
		records = append(records, c.once(ctx, seq))
	}
	return records
}

// once sends one request, drawn from the mix: 20% ratings, 30% feedback,
// 50% analytics (team analytics for an admin, in place of some of its own).
func (c *client) once(ctx context.Context, seq int) record {
	u := c.user
	var r record
	var method, path, body string
	switch n := c.rng.IntN(100); {
	case n < 20 && c.rated < len(u.Sessions):
		session := u.Sessions[c.rated]
		c.rated++
		w := &write{User: u, Session: session, Rating: 1 + c.rng.IntN(5), Comment: fmt.Sprintf("soak client %d request %d", c.id, seq)}
		r = record{Endpoint: epRate, Write: w}
		method, path = http.MethodPost, "/api/v1/sessions/"+session.String()+"/rate"
		body = fmt.Sprintf(`{"rating": %d, "comment": %q}`, w.Rating, w.Comment)
	case n < 50:
		session := u.Sessions[c.rng.IntN(len(u.Sessions))]
		steps := u.TreeSteps[u.SessionTree[session]]
		w := &write{User: u, Session: session, Step: steps[c.rng.IntN(len(steps))], Helpful: c.rng.IntN(2) == 0}
		r = record{Endpoint: epFeedback, Write: w}
		method, path = http.MethodPost, "/api/v1/steps/"+w.Step.String()+"/feedback"
		body = fmt.Sprintf(`{"session_id": %q, "was_helpful": %t}`, session, w.Helpful)
	case n < 65 && u.Admin:
		r, method, path = record{Endpoint: epTeam}, http.MethodGet, "/api/v1/analytics/team?period=30d"
	case n < 80:
		r, method, path = record{Endpoint: epMe}, http.MethodGet, "/api/v1/analytics/me?period=30d"
	default:
		tree := u.Trees[c.rng.IntN(len(u.Trees))]
		r, method, path = record{Endpoint: epFlow}, http.MethodGet, "/api/v1/analytics/flows/"+tree.String()+"?period=30d"
	}
	r.Start = time.Now()
	r.Status = c.send(ctx, method, path, body)
	r.Latency = time.Since(r.Start)
	return r
}

// send returns the status of the answer, 0 when none came.
func (c *client) send(ctx context.Context, method, path, body string) int {
	var reader io.Reader
	if body != "" {
		reader = strings.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.base+path, reader)
	if err != nil {
		return 0
	}
	req.Header.Set("Authorization", "Bearer "+c.user.Token)
	resp, err := c.http.Do(req)
	if err != nil {
		return 0
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, resp.Body)
	return resp.StatusCode
}
