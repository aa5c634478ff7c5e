// Package sealbox seals secrets kept in the database (the private keys that
// sign credentials, the client secrets of single sign-on) with the server's
// key secret (--key-secret, PLP_KEY_SECRET): AES-256-GCM under the SHA-256
// of the secret, the nonce in front. A copy of the database without the
// secret opens none of them.
package sealbox

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"crypto/sha256"
	"errors"
	"fmt"
)

// Seal encrypts b under secret.
func Seal(secret, b []byte) ([]byte, error) {
	gcm, err := aead(secret)
	if err != nil {
		return nil, err
	}
	nonce := make([]byte, gcm.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		return nil, fmt.Errorf("nonce: %w", err)
	}
	return gcm.Seal(nonce, nonce, b, nil), nil
}

// Open decrypts what Seal sealed under secret; a wrong secret or a changed
// box is an error.
func Open(secret, box []byte) ([]byte, error) {
	gcm, err := aead(secret)
	if err != nil {
		return nil, err
	}
	if len(box) < gcm.NonceSize() {
		return nil, errors.New("sealed value too short")
	}
	return gcm.Open(nil, box[:gcm.NonceSize()], box[gcm.NonceSize():], nil)
}

func aead(secret []byte) (cipher.AEAD, error) {
	k := sha256.Sum256(secret)
	block, err := aes.NewCipher(k[:])
	if err != nil {
		return nil, err
	}
	return cipher.NewGCM(block)
}
