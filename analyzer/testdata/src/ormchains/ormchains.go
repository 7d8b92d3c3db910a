// Package ormchains runs queries that GORM, bun and goqu build at run time:
// every run is a query tenantcheck counts and reports as unresolved, with
// no preset on.
package ormchains

import (
	"context"
	"database/sql"

	"github.com/doug-martin/goqu/v9"
	"github.com/uptrace/bun"
	"gorm.io/gorm"
)

type post struct{ ID, AccountID int64 }

func gormFinishers(db *gorm.DB, id int64) {
	var p post
	var ps []post
	var n int64
	db.Where("id = ?", id).First(&p)                                             // want `^\(\*gorm\.DB\)\.First runs SQL that gorm's query builder writes at run time, which tenantcheck does not model, so it is not checked: send it with db\.Raw\(sql, args\.\.\.\) under the gorm preset to have it checked, or justify it with //tenantcheck:cross-tenant <reason>$`
	db.Model(&p).Where("id = ?", id).Order("id").Limit(1).Take(&p)               // want `\(\*gorm\.DB\)\.Take runs SQL that gorm's query builder writes`
	db.Last(&p)                                                                  // want `\(\*gorm\.DB\)\.Last runs SQL`
	db.Find(&ps, "id = ?", id)                                                   // want `\(\*gorm\.DB\)\.Find runs SQL`
	db.FirstOrInit(&p)                                                           // want `\(\*gorm\.DB\)\.FirstOrInit runs SQL`
	db.FirstOrCreate(&p)                                                         // want `\(\*gorm\.DB\)\.FirstOrCreate runs SQL`
	db.Create(&p)                                                                // want `\(\*gorm\.DB\)\.Create runs SQL`
	db.CreateInBatches(ps, 100)                                                  // want `\(\*gorm\.DB\)\.CreateInBatches runs SQL`
	db.Save(&p)                                                                  // want `\(\*gorm\.DB\)\.Save runs SQL`
	db.Model(&p).Update("account_id", 2)                                         // want `\(\*gorm\.DB\)\.Update runs SQL`
	db.Model(&p).Updates(p)                                                      // want `\(\*gorm\.DB\)\.Updates runs SQL`
	db.Model(&p).UpdateColumn("account_id", 2)                                   // want `\(\*gorm\.DB\)\.UpdateColumn runs SQL`
	db.Model(&p).UpdateColumns(p)                                                // want `\(\*gorm\.DB\)\.UpdateColumns runs SQL`
	db.Delete(&p, id)                                                            // want `\(\*gorm\.DB\)\.Delete runs SQL`
	db.Table("posts").Count(&n)                                                  // want `\(\*gorm\.DB\)\.Count runs SQL`
	db.Model(&p).Pluck("id", &ps)                                                // want `\(\*gorm\.DB\)\.Pluck runs SQL`
	db.Table("posts").Scan(&ps)                                                  // want `\(\*gorm\.DB\)\.Scan runs SQL`
	db.Table("posts").Row()                                                      // want `\(\*gorm\.DB\)\.Row runs SQL`
	db.Table("posts").Rows()                                                     // want `\(\*gorm\.DB\)\.Rows runs SQL`
	db.FindInBatches(&ps, 10, func(tx *gorm.DB, batch int) error { return nil }) // want `\(\*gorm\.DB\)\.FindInBatches runs SQL`
}

// gormThroughVariable: the chain is built in steps; the run is the query.
func gormThroughVariable(db *gorm.DB, id int64) {
	var p post
	q := db.Model(&p).Where("id = ?", id)
	q = q.Order("id")
	q.First(&p) // want `\(\*gorm\.DB\)\.First runs SQL that gorm's query builder writes`
}

// okGormBuildOnly: chain methods run nothing.
func okGormBuildOnly(db *gorm.DB, id int64) *gorm.DB {
	return db.Model(&post{}).Table("posts").Where("id = ?", id).Order("id").Limit(1)
}

// gormJustified: the directive silences a run like any finding.
func gormJustified(db *gorm.DB) {
	var ps []post
	//tenantcheck:cross-tenant the nightly report reads every account
	db.Find(&ps)
}

// gormRawWithoutPreset: raw SQL begun by Raw is checked only under the
// preset, and the run says so.
func gormRawWithoutPreset(db *gorm.DB) {
	var names []string
	db.Raw("SELECT name FROM trees").Scan(&names) // want `^\(\*gorm\.DB\)\.Scan runs SQL text that tenantcheck checks only under the gorm preset, so it is not checked: add gorm to presets in \.tenantcheck\.yml$`
	db.Exec("DELETE FROM trees")                  // want `^\(\*gorm\.DB\)\.Exec runs SQL text that tenantcheck checks only under the gorm preset`
}

