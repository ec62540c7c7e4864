package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"sync"
	"time"

	"github.com/tandemhq/tandem"
)

const serviceCols = `id, org_id, site_id, name, description, version, created_ms`

func scanService(row scanner) (*tandem.Service, error) {
	var s tandem.Service
	var created int64
	if err := row.Scan(&s.ID, &s.OrgID, idCol{&s.SiteID}, textCol{&s.Name}, textCol{&s.Description}, &s.Version, &created); err != nil {
		return nil, rowErr(err)
	}
	s.CreatedAt = fromMS(created)
	return &s, nil
}

// CreateService stores s with no blueprint yet (Version 0).
func (db *DB) CreateService(ctx context.Context, s *tandem.Service) error {
	if err := db.checkService(s); err != nil {
		return err
	}
	return writeErr(db.insertService(ctx, db.w, s))
}

// CreateServiceWithBlueprint stores s with b as its first version, in one
// transaction: when either is refused, neither is stored. It fills in s's
// ID and Version and what PublishBlueprint fills in b, whose OrgID and
// ServiceID become s's.
func (db *DB) CreateServiceWithBlueprint(ctx context.Context, s *tandem.Service, b *tandem.Blueprint) error {
	if err := db.checkService(s); err != nil {
		return err
	}
	b.OrgID = s.OrgID
	if err := b.Validate(); err != nil {
		return err
	}
	err := db.withTx(ctx, func(tx *sql.Tx) error {
		if err := db.insertService(ctx, tx, s); err != nil {
			return err
		}
		b.ServiceID = s.ID
		return db.publish(ctx, tx, b)
	})
	if err != nil {
		s.ID, b.ServiceID = 0, 0
		return writeErr(err)
	}
	s.Version = b.Version
	return nil
}

// rowQuerier is a *sql.DB or a *sql.Tx.
type rowQuerier interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// checkService validates a new service and stamps its creation time.
func (db *DB) checkService(s *tandem.Service) error {
	if err := s.Validate(); err != nil {
		return err
	}
	if s.CreatedAt.IsZero() {
		s.CreatedAt = db.now()
	}
	s.CreatedAt = s.CreatedAt.UTC()
	s.Version = 0
	return nil
}

// insertService stores a checked service with no blueprint yet.
func (db *DB) insertService(ctx context.Context, q rowQuerier, s *tandem.Service) error {
	return q.QueryRowContext(ctx, db.q(`INSERT INTO services (org_id, site_id, name, description, version, created_ms)
		VALUES (?, ?, ?, ?, 0, ?) RETURNING id`),
		s.OrgID, nullID(s.SiteID), textJSON(s.Name), textJSON(s.Description), ms(s.CreatedAt)).Scan(&s.ID)
}

// FindService returns a service of an organization.
func (db *DB) FindService(ctx context.Context, orgID, id int64) (*tandem.Service, error) {
	return scanService(db.r.QueryRowContext(ctx, db.q(`SELECT `+serviceCols+` FROM services WHERE org_id = ? AND id = ?`), orgID, id))
}

// ListServices lists an organization's services in order of creation.
func (db *DB) ListServices(ctx context.Context, orgID int64) ([]*tandem.Service, error) {
	return queryList(ctx, db.r, db.q(`SELECT `+serviceCols+` FROM services WHERE org_id = ? ORDER BY id`), scanService, orgID)
}

// PublishBlueprint stores b as the next version of its service, in one
// transaction, and makes it current. Earlier versions stay as they were.
func (db *DB) PublishBlueprint(ctx context.Context, b *tandem.Blueprint) error {
	if err := b.Validate(); err != nil {
		return err
	}
	return writeErr(db.withTx(ctx, func(tx *sql.Tx) error { return db.publish(ctx, tx, b) }))
}

// publish stores a validated blueprint as the next version of its service
// inside tx and makes it current.
func (db *DB) publish(ctx context.Context, tx *sql.Tx, b *tandem.Blueprint) error {
	published := db.now().UTC()
	// Bumping the version first locks the service row in PostgreSQL,
	// so concurrent publishes take turns instead of colliding.
	var version int
	err := tx.QueryRowContext(ctx, db.q(`UPDATE services SET version = version + 1 WHERE org_id = ? AND id = ? RETURNING version`),
		b.OrgID, b.ServiceID).Scan(&version)
	if err != nil {
		return rowErr(err)
	}
	var id int64
	err = tx.QueryRowContext(ctx, db.q(`INSERT INTO blueprints (org_id, service_id, version, published_ms, preparation, readiness, stale)
		VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`),
		b.OrgID, b.ServiceID, version, ms(published), textJSON(b.Preparation), listJSON(b.Readiness), staleJSON(b.Stale)).Scan(&id)
	if err != nil {
		return err
	}
	stepIDs := make([]int64, len(b.Steps))
	for i, s := range b.Steps {
		err := tx.QueryRowContext(ctx, db.q(`INSERT INTO steps
			(blueprint_id, position, key, lane, title, why, expected, how, ability, assisted, expected_minutes,
			short, company_specific, window_minutes, nudge, requirements, requests)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`),
			id, i, s.Key, string(s.Lane), textJSON(s.Title), textJSON(s.Why), textJSON(s.Expected),
			textJSON(s.How), textJSON(s.Ability), textJSON(s.Assisted), s.ExpectedMinutes,
			textJSON(s.Short), s.CompanySpecific, s.WindowMinutes, textJSON(s.Nudge), listJSON(s.Requirements),
			requestsJSON(s.Requests)).Scan(&stepIDs[i])
		if err != nil {
			return err
		}
	}
	aspectIDs := make([]int64, len(b.Aspects))
	for i, a := range b.Aspects {
		err := tx.QueryRowContext(ctx, db.q(`INSERT INTO aspects (blueprint_id, position, key, step_key, name, controlled_by)
			VALUES (?, ?, ?, ?, ?, ?) RETURNING id`),
			id, i, a.Key, a.StepKey, textJSON(a.Name), string(a.ControlledBy)).Scan(&aspectIDs[i])
		if err != nil {
			return err
		}
	}
	b.ID, b.Version, b.PublishedAt = id, version, published.Truncate(time.Millisecond)
	for i := range b.Steps {
		b.Steps[i].ID = stepIDs[i]
	}
	for i := range b.Aspects {
		b.Aspects[i].ID = aspectIDs[i]
	}
	return nil
}

