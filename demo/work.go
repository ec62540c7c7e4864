package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/tandemhq/tandem"
)

// workDef is a problem reported to the cleaning crew (S4) some minutes
// before now, by reporters people, and where the crew stands with it.
type workDef struct {
	room, problem string
	ago           int // minutes before now of the first report
	reporters     int
	comment       tandem.Text
	acked         int // minutes after the report the crew acknowledged it, 0: not yet
	done          int // minutes after the report it was done, 0: not yet
	note          string
}

// workDefs: one overdue, two open, one on its way, two done this morning.
var workDefs = []workDef{
	{room: "restroom-3f", problem: "no-paper", ago: 45, reporters: 3, comment: tx("Both stalls.", "В обеих кабинках.", "Molemmissa kopeissa.")},
	{room: "kitchen-3f", problem: "dishwasher", ago: 20, reporters: 1},
	{room: "aurora", problem: "dishes", ago: 12, reporters: 1, comment: tx("Cups from the 10 o'clock meeting.", "Чашки после встречи в 10.", "Kupit kymmenen palaverista.")},
	{room: "restroom-2f", problem: "not-clean", ago: 35, reporters: 2, acked: 10},
	{room: "restroom-2f", problem: "no-towels", ago: 190, reporters: 1, acked: 5, done: 18, note: "Täytetty."},
	{room: "lobby", problem: "floor", ago: 240, reporters: 2, comment: tx("Wet by the door.", "Мокро у двери.", "Märkää oven edessä."), acked: 8, done: 25, note: "Kuivattu, matto vaihdettu."},
}

// seedWork reports workDefs's problems and moves them on as Aino, the crew
// leader, so the crew view has something to show from the start.
func seedWork(ctx context.Context, st tandem.ReportStore, w *world, aino int64, now time.Time) (int, error) {
	langs := []string{"fi", "en", "ru"}
	for _, d := range workDefs {
		tp := w.tps[d.room]
		list := tandem.DefaultProblems(tp.Type)
		p := tandem.FindProblem(list, d.problem)
		if p == nil {
			return 0, fmt.Errorf("demo: %s offers no problem %s", d.room, d.problem)
		}
		at := now.Add(-time.Duration(d.ago) * time.Minute)
		var item *tandem.WorkItem
		for i := 0; i < d.reporters; i++ {
			lang := langs[i%len(langs)]
			r := &tandem.Report{OrgID: w.org.ID, TouchpointID: tp.ID, ProblemKey: p.Key, Lang: lang,
				CreatedAt: at.Add(time.Duration(i*3) * time.Minute)}
			if i == 0 {
				r.Comment = d.comment.Get(lang)
			}
			var err error
			if item, _, err = st.CreateReport(ctx, r, *p); err != nil {
				return 0, fmt.Errorf("demo: reporting %s at %s: %w", d.problem, d.room, err)
			}
		}
		if d.acked > 0 {
			item.Acknowledge(aino, at.Add(time.Duration(d.acked)*time.Minute))
			if err := st.UpdateWorkItem(ctx, item, tandem.WorkOpen); err != nil {
				return 0, fmt.Errorf("demo: acknowledging %s at %s: %w", d.problem, d.room, err)
			}
		}
		if d.done > 0 {
			if _, err := item.Done(aino, d.note, at.Add(time.Duration(d.done)*time.Minute)); err != nil {
				return 0, err
			}
			if err := st.UpdateWorkItem(ctx, item, tandem.WorkAcknowledged); err != nil {
				return 0, fmt.Errorf("demo: finishing %s at %s: %w", d.problem, d.room, err)
			}
		}
	}
	return len(workDefs), nil
}