func bunRuns(ctx context.Context, db *bun.DB, id int64) {
	var p post
	db.NewSelect().Model(&p).Where("id = ?", id).Order("id").Limit(1).Scan(ctx) // want `^\(\*bun\.SelectQuery\)\.Scan runs SQL that bun's query builder writes at run time, which tenantcheck does not model, so it is not checked: send it with db\.NewRaw\(sql, args\.\.\.\) under the bun preset to have it checked, or justify it with //tenantcheck:cross-tenant <reason>$`
	db.NewSelect().Model(&p).Exec(ctx)                                          // want `\(\*bun\.SelectQuery\)\.Exec runs SQL`
	db.NewSelect().Model(&p).Count(ctx)                                         // want `\(\*bun\.SelectQuery\)\.Count runs SQL`
	db.NewSelect().Model(&p).ScanAndCount(ctx)                                  // want `\(\*bun\.SelectQuery\)\.ScanAndCount runs SQL`
	db.NewSelect().Model(&p).Exists(ctx)                                        // want `\(\*bun\.SelectQuery\)\.Exists runs SQL`
	db.NewSelect().Model(&p).Rows(ctx)                                          // want `\(\*bun\.SelectQuery\)\.Rows runs SQL`
	db.NewInsert().Model(&p).Exec(ctx)                                          // want `\(\*bun\.InsertQuery\)\.Exec runs SQL`
	db.NewUpdate().Model(&p).Where("id = ?", id).Exec(ctx)                      // want `\(\*bun\.UpdateQuery\)\.Exec runs SQL`
	db.NewDelete().Model(&p).Where("id = ?", id).Scan(ctx)                      // want `\(\*bun\.DeleteQuery\)\.Scan runs SQL`
	db.NewTruncateTable().Model(&p).Exec(ctx)                                   // want `\(\*bun\.TruncateTableQuery\)\.Exec runs SQL`
	q := db.NewSelect().Model(&p)
	q = q.Where("id = ?", id)
	q.Scan(ctx) // want `\(\*bun\.SelectQuery\)\.Scan runs SQL`
	var names []string
	db.NewRaw("SELECT name FROM trees").Scan(ctx, &names) // want `\(\*bun\.RawQuery\)\.Scan runs SQL text that tenantcheck checks only under the bun preset`
	db.ExecContext(ctx, "DELETE FROM trees")              // want `\(\*bun\.DB\)\.ExecContext runs SQL text that tenantcheck checks only under the bun preset`
}

func goquRuns(ctx context.Context, db *goqu.Database, raw *sql.DB, id int64) {
	var ps []post
	var ids []int64
	ds := db.From("posts").Where(goqu.Ex{"id": id})
	ds.ScanStructs(&ps)                                                     // want `^\(\*goqu\.SelectDataset\)\.ScanStructs runs SQL that goqu's dataset writes at run time, which tenantcheck does not model, so it is not checked: send it as SQL text through database/sql or pgx to have it checked, or justify it with //tenantcheck:cross-tenant <reason>$`
	ds.ScanStructsContext(ctx, &ps)                                         // want `\(\*goqu\.SelectDataset\)\.ScanStructsContext runs SQL`
	ds.ScanStruct(&ps)                                                      // want `\(\*goqu\.SelectDataset\)\.ScanStruct runs SQL`
	ds.ScanVals(&ids)                                                       // want `\(\*goqu\.SelectDataset\)\.ScanVals runs SQL`
	ds.ScanVal(&id)                                                         // want `\(\*goqu\.SelectDataset\)\.ScanVal runs SQL`
	ds.Count()                                                              // want `\(\*goqu\.SelectDataset\)\.Count runs SQL`
	ds.CountContext(ctx)                                                    // want `\(\*goqu\.SelectDataset\)\.CountContext runs SQL`
	db.From("posts").Order(nil).Limit(1).Pluck(&ids, "id")                  // want `\(\*goqu\.SelectDataset\)\.Pluck runs SQL`
	ds.Executor().ScanStructs(&ps)                                          // want `\(exec\.QueryExecutor\)\.ScanStructs runs SQL`
	db.Update("posts").Set(goqu.Ex{"account_id": 2}).Executor().Exec()      // want `\(exec\.QueryExecutor\)\.Exec runs SQL`
	db.Delete("posts").Where(goqu.Ex{"id": id}).Executor().ExecContext(ctx) // want `\(exec\.QueryExecutor\)\.ExecContext runs SQL`
	// The text ToSQL renders is not known either: the sink reports it.
	text, args, _ := ds.ToSQL()
	raw.QueryContext(ctx, text, args...) // want `cannot resolve the SQL passed to \(\*sql\.DB\)\.QueryContext`
}

// okGoquBuildOnly: a dataset that is only built runs nothing.
func okGoquBuildOnly(db *goqu.Database, id int64) *goqu.SelectDataset {
	return db.From("posts").Where(goqu.Ex{"id": id}).Order(nil).Limit(1)
}
