package handlers // want package:"sends SQL"

// The handlers take tenant keys from HTTP requests: from the authenticated
// principal (trusted), from request input (reported), or from request
// input checked against the principal (trusted).

import (
	"context"
	"database/sql"
	"encoding/json"
	"net/http"
	"strconv"

	"github.com/go-chi/chi/v5"
	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jmoiron/sqlx"

	"tsource/auth"
	"tsource/store"
)

type Server struct {
	store *store.Store
	db    *sql.DB
	conn  *pgx.Conn
	x     *sqlx.DB
}

var errNotFound = http.ErrNoLocation

// badPath: the account comes from the path, through strconv.
func (s *Server) badPath(w http.ResponseWriter, r *http.Request) {
	acct, _ := strconv.ParseInt(r.PathValue("account"), 10, 64)
	s.store.List(r.Context(), acct) // want `account_id is bound to a value taken from the request \(r.PathValue\("account"\) at handlers.go:34\), not from the authenticated tenant; take it from \(\*auth.Principal\).AccountID or auth.AccountID or compare it with it first`
}

// badJSONBody: the account comes from the decoded body.
func (s *Server) badJSONBody(w http.ResponseWriter, r *http.Request) {
	var in struct {
		AccountID int64  `json:"account_id"`
		Name      string `json:"name"`
	}
	if err := json.NewDecoder(r.Body).Decode(&in); err != nil {
		return
	}
	store.Create(r.Context(), s.db, in.AccountID, in.Name) // want `account_id is bound to a value taken from the request \(json.NewDecoder\(r.Body\).Decode\(&in\) at handlers.go:44\)`
}

// badHeader: the account comes from a header, through the Search args
// slice.
func (s *Server) badHeader(w http.ResponseWriter, r *http.Request) {
	acct, err := strconv.ParseInt(r.Header.Get("X-Account-ID"), 10, 64)
	if err != nil {
		return
	}
	s.store.Search(r.Context(), r.FormValue("name"), acct) // want `taken from the request \(r.Header.Get\("X-Account-ID"\) at handlers.go:53\)`
}

// badQueryStringDirect: a query in the handler binds the query string.
func (s *Server) badQueryStringDirect(w http.ResponseWriter, r *http.Request) {
	s.db.QueryContext(r.Context(), `SELECT id FROM trees WHERE account_id = $1`, r.URL.Query().Get("account")) // want `taken from the request \(r.URL.Query\(\).Get\("account"\) at handlers.go:62\)`
}

// okPrincipal: the account is the authenticated one (tenant_sources).
func (s *Server) okPrincipal(w http.ResponseWriter, r *http.Request) {
	p := auth.FromContext(r.Context())
	s.store.List(r.Context(), p.AccountID)
	s.store.Rename(r.Context(), auth.AccountID(r.Context()), 1, r.FormValue("name"))
}

// okCheckedAgainstPrincipal: the path value is compared with the
// principal first.
func (s *Server) okCheckedAgainstPrincipal(w http.ResponseWriter, r *http.Request) {
	acct, _ := strconv.ParseInt(r.PathValue("account"), 10, 64)
	if acct != auth.FromContext(r.Context()).AccountID {
		http.Error(w, "not found", http.StatusNotFound)
		return
	}
	s.store.List(r.Context(), acct)
}

// okEqualBranch: the query runs only inside the equal branch.
func (s *Server) okEqualBranch(w http.ResponseWriter, r *http.Request) {
	var in struct{ AccountID int64 }
	_ = json.NewDecoder(r.Body).Decode(&in)
	if p := auth.FromContext(r.Context()); in.AccountID == p.AccountID {
		s.store.List(r.Context(), in.AccountID)
	}
}

// badCheckAfter: a comparison after the query does not protect it.
func (s *Server) badCheckAfter(w http.ResponseWriter, r *http.Request) {
	acct, _ := strconv.ParseInt(r.FormValue("account"), 10, 64)
	s.store.List(r.Context(), acct) // want `taken from the request \(r.FormValue\("account"\) at handlers.go:94\)`
	if acct != auth.AccountID(r.Context()) {
		return
	}
}

// badOneBranch: a check on one path only.
func (s *Server) badOneBranch(w http.ResponseWriter, r *http.Request, admin bool) {
	acct, _ := strconv.ParseInt(r.PathValue("account"), 10, 64)
	if !admin && acct != auth.AccountID(r.Context()) {
		return
	}
	s.store.List(r.Context(), acct) // want `taken from the request \(r.PathValue\("account"\) at handlers.go:103\)`
}

// badUUIDPath: uuid.Parse passes the path value through.
func (s *Server) badUUIDPath(w http.ResponseWriter, r *http.Request) {
	id, err := uuid.Parse(r.PathValue("account"))
	if err != nil {
		return
	}
	s.db.QueryContext(r.Context(), `SELECT id FROM trees WHERE account_id = $1::bigint`, id.String()) // want `taken from the request \(r.PathValue\("account"\) at handlers.go:112\)`
}

