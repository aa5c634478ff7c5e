package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"

	"plp/internal/partner/credential"
	"plp/internal/platform/envflag"
	"plp/internal/platform/viewer"
	"plp/server"
)

const keysUsage = "usage: plp keys rotate [--key-secret S] [db flags]"

// keys manages the keys that sign endorsement credentials: `plp keys
// rotate` retires the signing key and makes a new one (the old one stays in
// the JWKS, so credentials it signed still verify).
func keys(ctx context.Context, args []string) error {
	if wantsHelp(args) {
		fmt.Println(keysUsage)
		return nil
	}
	if len(args) == 0 || args[0] != "rotate" {
		return errors.New(keysUsage)
	}
	cfg := server.DefaultConfig()
	fs := flag.NewFlagSet("keys rotate", flag.ExitOnError)
	dbFlags(fs, &cfg)
	fs.StringVar(&cfg.KeySecret, "key-secret", cfg.KeySecret, "secret that seals the signing keys (env PLP_KEY_SECRET)")
	if err := envflag.Parse(fs, args[1:]); err != nil {
		return err
	}
	db, err := openAndMigrate(ctx, cfg, startLogging(os.Stderr, false))
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
