package evidencestation

import (
	"strings"
	"testing"

	"plp/ent"
)

func TestCodesAreShortRandomAndForgiving(t *testing.T) {
	seen := map[string]bool{}
	for range 2000 {
		c, err := newCode()
		if err != nil {
			t.Fatal(err)
		}
		if len(c) != CodeLen || strings.Trim(c, codeAlphabet) != "" {
			t.Fatalf("code %q is not %d symbols of %s", c, CodeLen, codeAlphabet)
		}
		if seen[c] {
			t.Fatalf("code %q issued twice in 2000", c)
		}
		seen[c] = true
	}
	// Typed with spaces, dashes or lower case, a code still reads.
	for in, want := range map[string]string{"abcd-2345": "ABCD2345", " ABCD 2345 ": "ABCD2345", "ABCD2345": "ABCD2345"} {
		if got, ok := normalizeCode(in); !ok || got != want {
			t.Errorf("normalizeCode(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
	// Look-alikes and wrong lengths are not codes.
	for _, in := range []string{"", "ABCD234", "ABCD23456", "ABCD0O1I", "ABCD234!"} {
		if _, ok := normalizeCode(in); ok {
			t.Errorf("normalizeCode(%q) accepted", in)
		}
	}
}

func TestCodeHashIsSaltedByStudent(t *testing.T) {
	a := &ent.Student{ID: "stu_a", StationCodeHash: hashCode("stu_a", "ABCD2345")}
	b := &ent.Student{ID: "stu_b", StationCodeHash: hashCode("stu_b", "ABCD2345")}
	if string(a.StationCodeHash) == string(b.StationCodeHash) {
		t.Fatal("the same code hashes alike for two students")
	}
	if !codeMatches(a, "ABCD2345") || codeMatches(a, "ABCD2346") || codeMatches(&ent.Student{ID: "stu_c"}, "ABCD2345") {
		t.Fatal("codeMatches is wrong")
	}
}
