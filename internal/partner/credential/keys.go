package credential

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"fmt"

	"plp/ent"
	"plp/ent/signingkey"
	"plp/internal/platform/clock"
	"plp/internal/platform/sealbox"
	"plp/internal/platform/viewer"
)

// key is a signing key as the service uses it.
type key struct {
	kid     string
	public  ed25519.PublicKey
	private ed25519.PrivateKey
}

// activeKey returns the key that signs now: the newest one not retired. The
// first credential the server ever issues makes one.
func (s *Service) activeKey(ctx context.Context, c *ent.Client) (*key, error) {
	sys := viewer.SystemContext(ctx)
	row, err := c.SigningKey.Query().
		Where(signingkey.RetiredAtIsNil()).
		Order(ent.Desc(signingkey.FieldCreatedAt), ent.Desc(signingkey.FieldID)).
		First(sys)
	if ent.IsNotFound(err) {
		return s.newKey(ctx, c)
	}
	if err != nil {
		return nil, fmt.Errorf("read the signing key: %w", err)
	}
	return s.open(row)
}

// Rotate retires the signing keys in use and makes a new one, in c: new
// credentials are signed with it, and the retired keys stay in the JWKS so
// that credentials they signed still verify. It returns the new key's ID.
func (s *Service) Rotate(ctx context.Context, c *ent.Client) (string, error) {
	sys := viewer.SystemContext(ctx)
	if _, err := c.SigningKey.Update().Where(signingkey.RetiredAtIsNil()).
		SetRetiredAt(clock.Now(ctx).UTC()).Save(sys); err != nil {
		return "", fmt.Errorf("retire signing keys: %w", err)
	}
	k, err := s.newKey(ctx, c)
	if err != nil {
		return "", err
	}
	return k.kid, nil
}

// newKey makes and stores a new Ed25519 key, its private half sealed when
// the service has a secret.
func (s *Service) newKey(ctx context.Context, c *ent.Client) (*key, error) {
	public, private, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return nil, fmt.Errorf("generate signing key: %w", err)
	}
	stored, sealed := []byte(private.Seed()), false
	if len(s.secret) > 0 {
		if stored, err = s.seal(stored); err != nil {
			return nil, err
		}
		sealed = true
	}
	kid := keyID(public)
	_, err = c.SigningKey.Create().
		SetKid(kid).
		SetPublicKey(public).
		SetPrivateKey(stored).
		SetSealed(sealed).
		SetCreatedAt(clock.Now(ctx).UTC()).
		Save(viewer.SystemContext(ctx))
	if err != nil {
		return nil, fmt.Errorf("store signing key: %w", err)
	}
	return &key{kid: kid, public: public, private: private}, nil
}

// open unseals a stored key.
func (s *Service) open(row *ent.SigningKey) (*key, error) {
	seed := row.PrivateKey
	if row.Sealed {
		if len(s.secret) == 0 {
			return nil, fmt.Errorf("signing key %s is sealed and the server has no key secret (PLP_KEY_SECRET)", row.Kid)
		}
		var err error
		if seed, err = s.unseal(seed); err != nil {
			return nil, fmt.Errorf("unseal signing key %s: %w", row.Kid, err)
		}
	}
	if len(seed) != ed25519.SeedSize {
		return nil, fmt.Errorf("signing key %s: bad seed length %d", row.Kid, len(seed))
	}
	return &key{kid: row.Kid, public: ed25519.PublicKey(row.PublicKey), private: ed25519.NewKeyFromSeed(seed)}, nil
}

// keyID names a key by a hash of its public half (RFC 7638 in spirit).
func keyID(public ed25519.PublicKey) string {
	sum := sha256.Sum256(public)
	return "plp-" + base64.RawURLEncoding.EncodeToString(sum[:12])
}

// seal encrypts b under the service's secret.
func (s *Service) seal(b []byte) ([]byte, error) { return sealbox.Seal(s.secret, b) }

func (s *Service) unseal(b []byte) ([]byte, error) { return sealbox.Open(s.secret, b) }

// JWK is one public key of the JWKS (RFC 8037: OKP, Ed25519).
type JWK struct {
	Kty string `json:"kty"`
	Crv string `json:"crv"`
	X   string `json:"x"`
	Kid string `json:"kid"`
	Alg string `json:"alg"`
	Use string `json:"use"`
}

// JWKS is the set of public keys credentials are verified with.
type JWKS struct {
	Keys []JWK `json:"keys"`
}

// JWKS lists every key the server has signed with, newest first: retired
// keys stay, so credentials they signed still verify elsewhere.
func (s *Service) JWKS(ctx context.Context, c *ent.Client) (JWKS, error) {
	rows, err := c.SigningKey.Query().
		Select(signingkey.FieldKid, signingkey.FieldPublicKey).
		Order(ent.Desc(signingkey.FieldCreatedAt), ent.Desc(signingkey.FieldID)).
		All(viewer.SystemContext(ctx))
	if err != nil {
		return JWKS{}, fmt.Errorf("read signing keys: %w", err)
	}
	out := JWKS{Keys: []JWK{}}
	for _, r := range rows {
		out.Keys = append(out.Keys, JWK{Kty: "OKP", Crv: "Ed25519", X: base64.RawURLEncoding.EncodeToString(r.PublicKey),
			Kid: r.Kid, Alg: "EdDSA", Use: "sig"})
	}
	return out, nil
}

// publicKey finds a key by its ID, retired or not.
func publicKey(ctx context.Context, c *ent.Client, kid string) (ed25519.PublicKey, error) {
	row, err := c.SigningKey.Query().Where(signingkey.Kid(kid)).
		Select(signingkey.FieldPublicKey).Only(viewer.SystemContext(ctx))
	if err != nil {
		return nil, err
	}
	return ed25519.PublicKey(row.PublicKey), nil
}