// badNamedArgs: pgx.NamedArgs maps @account_id to the path value.
func (s *Server) badNamedArgs(w http.ResponseWriter, r *http.Request) {
	s.conn.Query(r.Context(), `SELECT id FROM trees WHERE account_id = @account_id AND name = @name`,
		pgx.NamedArgs{"name": "x", "account_id": r.PathValue("account")}) // want `taken from the request \(r.PathValue\("account"\) at handlers.go:122\)`
}

// okNamedArgs: only the name comes from the request.
func (s *Server) okNamedArgs(w http.ResponseWriter, r *http.Request) {
	args := pgx.NamedArgs{"account_id": auth.AccountID(r.Context())}
	args["name"] = r.FormValue("name")
	s.conn.Query(r.Context(), `SELECT id FROM trees WHERE account_id = @account_id AND name = @name`, args)
}

type treeRow struct {
	Account int64  `db:"account_id"`
	Name    string `db:"name"`
}

// badSqlxNamed: the struct's account_id field is a form value.
func (s *Server) badSqlxNamed(w http.ResponseWriter, r *http.Request) {
	acct, _ := strconv.Atoi(r.FormValue("account"))
	row := treeRow{Account: int64(acct), Name: "x"}
	s.x.NamedExecContext(r.Context(), `INSERT INTO trees (account_id, name) VALUES (:account_id, :name)`, row) // want `taken from the request \(r.FormValue\("account"\) at handlers.go:139\)`
}

// okSqlxNamed: the account field is the principal's; the name is input.
func (s *Server) okSqlxNamed(w http.ResponseWriter, r *http.Request) {
	row := treeRow{Name: r.FormValue("name")}
	row.Account = auth.FromContext(r.Context()).AccountID
	s.x.NamedExecContext(r.Context(), `INSERT INTO trees (account_id, name) VALUES (:account_id, :name)`, row)
}

// query is a wrapper: its callers' args become the bind arguments.
func (s *Server) query(ctx context.Context, q string, args ...any) (*sql.Rows, error) { // want query:"wrapper .* args .2."
	return s.db.QueryContext(ctx, q, args...)
}

// badThroughWrapper: $2 of the caller's SQL is the form value.
func (s *Server) badThroughWrapper(w http.ResponseWriter, r *http.Request) {
	s.query(r.Context(), `SELECT id FROM trees WHERE name = $1 AND account_id = $2`, "x", r.FormValue("account")) // want `taken from the request \(r.FormValue\("account"\) at handlers.go:158\)`
}

// listFor binds its parameter; the handler below passes request input.
func (s *Server) listFor(ctx context.Context, account string) {
	s.db.QueryContext(ctx, `SELECT id FROM trees WHERE account_id = $1`, account)
}

// badThroughHelper is reported at its own call, nearest the source.
func (s *Server) badThroughHelper(w http.ResponseWriter, r *http.Request) {
	s.listFor(r.Context(), r.Header.Get("X-Account")) // want `taken from the request \(r.Header.Get\("X-Account"\) at handlers.go:168\)`
}

// okCrossTenantAdmin is justified with a directive.
func (s *Server) okCrossTenantAdmin(w http.ResponseWriter, r *http.Request) {
	//tenantcheck:cross-tenant support staff open any account by its id
	s.listFor(r.Context(), r.PathValue("account"))
}

// okConstant: a fixed key is the insert rule's business, not this one's.
func (s *Server) okConstant(ctx context.Context) {
	s.store.List(ctx, 42)
}

// okStructFieldsApart: only the Account field of the params struct is the
// key; the name from the form is not.
func (s *Server) okStructFieldsApart(w http.ResponseWriter, r *http.Request) {
	params := store.CreateTreeParams{
		Name:    r.FormValue("name"),
		Account: auth.FromContext(r.Context()).AccountID,
	}
	s.store.CreateTree(r.Context(), params)
}

// badStructField: the Account field is a form value.
func (s *Server) badStructField(w http.ResponseWriter, r *http.Request) {
	acct, _ := strconv.ParseInt(r.FormValue("account"), 10, 64)
	s.store.CreateTree(r.Context(), store.CreateTreeParams{Name: "x", Account: acct}) // want `taken from the request \(r.FormValue\("account"\) at handlers.go:194\)`
}

// badChiURLParam: a chi route parameter is request input (a convoy
// lesson: its handlers read project and organisation ids this way).
func (s *Server) badChiURLParam(w http.ResponseWriter, r *http.Request) {
	s.listFor(r.Context(), chi.URLParam(r, "orgID")) // want `taken from the request \(chi.URLParam\(r, "orgID"\) at handlers.go:201\)`
}
