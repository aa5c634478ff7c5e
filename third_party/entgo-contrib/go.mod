module entgo.io/contrib

go 1.23.4

require (
	entgo.io/ent v0.14.5
	github.com/99designs/gqlgen v0.17.98
	github.com/vektah/gqlparser/v2 v2.5.64
	github.com/vmihailenco/msgpack/v5 v5.3.5
	golang.org/x/exp v0.0.0-20261011100332-faecfb24eb49
)
