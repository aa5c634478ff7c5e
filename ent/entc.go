//go:build ignore

// entc generates the ent client and the ent GraphQL schema from ent/schema.
package main

import (
	"log"

	"entgo.io/contrib/entgql/entgqlgen"
	"entgo.io/ent/entc"
	"entgo.io/ent/entc/gen"
)

func main() {
	ex, err := entgqlgen.NewExtension(
		entgqlgen.WithConfigPath("../gqlgen.yml"),
		entgqlgen.WithSchemaGenerator(),
		entgqlgen.WithSchemaPath("../schema/ent.graphqls"),
		entgqlgen.WithWhereInputs(true),
	)
	if err != nil {
		log.Fatalf("creating entgql extension: %v", err)
	}
	templates := append(entgqlgen.AllTemplates,
		gen.MustParse(gen.NewTemplate("pulid").ParseFiles("./template/pulid.tmpl")),
		gen.MustParse(gen.NewTemplate("entqlwhere").ParseFiles("./template/entqlwhere.tmpl")))
	storage, err := serverStorage()
	if err != nil {
		log.Fatalf("ent storage: %v", err)
	}
	err = entc.Generate("./schema", &gen.Config{
		Storage:   storage,
		Templates: templates,
		Features: []gen.Feature{
			gen.FeaturePrivacy,
			gen.FeatureEntQL,
			gen.FeatureIntercept,
			gen.FeatureNamedEdges,
			gen.FeatureExecQuery,
			gen.FeatureUpsert,
			gen.FeatureLock,
			gen.FeatureModifier,
			gen.FeatureVersionedMigration,
		},
	}, entc.Extensions(ex))
	if err != nil {
		log.Fatalf("running ent codegen: %v", err)
	}
}

// serverStorage is ent's SQL storage without its migration engine. The
// server applies the SQL files under migrate/migrations and never diffs a
// schema, but a client generated with the engine imports ent/migrate, and
// with it atlas and its HCL parser, into every binary that opens a client.
// migrate/schema.go (the tables) is still written: the developer tooling
// (internal/devtools/migrations) diffs the migrations against it.
func serverStorage() (*gen.Storage, error) {
	storage, err := gen.NewStorage("sql")
	if err != nil {
		return nil, err
	}
	storage.SchemaMode &^= gen.Migrate
	for i, t := range gen.GraphTemplates {
		if t.Name == "schema" {
			gen.GraphTemplates[i].Skip = nil
		}
	}
	return storage, nil
}
