package rule

// ExampleSchema is the schema every example runs against: tenant tables
// (trees, ai_sessions, categories, api_tokens, templates, step_library,
// providers), a child table (nodes, through trees) and a global one
// (countries). Rows of templates whose account_id is NULL are shared by
// every tenant (ExampleSharedRows).
const ExampleSchema = `CREATE TABLE trees (id bigint PRIMARY KEY, account_id bigint NOT NULL, name text);
CREATE TABLE nodes (id bigint PRIMARY KEY, tree_id bigint NOT NULL REFERENCES trees (id), title text);
CREATE TABLE ai_sessions (id bigint PRIMARY KEY, account_id bigint NOT NULL, user_id bigint NOT NULL, shared boolean NOT NULL DEFAULT false);
CREATE TABLE categories (id bigint PRIMARY KEY, account_id bigint NOT NULL, slug text NOT NULL, name text, UNIQUE (slug), UNIQUE (account_id, slug));
CREATE TABLE api_tokens (hash text PRIMARY KEY, user_id bigint NOT NULL, expires_at timestamptz);
CREATE TABLE templates (id bigint PRIMARY KEY, account_id bigint, title text);
CREATE TABLE step_library (id bigint PRIMARY KEY, account_id bigint NOT NULL, title text);
CREATE TABLE providers (id bigint PRIMARY KEY, account_id bigint NOT NULL, name text, version int);
CREATE TABLE countries (code text PRIMARY KEY, name text);
`

// ExampleSharedRows are the tables of ExampleSchema whose NULL tenant key
// means a row shared by every tenant (config shared_rows).
var ExampleSharedRows = []string{"templates"}

// GoImports are the packages a Go example may use; the examples test puts
// the example's declarations in package store, importing those it names.
var GoImports = []string{
	"context",
	"net/http",
	"github.com/jackc/pgx/v5",
	"github.com/jackc/pgx/v5/pgxpool",
}

// Intro opens docs/rules.md, before the table of rules.
const Intro = "Each finding names its rule; the rule id is the diagnostic category " +
	"under `go vet` and golangci-lint, the `rule` field in JSON, the `ruleId` in " +
	"SARIF, and the anchor of its section here. Turn rules on selectively with " +
	"`-rules` (or `rules:` in `.tenantcheck.yml`)."

// Silencing says how a finding is justified, after the table of rules.
const Silencing = "A finding of a rule marked silenceable can be silenced for a query " +
	"that is cross-tenant on purpose, with a written reason (tenant-scope.md " +
	"section 5); the others are mistakes, never justified:\n\n" +
	"```go\n" +
	"//tenantcheck:cross-tenant nightly job expires tokens of every account\n" +
	"_, err := pool.Exec(ctx, `DELETE FROM api_tokens WHERE expires_at < now()`)\n" +
	"```\n\n" +
	"The directive goes on the line of the call, the line above it, or in the doc " +
	"comment of the enclosing function (then it covers every query in the " +
	"function). Functions can also be approved in the config's `cross_tenant` " +
	"registry. A directive without a reason, or one that suppresses nothing, is a " +
	"[`directive`](#directive) finding. Under golangci-lint, " +
	"`//nolint:tenantcheck // reason` works too, but only the tenantcheck " +
	"directive shows up in the exceptions report."

