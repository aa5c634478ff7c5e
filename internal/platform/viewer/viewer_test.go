package viewer

import "testing"

// A station's viewer is not a person's: it has no roles or account, and
// its budget key cannot collide with an account's.
func TestStationViewer(t *testing.T) {
	st := NewStation("stn_1", "sch_1")
	if !st.IsStation() || st.IsSystem() || len(st.SchoolIDs()) != 0 || st.AccountID != "" {
		t.Fatalf("station viewer %+v", st)
	}
	if st.Key() != "station:stn_1" {
		t.Fatalf("station key %q", st.Key())
	}
	person := &Viewer{AccountID: "acc_1"}
	if person.IsStation() || person.Key() != "acc_1" {
		t.Fatalf("person viewer key %q", person.Key())
	}
	var nobody *Viewer
	if nobody.IsStation() {
		t.Fatal("nil viewer is a station")
	}
}
