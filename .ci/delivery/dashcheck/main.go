// dashcheck decodes each Grafana dashboard strictly into the Grafana Foundation SDK's
// dashboard type (unknown or mistyped fields fail), with the SDK's panel and query plugins
// registered so panel options and Prometheus targets are decoded by their own types.
package main

import (
	"fmt"
	"os"

	"github.com/grafana/grafana-foundation-sdk/go/cog"
	"github.com/grafana/grafana-foundation-sdk/go/cog/plugins"
	"github.com/grafana/grafana-foundation-sdk/go/dashboard"
)

func main() {
	plugins.RegisterDefaultPlugins()
	failed := false
	for _, path := range os.Args[1:] {
		raw, err := os.ReadFile(path)
		if err == nil {
			var board dashboard.Dashboard
			err = board.UnmarshalJSONStrict(raw)
			// The SDK returns its error list even when it is empty.
			if list, ok := err.(cog.BuildErrors); ok && len(list) == 0 {
				err = nil
			}
			if err == nil && (board.Uid == nil || len(board.Panels) == 0) {
				err = fmt.Errorf("a dashboard needs a uid and panels")
			}
		}
		if err != nil {
			fmt.Fprintf(os.Stderr, "%s: %v\n", path, err)
			failed = true
			continue
		}
		fmt.Printf("%s: a valid dashboard\n", path)
	}
	if failed {
		os.Exit(1)
	}
}
