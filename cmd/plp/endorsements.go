package main

import (
	"context"
	"flag"
	"fmt"

	"plp/internal/partner/credential"
	"plp/internal/platform/viewer"
	"plp/server"
)

// keys manages the keys that sign endorsement credentials: `plp keys
// rotate` retires the signing key and makes a new one (the old one stays in
// the JWKS, so credentials it signed still verify).
func keys(ctx context.Context, args []string) error {
	if len(args) == 0 || args[0] != "rotate" {
		return fmt.Errorf("usage: plp keys rotate [--key-secret S] [db flags]")
	}
	cfg := server.DefaultConfig()
	fs := flag.NewFlagSet("keys rotate", flag.ExitOnError)
	dbFlags(fs, &cfg)
	fs.StringVar(&cfg.KeySecret, "key-secret", envOr("PLP_KEY_SECRET", cfg.KeySecret), "secret that seals the signing keys (env PLP_KEY_SECRET)")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	db, err := openAndMigrate(ctx, cfg, newLogger(false))
	if err != nil {
		return err
	}
	defer db.Close()
	kid, err := credential.NewService(cfg.KeySecret).Rotate(viewer.SystemContext(ctx), db.Client)
	if err != nil {
		return err
	}
	fmt.Printf("new signing key %s; earlier keys stay in /.well-known/jwks.json\n", kid)
	return nil
}
