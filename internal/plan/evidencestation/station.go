// Package evidencestation is the classroom evidence station: a tablet on a
// stand that an advisor registers for a class. Its device token does one
// thing: show the station's current reflection question and class, and let
// a student of the class, identified by their personal code (printed on a
// card, as text or a QR code), add a photo and a reflection to their own
// plan, attributed to the student and to the station.
//
// Who may do what is decided by privacy rules (rule.StationOnly confines
// the token; staff of the school register and change stations; staff of a
// student issue their code). This package adds what rules cannot say:
// tokens and codes are random, shown once and stored only as hashes, and
// wrong codes are rate limited per station.
package evidencestation

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"strings"

	"plp/ent"
	"plp/ent/schema/pulid"
	"plp/ent/station"
	"plp/ent/student"
	"plp/internal/platform/apperr"
	"plp/internal/platform/clock"
	"plp/internal/platform/viewer"
)

// TokenPrefix starts every station device token, so the server can tell
// one from a person's session token without a database read.
const TokenPrefix = "plpstn_"

// tokenLen is the length of a token: the prefix and 32 random bytes.
var tokenLen = len(TokenPrefix) + base64.RawURLEncoding.EncodedLen(32)

// RegisterInput describes a new station.
type RegisterInput struct {
	SchoolID   pulid.ID
	Name       string
	ClassName  string
	Question   string
	StudentIDs []pulid.ID
}

// Registered is a new station and its device token, which is shown only
// now: the server keeps only its hash.
type Registered struct {
	Station *ent.Station
	Token   string
}

// Register creates a station for the students given (the class), in the
// request's transaction c. Errors: FORBIDDEN unless the viewer is staff of
// the school; BAD_USER_INPUT on studentIDs for a student the viewer cannot
// see (another school's, or an advisor's non-advisee), and on name,
// className or question when they are too long or the name is blank.
func Register(ctx context.Context, c *ent.Client, in RegisterInput) (*Registered, error) {
	token, hash, err := newToken()
	if err != nil {
		return nil, err
	}
	create := c.Station.Create().
		SetSchoolID(in.SchoolID).
		SetName(in.Name).
		SetTokenHash(hash).
		AddStudentIDs(in.StudentIDs...)
	if in.ClassName != "" {
		create.SetClassName(in.ClassName)
	}
	if in.Question != "" {
		create.SetQuestion(in.Question)
	}
	st, err := create.Save(ctx)
	if err != nil {
		return nil, err
	}
	return &Registered{Station: st, Token: token}, nil
}

// SetQuestion changes the reflection question a station shows; an empty
// question clears it. A station the viewer may not change is NOT_FOUND.
func SetQuestion(ctx context.Context, c *ent.Client, id pulid.ID, question string) (*ent.Station, error) {
	u := c.Station.UpdateOneID(id)
	if strings.TrimSpace(question) == "" {
		u.ClearQuestion()
	} else {
		u.SetQuestion(question)
	}
	return u.Save(ctx)
}

// SetClass replaces the students of a station's class. Errors as Register's.
func SetClass(ctx context.Context, c *ent.Client, id pulid.ID, students []pulid.ID) (*ent.Station, error) {
	return c.Station.UpdateOneID(id).ClearStudents().AddStudentIDs(students...).Save(ctx)
}

// Revoke stops a station's token working, at once and for good: the
// station is kept (evidence stays attributed to it) but inactive, and its
// token hash is dropped. A station the viewer may not change is NOT_FOUND.
func Revoke(ctx context.Context, c *ent.Client, id pulid.ID) (*ent.Station, error) {
	return c.Station.UpdateOneID(id).
		SetActive(false).
		SetRevokedAt(clock.Now(ctx).UTC()).
		ClearTokenHash().
		Save(ctx)
}

// Authenticate returns the viewer of a station's device token: UNAUTHENTICATED
// for a token that is unknown or whose station was revoked.
func Authenticate(ctx context.Context, c *ent.Client, token string) (*viewer.Viewer, error) {
	if len(token) != tokenLen || !strings.HasPrefix(token, TokenPrefix) {
		return nil, apperr.New(apperr.Unauthenticated, "The station token is not well formed: register the station again.")
	}
	st, err := c.Station.Query().
		Where(station.TokenHash(hashToken(token))).
		Select(station.FieldSchoolID, station.FieldActive).
		Only(viewer.SystemContext(ctx))
	if ent.IsNotFound(err) {
		return nil, apperr.New(apperr.Unauthenticated, "This station token is unknown or was revoked: ask an advisor to register the station again.")
	}
	if err != nil {
		return nil, fmt.Errorf("find station by token: %w", err)
	}
	if !st.Active {
		return nil, apperr.New(apperr.Unauthenticated, "This station was revoked: ask an advisor to register it again.")
	}
	return viewer.NewStation(st.ID, st.SchoolID), nil
}

// IsToken reports whether token is shaped like a station's device token
// (not whether it is valid).
func IsToken(token string) bool { return strings.HasPrefix(token, TokenPrefix) }

func newToken() (string, []byte, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", nil, fmt.Errorf("read station token: %w", err)
	}
	token := TokenPrefix + base64.RawURLEncoding.EncodeToString(b)
	return token, hashToken(token), nil
}

func hashToken(token string) []byte {
	sum := sha256.Sum256([]byte(token))
	return sum[:]
}

// View is what a station shows: its question and its class.
type View struct {
	Station *ent.Station
	// Roster is the class, by preferred name.
	Roster []*ent.Student
}

