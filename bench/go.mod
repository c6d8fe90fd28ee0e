module github.com/goframe/goframe/bench

go 1.26.0

require github.com/goframe/goframe v0.0.0

replace github.com/goframe/goframe => ../
