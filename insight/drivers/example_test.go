package drivers_test

import (
	"context"
	"fmt"
	"math/rand/v2"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/insight/drivers"
)

// A café asks about two aspects: the wait (1), which its staff control, and
// finding a seat (2), which customers sort out themselves.
func ExampleAnalyze() {
	wait := func(r tandem.Rating) tandem.AspectRating {
		return tandem.AspectRating{AspectID: 1, Rating: r, Cause: tandem.PartyProvider}
	}
	seat := func(r tandem.Rating) tandem.AspectRating {
		return tandem.AspectRating{AspectID: 2, Rating: r, Cause: tandem.PartyCustomer}
	}
	var rs []drivers.Response
	add := func(n, overall int, as ...tandem.AspectRating) {
		for range n {
			rs = append(rs, drivers.Response{Overall: overall, Aspects: as})
		}
	}
	add(40, 4)
	add(20, 5, wait(tandem.Positive))
	add(20, 2, wait(tandem.Negative))
	add(10, 4, seat(tandem.Positive))
	add(10, 3, seat(tandem.Negative))
	add(10, 1, wait(tandem.Negative), seat(tandem.Negative))

	res, err := drivers.Analyze(context.Background(), []int64{1, 2}, rs,
		drivers.Options{Rand: rand.New(rand.NewPCG(1, 2)), Resamples: 200})
	if err != nil {
		panic(err)
	}
	fmt.Printf("%d responses, R² %.2f\n", res.N, res.R2)
	for _, d := range res.Drivers {
		fmt.Printf("aspect %d: %.0f%% of R², penalty %.1f (n=%d), reward %.1f (n=%d)\n",
			d.AspectID, 100*d.Relative, d.Penalty.Value, d.Penalty.N, d.Reward.Value, d.Reward.N)
	}
	for _, f := range res.FixFirst {
		fmt.Printf("fix aspect %d: %.2f points a response, led by the %s\n", f.AspectID, f.Loss, f.Lead)
	}
	// Output:
	// 110 responses, R² 0.95
	// aspect 1: 83% of R², penalty 2.2 (n=30), reward 1.2 (n=20)
	// aspect 2: 17% of R², penalty 1.8 (n=20), reward 0.2 (n=10)
	// fix aspect 1: 0.59 points a response, led by the provider
	// fix aspect 2: 0.32 points a response, led by the customer
}