// FindBlueprint returns a blueprint version of an organization by its id.
func (db *DB) FindBlueprint(ctx context.Context, orgID, id int64) (*tandem.Blueprint, error) {
	return db.loadBlueprint(ctx, db.r.QueryRowContext(ctx, db.q(`SELECT `+blueprintCols+`
		FROM blueprints b WHERE b.org_id = ? AND b.id = ?`), orgID, id))
}

// CurrentBlueprint returns the service's current blueprint version, or
// ENOTFOUND when none is published.
func (db *DB) CurrentBlueprint(ctx context.Context, orgID, serviceID int64) (*tandem.Blueprint, error) {
	return db.loadBlueprint(ctx, db.r.QueryRowContext(ctx, db.q(`SELECT `+blueprintCols+`
		FROM services s JOIN blueprints b ON b.service_id = s.id AND b.version = s.version
		WHERE s.org_id = ? AND s.id = ?`), orgID, serviceID))
}

const blueprintCols = `b.id, b.org_id, b.service_id, b.version, b.published_ms, b.preparation, b.readiness, b.stale`

func (db *DB) loadBlueprint(ctx context.Context, row *sql.Row) (*tandem.Blueprint, error) {
	var b tandem.Blueprint
	var published int64
	if err := row.Scan(&b.ID, &b.OrgID, &b.ServiceID, &b.Version, &published, textCol{&b.Preparation}, listCol[tandem.Dimension]{&b.Readiness}, staleCol{&b.Stale}); err != nil {
		return nil, rowErr(err)
	}
	b.PublishedAt = fromMS(published)
	steps, err := queryList(ctx, db.r, db.q(`SELECT id, key, lane, title, why, expected, how, ability, assisted, expected_minutes,
			short, company_specific, window_minutes, nudge, requirements, requests
		FROM steps WHERE blueprint_id = ? ORDER BY position`), func(r scanner) (tandem.Step, error) {
		var s tandem.Step
		err := r.Scan(&s.ID, &s.Key, &s.Lane, textCol{&s.Title}, textCol{&s.Why}, textCol{&s.Expected},
			textCol{&s.How}, textCol{&s.Ability}, textCol{&s.Assisted}, &s.ExpectedMinutes,
			textCol{&s.Short}, &s.CompanySpecific, &s.WindowMinutes, textCol{&s.Nudge}, listCol[tandem.Requirement]{&s.Requirements},
			requestsCol{&s.Requests})
		return s, err
	}, b.ID)
	if err != nil {
		return nil, err
	}
	aspects, err := queryList(ctx, db.r, db.q(`SELECT id, key, step_key, name, controlled_by
		FROM aspects WHERE blueprint_id = ? ORDER BY position`), func(r scanner) (tandem.Aspect, error) {
		var a tandem.Aspect
		err := r.Scan(&a.ID, &a.Key, &a.StepKey, textCol{&a.Name}, &a.ControlledBy)
		return a, err
	}, b.ID)
	if err != nil {
		return nil, err
	}
	b.Steps, b.Aspects = steps, aspects
	return &b, nil
}

// blueprintCache keeps blueprints the feedback path needs. Published
// blueprints never change, so entries never go stale.
type blueprintCache struct {
	mu sync.RWMutex
	m  map[int64]*tandem.Blueprint
}

// cachedBlueprint returns a blueprint of an organization for read-only use.
func (db *DB) cachedBlueprint(ctx context.Context, orgID, id int64) (*tandem.Blueprint, error) {
	c := &db.blueprints
	c.mu.RLock()
	b := c.m[id]
	c.mu.RUnlock()
	if b == nil {
		var err error
		if b, err = db.FindBlueprint(ctx, orgID, id); err != nil {
			return nil, err
		}
		c.mu.Lock()
		if len(c.m) >= 4096 {
			clear(c.m)
		}
		c.m[id] = b
		c.mu.Unlock()
	}
	if b.OrgID != orgID {
		return nil, notFound()
	}
	return b, nil
}

// staleJSON encodes a blueprint's stale translations as a JSON object.
func staleJSON(m tandem.StaleMarks) string {
	if len(m) == 0 {
		return "{}"
	}
	b, _ := json.Marshal(m) // strings always marshal
	return string(b)
}

// staleCol scans a blueprints.stale column, {} as nil.
type staleCol struct{ m *tandem.StaleMarks }

func (c staleCol) Scan(src any) error {
	b, err := jsonBytes(src, "stale")
	if err != nil {
		return err
	}
	*c.m = nil
	if err := json.Unmarshal(b, c.m); err != nil {
		return err
	}
	if len(*c.m) == 0 {
		*c.m = nil
	}
	return nil
}
