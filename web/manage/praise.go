package manage

import (
	"net/http"
	"time"

	"github.com/tandemhq/tandem"
)

// praiseShown is how much of the newest praise the page lists; the count
// covers all of it.
const praiseShown = 200

type praiseData struct {
	Staff  *tandem.StaffMember // nil when the user is not linked to a staff member
	Praise []praiseItem        // the newest praiseShown
	Count  int                 // all praise received
}

type praiseItem struct {
	Text    string
	At      time.Time
	Service *tandem.Service
}

// praise shows the signed-in person the praise customers gave them: staff
// value it most, so it is their landing page.
func (s *Server) praise(w http.ResponseWriter, r *http.Request) error {
	v := viewerFrom(r.Context())
	ctx := r.Context()
	staff, err := s.App.Sites.ListStaff(ctx, v.Org.ID, 0)
	if err != nil {
		return err
	}
	var d praiseData
	for _, m := range staff {
		if m.UserID == v.User.ID {
			d.Staff = m
			break
		}
	}
	if d.Staff != nil {
		// Filtered in the store: praise is a small share of all feedback.
		filter := tandem.FeedbackFilter{OrgID: v.Org.ID, PraiseStaffID: &d.Staff.ID, Limit: praiseShown}
		list, err := s.App.Feedback.ListFeedback(ctx, filter)
		if err != nil {
			return err
		}
		if d.Count, err = s.App.Feedback.CountFeedback(ctx, filter); err != nil {
			return err
		}
		services, err := s.App.Services.ListServices(ctx, v.Org.ID)
		if err != nil {
			return err
		}
		byID := map[int64]*tandem.Service{}
		for _, svc := range services {
			byID[svc.ID] = svc
		}
		for _, f := range list {
			d.Praise = append(d.Praise, praiseItem{Text: f.Praise, At: f.CreatedAt, Service: byID[f.ServiceID]})
		}
	}
	p := s.newPage(w, r, "manage.praise.title", "praise")
	p.Data = d
	s.render(w, http.StatusOK, "praise", p)
	return nil
}
