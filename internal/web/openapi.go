package web

import (
	_ "embed"
	"net/http"
)

// openapiDoc describes the JSON API; openapi_test.go holds it and the
// route table together.
//
//go:embed openapi.json
var openapiDoc []byte

func (s *Server) openAPI(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Access-Control-Allow-Origin", "*")
	w.Write(openapiDoc)
}
