package app

import (
	"context"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/blueprintfile"
)

// ExportBlueprint returns the service's current blueprint as a file
// (blueprintfile), and the service. A service of another organization, or
// one without a published version, is not found.
func (a *App) ExportBlueprint(ctx context.Context, orgID, serviceID int64) ([]byte, *tandem.Service, error) {
	svc, err := a.Services.FindService(ctx, orgID, serviceID)
	if err != nil {
		return nil, nil, err
	}
	b, err := a.Services.CurrentBlueprint(ctx, orgID, svc.ID)
	if err != nil {
		return nil, nil, err
	}
	data, err := blueprintfile.Encode(svc, b)
	if err != nil {
		return nil, nil, err
	}
	return data, svc, nil
}

// ImportBlueprint reads a blueprint file and publishes it: as the first
// version of a new service named as in the file when serviceID is 0, or
// else as the next version of the organization's service serviceID (whose
// name stays as it is). Keys are kept as the file has them, so feedback
// on steps and aspects that keep their key lines up across versions;
// translations whose English changed against the current version are
// marked stale, like the editor's. A file that does not read or validate
// is refused with the field named, and nothing is stored.
func (a *App) ImportBlueprint(ctx context.Context, orgID, serviceID int64, data []byte) (*tandem.Service, *tandem.Blueprint, error) {
	var svc *tandem.Service
	var cur *tandem.Blueprint
	if serviceID != 0 {
		// The organization is checked before the file is read: another
		// organization's service is not found, whatever the file holds.
		var err error
		if svc, err = a.Services.FindService(ctx, orgID, serviceID); err != nil {
			return nil, nil, err
		}
		cur, err = a.Services.CurrentBlueprint(ctx, orgID, svc.ID)
		if err != nil && tandem.ErrorCode(err) != tandem.ENOTFOUND {
			return nil, nil, err
		}
	}
	f, err := blueprintfile.Decode(data)
	if err != nil {
		return nil, nil, err
	}
	b := f.Blueprint
	if cur != nil {
		stale := tandem.MarkStale(cur, b, nil)
		for p, langs := range b.Stale {
			for _, l := range langs {
				if !stale.Has(p, l) {
					stale[p] = append(stale[p], l)
				}
			}
		}
		b.Stale = stale
	}
	if svc == nil {
		// A new service comes with its blueprint or not at all.
		svc = &tandem.Service{OrgID: orgID, Name: f.Service.Name, Description: f.Service.Description, CreatedAt: a.now()}
		if err := a.Services.CreateServiceWithBlueprint(ctx, svc, b); err != nil {
			return nil, nil, err
		}
		return svc, b, nil
	}
	b.OrgID, b.ServiceID = orgID, svc.ID
	if err := a.Services.PublishBlueprint(ctx, b); err != nil {
		return nil, nil, err
	}
	svc.Version = b.Version
	return svc, b, nil
}
