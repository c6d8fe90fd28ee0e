module github.com/goframe/goframe

go 1.26.0

require (
	github.com/BurntSushi/toml v1.6.0
	github.com/coreos/go-systemd/v22 v22.7.0
	github.com/flosch/pongo2/v6 v6.0.0
	github.com/fsnotify/fsnotify v1.10.1
	github.com/pires/go-proxyproto v0.15.0
)

require golang.org/x/sys v0.49.0 // indirect
