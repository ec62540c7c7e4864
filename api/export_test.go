package api

// Routes returns every registered route as "METHOD /path", for the OpenAPI
// document test.
func Routes() []string {
	var out []string
	for _, rt := range (&Server{}).routes() {
		out = append(out, rt.Method+" "+rt.Path)
	}
	return out
}
