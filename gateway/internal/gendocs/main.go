// Command gendocs writes docs/settings.md, the settings reference, from the
// gateway's settings table: `go run ./gateway/internal/gendocs > docs/settings.md`.
package main

import (
	"fmt"
	"os"

	"github.com/goframe/goframe/gateway"
)

func main() {
	if err := gateway.WriteSettingsReference(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "gendocs:", err)
		os.Exit(1)
	}
}