// Current returns what the station of the viewer's token shows. The reads
// go through privacy, which gives a station only its own row and its
// class's students; only the columns shown are read.
func Current(ctx context.Context, c *ent.Client) (*View, error) {
	v := viewer.FromContext(ctx)
	if !v.IsStation() {
		return nil, apperr.New(apperr.Forbidden, "Only a station's device token has a current station.")
	}
	st, err := c.Station.Query().Where(station.ID(v.Station.ID)).
		Select(station.FieldName, station.FieldClassName, station.FieldQuestion).
		Only(ctx)
	if err != nil {
		return nil, fmt.Errorf("read station %s: %w", v.Station.ID, err)
	}
	roster, err := c.Student.Query().
		Where(student.HasStationsWith(station.ID(v.Station.ID))).
		Order(student.ByPreferredName(), student.ByID()).
		Select(student.FieldPreferredName).
		All(ctx)
	if err != nil {
		return nil, fmt.Errorf("read class of station %s: %w", v.Station.ID, err)
	}
	return &View{Station: st, Roster: roster}, nil
}

// codeAlphabet is what personal codes are made of: digits and capitals
// without the look-alikes 0/O, 1/I/L.
const codeAlphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"

// CodeLen is the length of a personal code: 8 of 31 symbols, about 40 bits.
const CodeLen = 8

// Card is a student's personal code, as printed on their card (the code is
// also the QR code's text).
type Card struct {
	Student *ent.Student
	Code    string
}

// Issued is what IssueCodes did for a class: the new cards, and the
// students who already had a card and keep it.
type Issued struct {
	Cards []*Card
	Kept  []*ent.Student
}

// IssueCodes gives a personal code to each student of a station's class
// who has none yet, and a new one to each student named in reissue (a lost
// card: the old code stops working). A student has one code for every
// station of their classes, so a card issued at one station keeps working
// at all of them: issuing codes for a second class leaves it alone. The
// codes are returned only now; the server keeps a hash of each, salted
// with the student's ID. Errors: NOT_FOUND for a station the viewer cannot
// see; FORBIDDEN when students of the class are not the viewer's to change
// (staff of the student may); BAD_USER_INPUT for a reissue of a student
// outside the class.
func IssueCodes(ctx context.Context, c *ent.Client, stationID pulid.ID, reissue []pulid.ID) (*Issued, error) {
	st, err := c.Station.Query().Where(station.ID(stationID)).Only(ctx)
	if err != nil {
		return nil, err
	}
	kids, err := st.QueryStudents().Order(student.ByPreferredName(), student.ByID()).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("read class of station %s: %w", stationID, err)
	}
	// Codes for part of a class would leave the rest without cards: the
	// viewer must be staff of every student of it.
	all, err := st.QueryStudents().Count(viewer.SystemContext(ctx))
	if err != nil {
		return nil, fmt.Errorf("count class of station %s: %w", stationID, err)
	}
	if all != len(kids) {
		return nil, apperr.New(apperr.Forbidden, "%d students of this class are not among those you guide: ask their advisor or an admin to issue the codes.", all-len(kids))
	}
	renew := make(map[pulid.ID]bool, len(reissue))
	for _, id := range reissue {
		renew[id] = true
	}
	out := &Issued{}
	for _, k := range kids {
		if len(k.StationCodeHash) > 0 && !renew[k.ID] {
			out.Kept = append(out.Kept, k)
			continue
		}
		delete(renew, k.ID)
		code, err := newCode()
		if err != nil {
			return nil, err
		}
		if err := c.Student.UpdateOneID(k.ID).SetStationCodeHash(hashCode(k.ID, code)).Exec(ctx); err != nil {
			return nil, fmt.Errorf("issue code to student %s: %w", k.ID, err)
		}
		out.Cards = append(out.Cards, &Card{Student: k, Code: code})
	}
	if len(renew) > 0 {
		return nil, apperr.Invalid("reissueStudentIDs", "Reissue cards only for students of this station's class; %d of those named are not in it.", len(renew))
	}
	return out, nil
}

func newCode() (string, error) {
	b := make([]byte, CodeLen)
	out := make([]byte, CodeLen)
	for i := 0; i < CodeLen; {
		if _, err := rand.Read(b); err != nil {
			return "", fmt.Errorf("read code: %w", err)
		}
		for _, x := range b {
			// Rejection sampling: 248 is the largest multiple of 31 ≤ 256.
			if x < 248 && i < CodeLen {
				out[i] = codeAlphabet[int(x)%len(codeAlphabet)]
				i++
			}
		}
	}
	return string(out), nil
}

// normalizeCode reads a code as typed: case, spaces and dashes do not
// matter. It reports false for what cannot be a code.
func normalizeCode(code string) (string, bool) {
	code = strings.ToUpper(strings.NewReplacer(" ", "", "-", "").Replace(strings.TrimSpace(code)))
	if len(code) != CodeLen {
		return "", false
	}
	for _, r := range code {
		if !strings.ContainsRune(codeAlphabet, r) {
			return "", false
		}
	}
	return code, true
}

func hashCode(studentID pulid.ID, code string) []byte {
	sum := sha256.Sum256([]byte("plp station code\x00" + string(studentID) + "\x00" + code))
	return sum[:]
}

func codeMatches(k *ent.Student, code string) bool {
	return len(k.StationCodeHash) > 0 && subtle.ConstantTimeCompare(k.StationCodeHash, hashCode(k.ID, code)) == 1
}