// All lists every rule in documentation order.
var All = []Info{
	{
		ID:          Unscoped,
		Summary:     "a tenant or child table reference is not scoped to one tenant",
		Description: "A reference to a tenant or child table is not confined to one tenant.",
		Why: "`SELECT ... FROM trees WHERE id = $1` returns another customer's tree to " +
			"anyone who guesses or enumerates an id. The same holds for UPDATE and " +
			"DELETE targets, every table of a join, subquery, CTE and set-operation " +
			"arm, and for tables that are tenant data only through a foreign key " +
			"(`nodes.tree_id REFERENCES trees`).",
		Bad: []Example{
			{Kind: SQL, Code: "SELECT t.name FROM trees t WHERE t.id = $1",
				Messages: []string{"trees (t) is not scoped: no account_id predicate and no join on a foreign key to a scoped table; add t.account_id = $n"}},
			{Kind: SQL, Code: "SELECT n.title FROM nodes n WHERE n.id = $1",
				Messages: []string{"nodes (n) is not scoped: it is tenant data only through tree_id -> trees, and no join on that key reaches a scoped table; join trees on n.tree_id and scope it"}},
			{Kind: SQL, Code: "SELECT t.id FROM trees t LEFT JOIN nodes n ON n.tree_id = t.id AND t.account_id = $1",
				Messages: []string{"trees (t) is not scoped: its account_id predicate is in the ON clause of an outer join that preserves t, where it filters only the joined rows, and no join on a foreign key reaches a scoped table; move the predicate to WHERE",
					"nodes (n) is not scoped: it is tenant data only through tree_id -> trees, and no join on that key reaches a scoped table; join trees on n.tree_id and scope it"}},
			{Kind: SQL, Comment: "the nullable side of a LEFT JOIN is scoped in its ON clause",
				Code:     "SELECT t.name, a.id FROM trees t LEFT JOIN ai_sessions a ON a.id = t.id WHERE t.account_id = $1",
				Messages: []string{"ai_sessions (a) is not scoped: no account_id/user_id predicate and no join on a foreign key to a scoped table; add a.account_id = $n to the ON clause of its LEFT JOIN (in WHERE it would make the join an inner join)"}},
			{Kind: SQL, Comment: "a table inside a derived table is scoped inside it",
				Code:     "SELECT p.name FROM (SELECT name, max(version) AS version FROM providers GROUP BY name) latest\nJOIN providers p ON p.name = latest.name AND p.version = latest.version WHERE p.account_id = $1",
				Messages: []string{"providers inside derived table latest is not scoped: no account_id predicate and no join on a foreign key to a scoped table; add providers.account_id = $n"}},
			{Kind: SQL, Comment: "a key compared with a literal (or with a run-time integer written by %d) scopes nothing",
				Code:     "SELECT name FROM trees WHERE account_id = 42",
				Messages: []string{"trees is not scoped: its account_id is compared with a literal, which scopes nothing, and no join on a foreign key reaches a scoped table; bind the tenant key as a parameter instead: trees.account_id = $n"}},
			{Kind: SQL, Comment: "ON CONFLICT DO UPDATE can overwrite a conflicting row of another tenant",
				Code:     "INSERT INTO categories (account_id, slug, name) VALUES ($1, $2, $3)\nON CONFLICT (slug) DO UPDATE SET name = EXCLUDED.name",
				Messages: []string{"categories is not scoped: ON CONFLICT DO UPDATE can overwrite another tenant's conflicting row; add account_id to the conflict target, or scope the update with WHERE categories.account_id = $n"}},
			{Kind: Go, Comment: "SQL built in branches: each possible text is checked, and a finding says in how many it holds; the text output and JSON point at the assignments that built them",
				Code: "func listTrees(ctx context.Context, pool *pgxpool.Pool, account int64, name string, admin bool) (pgx.Rows, error) {\n" +
					"\tq := \"SELECT id, name FROM trees\"\n" +
					"\tif !admin {\n" +
					"\t\tq += \" WHERE account_id = $1\"\n" +
					"\t} else if name != \"\" {\n" +
					"\t\tq += \" WHERE name = $2\"\n" +
					"\t}\n" +
					"\treturn pool.Query(ctx, q, account, name)\n}",
				Messages: []string{"trees is not scoped: no account_id predicate and no join on a foreign key to a scoped table; add trees.account_id = $n (in 2 of its 3 possible texts)"}},
		},
		Good: []Example{
			{Kind: SQL, Code: "SELECT t.name FROM trees t WHERE t.account_id = $1 AND t.id = $2"},
			{Kind: SQL, Code: "SELECT n.title FROM nodes n JOIN trees t ON t.id = n.tree_id WHERE t.account_id = $1 AND n.id = $2"},
			{Kind: SQL, Code: "SELECT n.title FROM nodes n WHERE EXISTS (SELECT 1 FROM trees t WHERE t.id = n.tree_id AND t.account_id = $1)"},
			{Kind: SQL, Code: "SELECT t.name, a.id FROM trees t LEFT JOIN ai_sessions a ON a.id = t.id AND a.account_id = $1 WHERE t.account_id = $1"},
			{Kind: SQL, Code: "SELECT p.name FROM (SELECT name, max(version) AS version FROM providers WHERE account_id = $1 GROUP BY name) latest\nJOIN providers p ON p.name = latest.name AND p.version = latest.version WHERE p.account_id = $1"},
			{Kind: SQL, Code: "INSERT INTO categories (account_id, slug, name) VALUES ($1, $2, $3)\nON CONFLICT (account_id, slug) DO UPDATE SET name = EXCLUDED.name"},
		},
		Severity:    Error,
		Silenceable: true,
	},
	{
		ID:          ORScope,
		Summary:     "a tenant predicate sits under OR",
		Description: "A tenant predicate exists, but it is one arm of an OR.",
		Why: "`WHERE user_id = $1 OR account_id = $2` looks scoped to a grep script " +
			"and to a reviewer skimming the diff, but the second arm matches every row " +
			"of an account, or, with another key, of another user. This was a real " +
			"leak in the AI-session search this project started from.",
		Bad: []Example{
			{Kind: SQL, Code: "SELECT id FROM ai_sessions WHERE user_id = $1 OR account_id = $2",
				Messages: []string{"ai_sessions is scoped only under OR: user_id = $1 is one arm of an OR, so other tenants' rows can match"}},
			{Kind: SQL, Code: "SELECT id FROM trees WHERE account_id = $1 AND name = $2 OR name = $3",
				Messages: []string{"trees is scoped only under OR: account_id = $1 is one arm of an OR, so other tenants' rows can match"}},
		},
		Good: []Example{
			{Kind: SQL, Code: "SELECT id FROM ai_sessions WHERE account_id = $2 AND (user_id = $1 OR shared)"},
			{Kind: SQL, Code: "SELECT id FROM trees WHERE account_id = $1 AND (name = $2 OR name = $3)"},
			{Kind: SQL, Comment: "a table whose NULL key means \"shared by all tenants\" (config shared_rows)",
				Code: "SELECT id FROM templates WHERE account_id = $1 OR account_id IS NULL"},
		},
		Severity:    Error,
		Silenceable: true,
	},
	{
		ID:          Insert,
		Summary:     "an INSERT into a tenant table sets no tenant key from a bind parameter",
		Description: "An INSERT into a tenant table does not take its tenant key from the caller.",
		Why: "A row inserted without a key belongs to nobody (or everybody, with " +
			"shared rows); a row inserted with a literal key belongs to whichever " +
			"tenant that literal names, whoever calls the code.",
		Bad: []Example{
			{Kind: SQL, Code: "INSERT INTO trees (name) VALUES ($1)",
				Messages: []string{"INSERT into trees sets no tenant key: add account_id with a bind parameter"}},
			{Kind: SQL, Code: "INSERT INTO trees (account_id, name) VALUES (7, $1)",
				Messages: []string{"INSERT into trees sets account_id from a literal, NULL or DEFAULT: pass the tenant key as a bind parameter"}},
			{Kind: SQL, Code: "INSERT INTO nodes (tree_id, title) VALUES (9, $1)",
				Messages: []string{"INSERT into nodes does not tie the row to a tenant: set tree_id (foreign key to trees) from a bind parameter"}},
		},
		Good: []Example{
			{Kind: SQL, Code: "INSERT INTO trees (account_id, name) VALUES ($1, $2)"},
			{Kind: SQL, Code: "INSERT INTO trees (account_id, name) VALUES (current_setting('app.account_id')::bigint, $1)"},
			{Kind: SQL, Code: "INSERT INTO step_library (account_id, title) SELECT t.account_id, t.name FROM trees t WHERE t.account_id = $1"},
			{Kind: SQL, Comment: "the caller checked the tree", Code: "INSERT INTO nodes (tree_id, title) VALUES ($1, $2)"},
		},
		Notes: "A bulk load with pgx's `CopyFrom(ctx, pgx.Identifier{\"trees\"}, " +
			"[]string{\"id\", \"name\"}, rows)` (v5 and v4, and any interface that " +
			"declares it, as sqlc's `DBTX`) writes rows as this INSERT does, every " +
			"value from Go: it is checked as `INSERT INTO \"trees\" (\"id\", " +
			"\"name\") VALUES ($1, $2)`, the text the finding's `query` shows, and a " +
			"column list without the tenant key (or a child table's foreign key) is " +
			"reported at the table argument: `CopyFrom into trees does not tie the " +
			"rows to a tenant: add account_id to the column list`. `COPY trees " +
			"(id, name) FROM STDIN` sent as text (pgconn's `CopyFrom`) is the same " +
			"INSERT: `COPY into trees does not tie the rows to a tenant: add " +
			"account_id to the column list`.",
		Severity:    Error,
		Silenceable: true,
	},
	{
		ID:          Unresolved,
		Summary:     "the SQL sent to PostgreSQL cannot be resolved statically",
		Description: "The analyzer cannot work out statically which SQL reaches PostgreSQL.",
		Why: "SQL that is built from a value read at run time, a struct field set " +
			"elsewhere or an arbitrary function call cannot be proven scoped, and a " +
			"checker that skipped it would pass exactly the dynamic query that is " +
			"most likely to be wrong.",
		Bad: []Example{
			{Kind: Go, Code: "type report struct{ Query string }\n\n" +
				"func run(ctx context.Context, pool *pgxpool.Pool, r report) (pgx.Rows, error) {\n" +
				"\treturn pool.Query(ctx, r.Query)\n}",
				Messages: []string{"cannot resolve the SQL passed to (*pgxpool.Pool).Query: built from field Query, which other packages can set"}},
		},
		Good: []Example{
			{Kind: Go, Code: "func search(ctx context.Context, pool *pgxpool.Pool, account int64, name string) (pgx.Rows, error) {\n" +
				"\treturn pool.Query(ctx, \"SELECT id FROM trees WHERE account_id = $1 AND ($2::text IS NULL OR name = $2)\", account, name)\n}"},
		},
		Notes: "Resolved, and so checked: constant SQL, constants across packages, " +
			"concatenation, `+=` chains, local variables assigned in branches (each " +
			"value is checked), `fmt.Sprintf` with a constant format and resolvable " +
			"arguments, `strings.Join` of resolvable slices, results of the module's " +
			"functions, SQL grown in loops and buffers, identifiers quoted from a " +
			"closed set of constants, and struct-field query builders " +
			"(docs/analyzer.md, \"Resolution\", lists each shape). Optional filters " +
			"belong in constant SQL (`AND ($2::text IS NULL OR t.name = $2)`). A " +
			"helper that takes the SQL as a parameter is a *wrapper*: its callers are " +
			"checked with their argument, and the helper itself is not reported. " +
			"A run of a query that GORM's, bun's or goqu's builder writes at run time " +
			"(`db.Where(\"id = ?\", id).First(&post)`, `q.Scan(ctx)`, `ds.ScanStructs(&rows)`) " +
			"is counted as a query and reported here, with no preset needed: " +
			"tenantcheck does not model those builders, so send such a query as SQL " +
			"text (`db.Raw` under the `gorm` preset, `db.NewRaw` under `bun`) to have it " +
			"checked, or justify it. " +
			"Turn the rule off with `-rules` when a codebase has many dynamic queries " +
			"and you want the other rules first.",
		Severity:    Warning,
		Silenceable: true,
	},
	{
		ID:          Parse,
		Summary:     "PostgreSQL's parser rejects the SQL",
		Description: "PostgreSQL's own parser rejects the SQL.",
		Why: "The query fails at run time, and a query that cannot be parsed cannot " +
			"be checked. tenantcheck parses with the real PostgreSQL grammar " +
			"(pg_query), so what it rejects, PostgreSQL rejects.",
		Bad: []Example{
			{Kind: SQL, Code: "SELECT id FORM trees WHERE account_id = $1",
				Messages: []string{`SQL does not parse: syntax error at or near "trees", in "id FORM trees WHERE account_id = $1"`}},
		},
		Good: []Example{
			{Kind: SQL, Code: "SELECT id FROM trees WHERE account_id = $1"},
		},
		Severity: Error,
	},
	{
		ID:          Directive,
		Summary:     "a cross-tenant directive has no reason or suppresses nothing",
		Description: "A `//tenantcheck:cross-tenant` directive has no reason, or suppresses nothing.",
		Why: "An exception is a decision someone must be able to review: the reason " +
			"is what the security review reads (`tenantcheck -list-exceptions` prints " +
			"them all). A directive that no longer covers any finding hides the next " +
			"query written below it.",
		Bad: []Example{
			{Kind: Go, Comment: "no reason: the directive is reported, and silences nothing",
				Code: "func tokenOwner(ctx context.Context, pool *pgxpool.Pool, hash string) pgx.Row {\n" +
					"\t//tenantcheck:cross-tenant\n" +
					"\treturn pool.QueryRow(ctx, \"SELECT user_id FROM api_tokens WHERE hash = $1\", hash)\n}",
				Messages: []string{
					"cross-tenant directive has no reason: write why the query may read other tenants' rows after //tenantcheck:cross-tenant",
					"api_tokens is not scoped: no user_id predicate and no join on a foreign key to a scoped table; add api_tokens.user_id = $n",
				}},
			{Kind: Go, Comment: "the query below is scoped: the directive covers nothing",
				Code: "func deleteTree(ctx context.Context, pool *pgxpool.Pool, account, id int64) error {\n" +
					"\t//tenantcheck:cross-tenant purge used to run for every account\n" +
					"\t_, err := pool.Exec(ctx, \"DELETE FROM trees WHERE account_id = $1 AND id = $2\", account, id)\n" +
					"\treturn err\n}",
				Messages: []string{"directive suppresses nothing: remove it"}},
		},
		Good: []Example{
			{Kind: Go, Code: "func tokenOwner(ctx context.Context, pool *pgxpool.Pool, hash string) pgx.Row {\n" +
				"\t//tenantcheck:cross-tenant token look-up runs before the tenant is known; the hash is unguessable\n" +
				"\treturn pool.QueryRow(ctx, \"SELECT user_id FROM api_tokens WHERE hash = $1\", hash)\n}"},
		},
		Severity: Warning,
	},
	{
		ID:      UnknownSink,
		Summary: "SQL on tenant data reaches a function tenantcheck does not know sends SQL",
		Description: "A string that parses as a SELECT, INSERT, UPDATE, DELETE or WITH " +
			"statement on a tenant or child table is handed to a function that " +
			"tenantcheck does not know sends SQL: neither a built-in or configured " +
			"sink nor a wrapper it recognized. Reported once per function and " +
			"package, at the first call, with the number of calls.",
		Why: "A query the analyzer does not see is never checked, and a linter that " +
			"is silent about it passes exactly the codebase it is blind to: a " +
			"data-access type whose methods reach the driver through an interface, a " +
			"function value or a library tenantcheck does not know makes every " +
			"caller silent. This rule turns that blindness into one finding per " +
			"function.",
		Bad: []Example{
			{Kind: Go, Code: "type Executor interface {\n" +
				"\tExecute(q string, args []any) error\n}\n\n" +
				"type Store struct {\n" +
				"\tpool *pgxpool.Pool\n" +
				"\tex   Executor\n}\n\n" +
				"func (s *Store) DeleteTree(id int64) error {\n" +
				"\treturn s.ex.Execute(\"DELETE FROM trees WHERE id = $1\", []any{id})\n}",
				Messages: []string{"SQL reaches (store.Executor).Execute once, which tenantcheck does not know sends SQL: add it under sinks in .tenantcheck.yml"}},
		},
		Good: []Example{
			{Kind: Go, Comment: "a function whose first result is a string builds SQL for a caller that sends it",
				Code: "func treeQuery() string {\n" +
					"\treturn \"SELECT id FROM trees WHERE account_id = $1\"\n}"},
		},
		Notes: "Declare the function in `.tenantcheck.yml`, and every call is checked " +
			"with its SQL:\n\n" +
			"```yaml\n" +
			"sinks:\n" +
			"  - {function: \"(example.com/store.Executor).Execute\", arg: 0}\n" +
			"```\n\n" +
			"Functions of the Go distribution (`fmt.Printf`, `log.Println`) and " +
			"functions whose first result is a string (they build SQL for a caller " +
			"that sends it) are never reported. Only packages that can send SQL are " +
			"examined: those that import database/sql, pgx, sqlx, a configured " +
			"sink's package or a package that declares wrappers or query " +
			"interfaces. A function that receives SQL " +
			"without sending it takes a `//tenantcheck:cross-tenant <reason>` " +
			"directive at its call.",
		Severity:    Warning,
		Silenceable: true,
	},
	{
		ID:      TenantSource,
		Summary: "a tenant key is bound to a value taken from the request, not from the authenticated tenant",
		Description: "A query is scoped by a tenant key, but the value bound to it comes " +
			"from request input (URL, query string, form, path values, headers, " +
			"cookies, a decoded body, a connect-go or gRPC request message) rather " +
			"than from the authenticated tenant.",
		Why: "`WHERE account_id = $1 AND id = $2` is proven scoped, but if `$1` is " +
			"`r.PathValue(\"account\")`, any caller names any tenant. A query scoped " +
			"by a tenant id the caller chose is scoped to whichever tenant the " +
			"attacker wants.",
		Bad: []Example{
			{Kind: Go, Comment: "the account comes from the URL",
				Code: "func listTrees(pool *pgxpool.Pool, r *http.Request) (pgx.Rows, error) {\n" +
					"\treturn pool.Query(r.Context(), \"SELECT id, name FROM trees WHERE account_id = $1\", r.PathValue(\"account\"))\n}",
				Messages: []string{"account_id is bound to a value taken from the request (r.PathValue(\"account\") at store.go:10), not from the authenticated tenant; take it from the authenticated tenant or compare it with it first"}},
			{Kind: Go, Comment: "a helper binds its parameter; the handler passes a header: reported at the handler's call",
				Code: "func treesOf(ctx context.Context, pool *pgxpool.Pool, account string) (pgx.Rows, error) {\n" +
					"\treturn pool.Query(ctx, \"SELECT id, name FROM trees WHERE account_id = $1\", account)\n}\n\n" +
					"func handleTrees(pool *pgxpool.Pool, w http.ResponseWriter, r *http.Request) {\n" +
					"\ttreesOf(r.Context(), pool, r.Header.Get(\"X-Account-ID\"))\n}",
				Messages: []string{"account_id is bound to a value taken from the request (r.Header.Get(\"X-Account-ID\") at store.go:15), not from the authenticated tenant; take it from the authenticated tenant or compare it with it first"}},
		},
		Good: []Example{
			{Kind: Go, Comment: "the account comes from the authenticated session (a tenant_sources entry)",
				Code: "type principal struct{ AccountID int64 }\n\n" +
					"func listTrees(pool *pgxpool.Pool, r *http.Request, p principal) (pgx.Rows, error) {\n" +
					"\treturn pool.Query(r.Context(), \"SELECT id, name FROM trees WHERE account_id = $1\", p.AccountID)\n}"},
			{Kind: Go, Comment: "the account in the URL is compared with the session's first",
				Code: "type session struct{ AccountID string }\n\n" +
					"func getTrees(pool *pgxpool.Pool, r *http.Request, s session) (pgx.Rows, error) {\n" +
					"\taccount := r.PathValue(\"account\")\n" +
					"\tif account != s.AccountID {\n" +
					"\t\treturn nil, pgx.ErrNoRows\n\t}\n" +
					"\treturn pool.Query(r.Context(), \"SELECT id, name FROM trees WHERE account_id = $1\", account)\n}"},
		},
		Notes: "Each bind parameter the scope checker uses as a tenant key value (`key = $n`, " +
			"`IN ($n, ...)`, `= ANY($n)`, an INSERT's key, `UPDATE ... SET key = $n`) is " +
			"mapped to the Go value the call binds: a positional argument, an element " +
			"of an `args...` slice built in the function, a `pgx.NamedArgs` entry, an " +
			"sqlx named struct field or map entry, or an argument of a wrapper that " +
			"forwards its `args...`. That value is traced back through assignments, " +
			"conversions (`strconv`, `uuid.Parse`, type conversions), struct fields, " +
			"function results and parameters within the package, captured variables, " +
			"and JSON or XML decoding; a parameter of an exported function becomes a " +
			"fact, and its callers in other packages are traced there.\n\n" +
			"Trusted sources are named in the config's `tenant_sources` (functions, " +
			"methods and struct fields). A request value compared with a trusted one " +
			"on every path before the query (`if id != p.AccountID { return " +
			"errNotFound }`) is safe; without `tenant_sources`, a comparison with any " +
			"value not taken from the request counts, and only request values are " +
			"reported. `strict_sources: true` also reports values of unknown origin " +
			"(a package variable, the result of a call tenantcheck does not follow, " +
			"the parameter of an unexported function nothing calls); a value read " +
			"by a query (`Scan`, `pgx.CollectRows`) counts as the tenant's, since " +
			"that query is checked for scope itself.\n\n" +
			"Not followed: calls through interfaces (a handler that calls a store " +
			"through an interface is not linked to the store's parameters), values " +
			"stored in struct fields of heap objects other than locals, maps and " +
			"channels, goroutines, closures called through a function value of " +
			"another package, and the results of functions of other packages " +
			"(unknown in strict mode), and the values of a squirrel builder or of a " +
			"`CopyFrom`'s row source: the statement is checked, where its key " +
			"values come from is not. A comparison guards only the exact value it " +
			"compares, not one derived from it later. Silence a deliberate case (a " +
			"support tool that opens any account) with `//tenantcheck:cross-tenant " +
			"<reason>` at the call the finding points to.",
		Severity:    Error,
		Silenceable: true,
	},
	{
		ID:      RLS,
		Summary: "a tenant table lacks forced row-level security and a policy on its tenant key",
		Description: "When the migrations enable row-level security on any table (or the " +
			"config says `rls: required`), every tenant and child table must end the " +
			"migrations with `ENABLE` and `FORCE ROW LEVEL SECURITY` and policies that " +
			"confine each command to one tenant: every permissive policy, AND-ed with " +
			"the restrictive ones, must compare the table's tenant key with a " +
			"tenant-context expression (`current_setting('app.…')`, possibly cast, " +
			"under `nullif`, with the `missing_ok` argument, or one of the config's " +
			"`tenant_context`) in its `USING` and, for INSERT and UPDATE, in its " +
			"`WITH CHECK` (or the `USING` that stands in for it, as in PostgreSQL); " +
			"an OR confines when each of its arms does. " +
			"A child table's policy must reach its tenant parent through its foreign " +
			"key. A later `DISABLE`, `NO FORCE` or `DROP POLICY` undoes the wall, and " +
			"the finding points at that statement; otherwise at the `CREATE TABLE` or " +
			"the policy. An application role (`app_role`) created or altered with " +
			"`BYPASSRLS` or `SUPERUSER` is a finding too.",
		Why: "Row-level security is the second wall: a query that forgets its " +
			"tenant predicate still sees one tenant's rows. Without `FORCE` the " +
			"tables' owner, often the very role the service logs in as, skips every " +
			"policy; a policy on the wrong column, compared with a literal, or with " +
			"an `OR` arm lets other tenants in; a child table's policy that does not " +
			"join its parent on the foreign key lets any row through once the " +
			"tenant has one parent row.",
		Bad: []Example{
			{Kind: Migration, Comment: "enabled, but neither forced nor given a policy",
				Code: "CREATE TABLE trees (id bigint PRIMARY KEY, account_id bigint NOT NULL, name text);\n" +
					"ALTER TABLE trees ENABLE ROW LEVEL SECURITY;",
				Messages: []string{
					"trees has row-level security enabled but not forced, so its owner bypasses every policy: add ALTER TABLE trees FORCE ROW LEVEL SECURITY (or set rls_allow_unforced: true if the application never connects as the owner)",
					"trees has row-level security enabled but no permissive policy, so the application sees none of its rows: add a policy USING (account_id = current_setting('app.account_id'))",
				}},
			{Kind: Migration, Comment: "the child's policy never ties the row to its own tree",
				Code: "CREATE TABLE trees (id bigint PRIMARY KEY, account_id bigint NOT NULL, name text);\n" +
					"CREATE TABLE nodes (id bigint PRIMARY KEY, tree_id bigint NOT NULL REFERENCES trees (id), title text);\n" +
					"ALTER TABLE trees ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;\n" +
					"CREATE POLICY trees_tenant ON trees USING (account_id = current_setting('app.account_id')::bigint);\n" +
					"ALTER TABLE nodes ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;\n" +
					"CREATE POLICY nodes_tenant ON nodes\n" +
					"  USING (EXISTS (SELECT 1 FROM trees t WHERE t.account_id = current_setting('app.account_id')::bigint));",
				Messages: []string{
					"nodes policy nodes_tenant lets SELECT, INSERT, UPDATE, DELETE reach and write other tenants' rows: its USING does not reach trees through tree_id and compare its tenant key with a tenant-context expression; use USING (EXISTS (SELECT 1 FROM trees p WHERE p.id = nodes.tree_id AND p.account_id = current_setting('app.account_id')))",
				}},
			{Kind: Migration, Comment: "a second permissive policy is OR-ed with the first: it opens every row to SELECT",
				Code: "CREATE TABLE trees (id bigint PRIMARY KEY, account_id bigint NOT NULL, name text);\n" +
					"ALTER TABLE trees ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;\n" +
					"CREATE POLICY trees_tenant ON trees USING (account_id = current_setting('app.account_id')::bigint);\n" +
					"CREATE POLICY trees_read ON trees FOR SELECT USING (true);",
				Messages: []string{
					"trees policy trees_read lets SELECT reach other tenants' rows: its USING does not compare account_id with a tenant-context expression; use USING (account_id = current_setting('app.account_id'))",
				}},
			{Kind: Migration, Comment: "the tenant comparison is one arm of an OR",
				Code: "CREATE TABLE trees (id bigint PRIMARY KEY, account_id bigint NOT NULL, name text);\n" +
					"ALTER TABLE trees ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;\n" +
					"CREATE POLICY trees_tenant ON trees\n" +
					"  USING (account_id = current_setting('app.account_id')::bigint OR name = 'demo');",
				Messages: []string{
					"trees policy trees_tenant lets SELECT, INSERT, UPDATE, DELETE reach and write other tenants' rows: its USING compares the tenant only in some arms of an OR, so another arm lets every tenant's rows through; use USING (account_id = current_setting('app.account_id'))",
				}},
			{Kind: Migration, Comment: "a fallback to the column itself matches every row while the setting is unset",
				Code: "CREATE TABLE trees (id bigint PRIMARY KEY, account_id bigint NOT NULL, name text);\n" +
					"ALTER TABLE trees ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;\n" +
					"CREATE POLICY trees_tenant ON trees\n" +
					"  USING (account_id = COALESCE(current_setting('app.account_id', true)::bigint, account_id));",
				Messages: []string{
					"trees policy trees_tenant lets SELECT, INSERT, UPDATE, DELETE reach and write other tenants' rows: its USING does not compare account_id with a tenant-context expression (COALESCE(..., account_id) falls back to account_id itself when the setting is unset, so every row matches then); use USING (account_id = current_setting('app.account_id'))",
				}},
			{Kind: Migration, Comment: "a function tenantcheck does not know as the tenant: name it in tenant_context if it is one",
				Code: "CREATE TABLE trees (id uuid PRIMARY KEY, account_id uuid NOT NULL, name text);\n" +
					"ALTER TABLE trees ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;\n" +
					"CREATE POLICY trees_tenant ON trees USING (account_id = (SELECT auth.uid()));",
				Messages: []string{
					"trees policy trees_tenant lets SELECT, INSERT, UPDATE, DELETE reach and write other tenants' rows: its USING does not compare account_id with a tenant-context expression (auth.uid() is not one to tenantcheck: if it returns the session's tenant, add {function: uid} to tenant_context in .tenantcheck.yml); use USING (account_id = current_setting('app.account_id'))",
				}},
			{Kind: Migration, Comment: "a later migration undoes the wall",
				Code: "CREATE TABLE trees (id bigint PRIMARY KEY, account_id bigint NOT NULL, name text);\n" +
					"ALTER TABLE trees ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;\n" +
					"CREATE POLICY trees_tenant ON trees USING (account_id = current_setting('app.account_id')::bigint);\n" +
					"ALTER TABLE trees NO FORCE ROW LEVEL SECURITY;",
				Messages: []string{
					"trees has row-level security no longer forced after this NO FORCE, so its owner bypasses every policy: remove the NO FORCE, or add ALTER TABLE trees FORCE ROW LEVEL SECURITY in a later migration",
				}},
		},
		Good: []Example{
			{Kind: Migration, Code: "CREATE TABLE trees (id bigint PRIMARY KEY, account_id bigint NOT NULL, name text);\n" +
				"CREATE TABLE nodes (id bigint PRIMARY KEY, tree_id bigint NOT NULL REFERENCES trees (id), title text);\n" +
				"ALTER TABLE trees ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;\n" +
				"CREATE POLICY trees_tenant ON trees\n" +
				"  USING (account_id = nullif(current_setting('app.account_id', true), '')::bigint);\n" +
				"ALTER TABLE nodes ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;\n" +
				"CREATE POLICY nodes_tenant ON nodes\n" +
				"  USING (EXISTS (SELECT 1 FROM trees t WHERE t.id = tree_id\n" +
				"                 AND t.account_id = current_setting('app.account_id')::bigint));"},
			{Kind: Migration, Comment: "a policy that is cross-tenant on purpose, with its reason",
				Code: "CREATE TABLE api_tokens (hash text PRIMARY KEY, account_id bigint NOT NULL);\n" +
					"ALTER TABLE api_tokens ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;\n" +
					"CREATE POLICY api_tokens_tenant ON api_tokens USING (account_id = current_setting('app.account_id')::bigint);\n" +
					"-- tenantcheck:cross-tenant the token look-up reads by an unguessable hash before the tenant is known\n" +
					"CREATE POLICY api_tokens_lookup ON api_tokens FOR SELECT USING (true);"},
		},
		Notes: "Silence a policy or a table that is cross-tenant on purpose with a " +
			"`-- tenantcheck:cross-tenant <reason>` comment on its own line above its " +
			"`CREATE POLICY` (or `ALTER POLICY`), or above the `CREATE TABLE` for the " +
			"whole table; a comment without a reason, or one that hides nothing, is a " +
			"[`directive`](#directive) finding. A Go directive cannot silence this " +
			"rule. In `.tenantcheck.yml`, `rls: off` turns it off and `rls: " +
			"required` on without any `ENABLE` in the migrations; " +
			"`rls_allow_unforced: true` waives `FORCE` when the service never " +
			"connects as the tables' owner; `app_role` names the role the service " +
			"connects as, so that policies `TO` other roles are left out (a role " +
			"granted to it with `GRANT r TO app` counts as its own) and the role's " +
			"own `BYPASSRLS` or `SUPERUSER` is reported, as is a table without " +
			"`FORCE` that an `ALTER TABLE ... OWNER TO` gives to that role while " +
			"the waiver is on (docs/config.md).\n\n" +
			"Findings point at migration files, so the command runs this rule once " +
			"per run; the go vet and golangci-lint front ends, which see one package " +
			"at a time, skip it. Not checked: statements inside `DO` blocks and " +
			"functions (a role created there is unknown), privileges (`GRANT`), " +
			"`SECURITY DEFINER` functions and views, which run as their owner, " +
			"functions called in a policy (name them in `tenant_context` when they " +
			"return the tenant, in `tenant_predicates` when they check membership " +
			"given a tenant key), the row-level security of a table a policy reads in " +
			"its subquery (the subquery must compare the tenant itself), and column " +
			"renames inside stored policies (table renames are followed). " +
			"Partitions are checked as tables of their own, since a query on a " +
			"partition applies the partition's policies, not its parent's.",
		Severity:    Error,
		Silenceable: true,
	},
}
