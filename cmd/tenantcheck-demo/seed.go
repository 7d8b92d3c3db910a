package main

import (
	"context"
	"encoding/binary"
	"encoding/csv"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"strconv"
	"sync"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/resolutionflow/tenantcheck/service"
)

// seedOptions size the generated data set.
type seedOptions struct {
	Accounts int
	// Users and Trees are per account; Sessions is the total, spread
	// evenly over the accounts.
	Users, Trees, Sessions int
	Days                   int
	Seed                   uint64
	Workers                int
	// TokensFile, when set, receives account_id,user_id,role,token for
	// every user, for load tools.
	TokensFile string
}

func parseSeedFlags(args []string, stderr io.Writer) (seedOptions, error) {
	var o seedOptions
	fs := flag.NewFlagSet("seed", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.IntVar(&o.Accounts, "accounts", 3, "number of accounts")
	fs.IntVar(&o.Users, "users", 12, "users per account (the first is a super admin, the second a team admin)")
	fs.IntVar(&o.Trees, "trees", 15, "decision trees per account")
	fs.IntVar(&o.Sessions, "sessions", 10000, "sessions in total, spread over the accounts")
	fs.IntVar(&o.Days, "days", 90, "sessions start within this many days before now")
	fs.Uint64Var(&o.Seed, "seed", 0, "random seed for a reproducible data set (0: from the clock)")
	fs.IntVar(&o.Workers, "workers", 2, "accounts generated and copied in parallel")
	fs.StringVar(&o.TokensFile, "tokens", "", "write every user's bearer token to this CSV file")
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	if fs.NArg() > 0 {
		return o, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	switch {
	case o.Accounts < 1, o.Users < 2, o.Trees < 1, o.Sessions < 0, o.Days < 1, o.Workers < 1:
		return o, errors.New("-accounts, -trees, -days and -workers must be at least 1, -users at least 2, -sessions not negative")
	}
	if o.Seed == 0 {
		o.Seed = uint64(time.Now().UnixNano())
	}
	return o, nil
}

// seed generates the data set account by account, each in one transaction
// that COPYs its rows, then refreshes the planner's statistics. It must run
// as the tables' owner (or a superuser): COPY FROM refuses tables whose
// row-level security applies to the caller.
func seed(ctx context.Context, cfg config, o seedOptions, stdout io.Writer) error {
	pool, err := pgxpool.New(ctx, cfg.DatabaseURL)
	if err != nil {
		return fmt.Errorf("connect to DATABASE_URL: %w", err)
	}
	defer pool.Close()
	start := time.Now()

	accounts := make([]*generated, o.Accounts)
	jobs := make(chan int)
	errs := make(chan error, o.Workers)
	var wg sync.WaitGroup
	for range o.Workers {
		wg.Go(func() {
			for i := range jobs {
				g := generate(o, i, start)
				if err := g.copy(ctx, pool); err != nil {
					errs <- fmt.Errorf("account %d: %w", i+1, err)
					return
				}
				g.dropRows()
				accounts[i] = g
			}
		})
	}
	var copyErr error
feed:
	for i := range o.Accounts {
		select {
		case jobs <- i:
		case copyErr = <-errs:
			break feed
		}
	}
	close(jobs)
	wg.Wait()
	if copyErr == nil {
		select {
		case copyErr = <-errs:
		default:
		}
	}
	if copyErr != nil {
		return copyErr
	}
	// Index-only scans need the visibility map that VACUUM sets.
	if _, err := pool.Exec(ctx, `VACUUM ANALYZE`); err != nil {
		return fmt.Errorf("vacuum: %w", err)
	}
	if o.TokensFile != "" {
		if err := writeTokens(o.TokensFile, accounts); err != nil {
			return err
		}
	}
	var sessions, ratings, stepRatings int
	for _, g := range accounts {
		sessions += g.counts.sessions
		ratings += g.counts.ratings
		stepRatings += g.counts.stepRatings
	}
	fmt.Fprintf(stdout, "seeded %d accounts, %d users, %d trees, %d sessions, %d ratings, %d step ratings in %s (seed %d)\n",
		o.Accounts, o.Accounts*o.Users, o.Accounts*o.Trees, sessions, ratings, stepRatings, time.Since(start).Round(time.Millisecond), o.Seed)
	first := accounts[0]
	fmt.Fprintf(stdout, "account %s (%s):\n  super admin token: %s\n  engineer token:    %s\n  a tree:            %s\n",
		first.id, first.name, first.users[0].token, first.users[len(first.users)-1].token, first.trees[0].id)
	return nil
}

func writeTokens(path string, accounts []*generated) error {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("create tokens file: %w", err)
	}
	w := csv.NewWriter(f)
	_ = w.Write([]string{"account_id", "user_id", "role", "token"})
	for _, g := range accounts {
		for _, u := range g.users {
			_ = w.Write([]string{g.id.String(), u.id.String(), string(u.role), u.token})
		}
	}
	w.Flush()
	if err := w.Error(); err != nil {
		f.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

// generated is one account's rows, ready to COPY.
type generated struct {
	rng         *rand.Rand
	id          uuid.UUID
	name        string
	users       []genUser
	categories  []uuid.UUID
	steps       []genStep
	trees       []genTree
	sessions    []genSession
	ratings     []genRating
	stepRatings []genStepRating
	counts      struct{ sessions, ratings, stepRatings int }
}

type genUser struct {
	id          uuid.UUID
	name, email string
	role        service.Role
	token       string
	hash        []byte
	weight      float64
}

type genStep struct {
	id      uuid.UUID
	title   string
	yes, no int
}

type genNode struct {
	ID       uuid.UUID  `json:"id"`
	Title    string     `json:"title"`
	Children []*genNode `json:"children"`
}

type genTree struct {
	id, category uuid.UUID
	name         string
	root         *genNode
	structure    []byte
}

type genSession struct {
	id, user, tree uuid.UUID
	started        time.Time
	completed      *time.Time
	outcome        *string
	decisions      []uuid.UUID
}

type genRating struct {
	user, session, tree uuid.UUID
	rating              int
	comment             string
	created             time.Time
}

type genStepRating struct {
	user, step, session uuid.UUID
	helpful             bool
	created             time.Time
}

var (
	firstNames = []string{"Ada", "Grace", "Linus", "Margaret", "Dennis", "Barbara", "Ken", "Frances", "Edsger", "Radia", "Donald", "Hedy", "Alan", "Katherine", "John", "Sophie"}
	lastNames  = []string{"Lovelace", "Hopper", "Torvalds", "Hamilton", "Ritchie", "Liskov", "Thompson", "Allen", "Dijkstra", "Perlman", "Knuth", "Lamarr", "Turing", "Johnson", "Backus", "Wilson"}
	topics     = []string{"Printer offline", "VPN will not connect", "Email not syncing", "Laptop slow", "Password reset", "Wi-Fi drops", "Monitor no signal", "Outlook crashes", "Disk full", "MFA lost device", "Teams audio", "Shared drive access", "Docking station", "Blue screen", "Software install"}
	actions    = []string{"Check the cable", "Restart the device", "Clear the cache", "Update the driver", "Check the account status", "Run diagnostics", "Reinstall the client", "Check the network", "Verify permissions", "Escalate to tier 2", "Check the logs", "Reset the settings"}
	comments   = []string{"Clear and quick.", "The third step fixed it.", "Too many steps for a simple problem.", "Worked, thanks!", "Had to escalate anyway.", "Instructions were outdated.", "Great flow.", "Could use screenshots."}
	outcomes   = []string{service.OutcomeResolved, service.OutcomeWorkaround, service.OutcomeEscalated, service.OutcomeUnresolved}
	// outcomeWeights are cumulative: resolved 60%, workaround 15%,
	// escalated 15%, unresolved 10%.
	outcomeWeights = []float64{0.60, 0.75, 0.90, 1.0}
)

// newID is a version 4 UUID from the account's random source, so that a
// seed reproduces the same ids.
func (g *generated) newID() uuid.UUID {
	var u uuid.UUID
	binary.LittleEndian.PutUint64(u[:8], g.rng.Uint64())
	binary.LittleEndian.PutUint64(u[8:], g.rng.Uint64())
	u[6] = u[6]&0x0f | 0x40
	u[8] = u[8]&0x3f | 0x80
	return u
}

// generate builds account i's rows. Each account has its own random
// stream, so the data set does not depend on the number of workers.
func generate(o seedOptions, i int, now time.Time) *generated {
	g := &generated{rng: rand.New(rand.NewPCG(o.Seed, uint64(i)))}
	g.id = g.newID()
	g.name = fmt.Sprintf("Account %02d", i+1)
	for u := range o.Users {
		role := service.RoleEngineer
		switch u {
		case 0:
			role = service.RoleSuperAdmin
		case 1:
			role = service.RoleTeamAdmin
		}
		token, hash := service.NewToken()
		g.users = append(g.users, genUser{
			id:     g.newID(),
			name:   firstNames[g.rng.IntN(len(firstNames))] + " " + lastNames[g.rng.IntN(len(lastNames))],
			email:  fmt.Sprintf("user%03d@account%02d.example.com", u+1, i+1),
			role:   role,
			token:  token,
			hash:   hash,
			weight: 0.3 + g.rng.Float64()*1.5,
		})
	}
	for range 3 {
		g.categories = append(g.categories, g.newID())
	}
	for t := range o.Trees {
		tree := genTree{id: g.newID(), category: g.categories[g.rng.IntN(len(g.categories))]}
		tree.name = fmt.Sprintf("%s #%d", topics[t%len(topics)], t/len(topics)+1)
		tree.root = g.node(0)
		tree.structure, _ = json.Marshal(tree.root) // plain structs and strings: cannot fail
		g.trees = append(g.trees, tree)
	}
	perAccount := o.Sessions / o.Accounts
	if i < o.Sessions%o.Accounts {
		perAccount++
	}
	g.sessions = make([]genSession, 0, perAccount)
	userPick, treePick := cumulative(g.users), zipf(len(g.trees))
	stepIndex := make(map[uuid.UUID]int, len(g.steps))
	for k, s := range g.steps {
		stepIndex[s.id] = k
	}
	for range perAccount {
		g.session(o, now, g.users[pick(g.rng, userPick)].id, &g.trees[pick(g.rng, treePick)], stepIndex)
	}
	g.counts.sessions, g.counts.ratings, g.counts.stepRatings = len(g.sessions), len(g.ratings), len(g.stepRatings)
	return g
}

// node builds a subtree of steps: two or three branches near the root,
// fewer deeper, at most five levels.
func (g *generated) node(depth int) *genNode {
	n := &genNode{ID: g.newID(), Title: actions[g.rng.IntN(len(actions))], Children: []*genNode{}}
	g.steps = append(g.steps, genStep{id: n.ID, title: n.Title})
	if depth < 4 && (depth < 2 || g.rng.Float64() < 0.6) {
		for range 1 + g.rng.IntN(3-min(depth, 2)+1) {
			n.Children = append(n.Children, g.node(depth+1))
		}
	}
	return n
}

func (g *generated) session(o seedOptions, now time.Time, user uuid.UUID, tree *genTree, stepIndex map[uuid.UUID]int) {
	s := genSession{id: g.newID(), user: user, tree: tree.id}
	s.started = now.Add(-time.Duration(g.rng.Float64() * float64(o.Days) * float64(24*time.Hour))).Truncate(time.Second)
	for n := tree.root; ; n = n.Children[g.rng.IntN(len(n.Children))] {
		s.decisions = append(s.decisions, n.ID)
		if len(n.Children) == 0 {
			break
		}
	}
	if g.rng.Float64() < 0.15 {
		// Abandoned part way: the drop-offs flow analytics report.
		s.decisions = s.decisions[:1+g.rng.IntN(len(s.decisions))]
	} else {
		// Durations are log-normal around 12 minutes.
		minutes := math.Exp(math.Log(12) + 0.6*g.rng.NormFloat64())
		done := s.started.Add(time.Duration(min(minutes, 240) * float64(time.Minute))).Truncate(time.Second)
		if done.After(now) {
			done = now.Truncate(time.Second)
		}
		k := 0
		for r := g.rng.Float64(); r > outcomeWeights[k]; k++ {
		}
		s.completed, s.outcome = &done, &outcomes[k]
		if g.rng.Float64() < 0.3 {
			g.ratings = append(g.ratings, genRating{user: user, session: s.id, tree: tree.id,
				rating: ratingFor(g.rng, k), comment: g.comment(), created: done})
		}
	}
	if g.rng.Float64() < 0.2 {
		// Feedback on up to two distinct visited steps.
		for _, k := range g.rng.Perm(len(s.decisions))[:min(2, len(s.decisions))] {
			step := s.decisions[k]
			helpful := g.rng.Float64() < 0.75
			g.stepRatings = append(g.stepRatings, genStepRating{user: user, step: step, session: s.id, helpful: helpful, created: s.started})
			if helpful {
				g.steps[stepIndex[step]].yes++
			} else {
				g.steps[stepIndex[step]].no++
			}
		}
	}
	g.sessions = append(g.sessions, s)
}

// ratingFor skews ratings by outcome: resolved sessions rate 4-5,
// unresolved ones 1-2.
func ratingFor(rng *rand.Rand, outcome int) int {
	base := []int{4, 3, 2, 1}[outcome]
	return min(5, base+rng.IntN(2))
}

func (g *generated) comment() string {
	if g.rng.Float64() < 0.6 {
		return ""
	}
	return comments[g.rng.IntN(len(comments))]
}

func cumulative(users []genUser) []float64 {
	c := make([]float64, len(users))
	total := 0.0
	for i, u := range users {
		total += u.weight
		c[i] = total
	}
	return c
}

// zipf weighs tree i by 1/(i+1): a few flows get most sessions, as in
// real help desks, so "top flows" means something.
func zipf(n int) []float64 {
	c := make([]float64, n)
	total := 0.0
	for i := range n {
		total += 1 / float64(i+1)
		c[i] = total
	}
	return c
}

// pick draws an index from cumulative weights.
func pick(rng *rand.Rand, cum []float64) int {
	r := rng.Float64() * cum[len(cum)-1]
	for i, c := range cum {
		if r < c {
			return i
		}
	}
	return len(cum) - 1
}

// copy writes the account in one transaction, parents first.
func (g *generated) copy(ctx context.Context, pool *pgxpool.Pool) error {
	return pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
		tables := []struct {
			name string
			cols []string
			n    int
			row  func(i int) ([]any, error)
		}{
			{"accounts", []string{"id", "name"}, 1, func(int) ([]any, error) { return []any{g.id, g.name}, nil }},
			{"users", []string{"id", "account_id", "email", "name", "role"}, len(g.users), func(i int) ([]any, error) {
				u := g.users[i]
				return []any{u.id, g.id, u.email, u.name, string(u.role)}, nil
			}},
			{"api_tokens", []string{"account_id", "user_id", "token_hash", "expires_at"}, len(g.users), func(i int) ([]any, error) {
				return []any{g.id, g.users[i].id, g.users[i].hash, time.Now().AddDate(1, 0, 0)}, nil
			}},
			{"categories", []string{"id", "account_id", "name"}, len(g.categories), func(i int) ([]any, error) {
				return []any{g.categories[i], g.id, "Category " + strconv.Itoa(i+1)}, nil
			}},
			{"step_library", []string{"id", "account_id", "title", "helpful_yes", "helpful_no"}, len(g.steps), func(i int) ([]any, error) {
				s := g.steps[i]
				return []any{s.id, g.id, s.title, s.yes, s.no}, nil
			}},
			{"trees", []string{"id", "account_id", "category_id", "name", "structure"}, len(g.trees), func(i int) ([]any, error) {
				t := g.trees[i]
				return []any{t.id, g.id, t.category, t.name, t.structure}, nil
			}},
			{"sessions", []string{"id", "account_id", "user_id", "tree_id", "started_at", "completed_at", "outcome", "decisions"}, len(g.sessions), func(i int) ([]any, error) {
				s := g.sessions[i]
				decisions, err := json.Marshal(s.decisions)
				return []any{s.id, g.id, s.user, s.tree, s.started, s.completed, s.outcome, decisions}, err
			}},
			{"session_ratings", []string{"account_id", "user_id", "session_id", "tree_id", "rating", "comment", "created_at"}, len(g.ratings), func(i int) ([]any, error) {
				r := g.ratings[i]
				return []any{g.id, r.user, r.session, r.tree, r.rating, r.comment, r.created}, nil
			}},
			{"step_ratings", []string{"account_id", "user_id", "step_id", "session_id", "was_helpful", "created_at", "updated_at"}, len(g.stepRatings), func(i int) ([]any, error) {
				r := g.stepRatings[i]
				return []any{g.id, r.user, r.step, r.session, r.helpful, r.created, r.created}, nil
			}},
		}
		for _, t := range tables {
			if _, err := tx.CopyFrom(ctx, pgx.Identifier{t.name}, t.cols, pgx.CopyFromSlice(t.n, t.row)); err != nil {
				return fmt.Errorf("copy %s: %w", t.name, err)
			}
		}
		return nil
	})
}

// dropRows frees the generated rows once copied, keeping what the summary
// and the tokens file need.
func (g *generated) dropRows() {
	g.steps, g.sessions, g.ratings, g.stepRatings = nil, nil, nil, nil
}
