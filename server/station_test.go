package server_test

import (
	"bytes"
	"encoding/json"
	"mime/multipart"
	"net/http"
	"slices"
	"testing"
	"time"

	"plp/ent"
	"plp/ent/schema/pulid"
	"plp/internal/devtools/apitest"
	"plp/internal/platform/auth"
	"plp/server"
)

const stationUpload = `mutation($in: StationUploadInput!) {
  stationUpload(input: $in) { evidenceID reflectionID preferredName }
}`

// sendStationUpload posts a stationUpload with the photo as the multipart
// file mapped onto variables.in.file.
func sendStationUpload(t *testing.T, s *apitest.Server, c *apitest.Client, code, reflection string, photo []byte) *apitest.Response {
	t.Helper()
	ops, _ := json.Marshal(map[string]any{"query": stationUpload,
		"variables": map[string]any{"in": map[string]any{"code": code, "reflection": reflection, "file": nil}}})
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	_ = mw.WriteField("operations", string(ops))
	_ = mw.WriteField("map", `{"0": ["variables.in.file"]}`)
	fw, _ := mw.CreateFormFile("0", "photo.jpg")
	_, _ = fw.Write(photo)
	_ = mw.Close()
	req, _ := http.NewRequest(http.MethodPost, s.URL+"/query", bytes.NewReader(b.Bytes()))
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("GraphQL-Preflight", "1")
	return c.Send(t, req)
}

func failsWith(t *testing.T, what string, r *apitest.Response, code string) apitest.Error {
	t.Helper()
	if len(r.Errors) == 0 || r.Errors[0].Code() != code {
		t.Fatalf("%s: want %s, got %+v (data %s)", what, code, r.Errors, r.Data)
	}
	return r.Errors[0]
}

type registered struct {
	RegisterStation struct {
		Station struct{ ID string }
		Token   string
	}
}

type issued struct {
	IssueStationCodes struct {
		Cards []struct {
			Student   struct{ ID string }
			Code      string
			QRPayload string
		}
	}
}

const registerStation = `mutation($in: RegisterStationInput!) { registerStation(input: $in) { station { id name question } token } }`
const issueCodes = `mutation($id: ID!) { issueStationCodes(stationID: $id) { cards { student { id } code qrPayload } } }`

// TestEvidenceStation: an advisor registers a station for a class and
// issues personal codes; the station's token shows its question and roster
// and uploads a photo and reflection for a student of its class, attributed
// to the student and the station, and does nothing else: not for another
// class's student, not with a wrong code, not any other query or mutation,
// not after it is revoked.
func TestEvidenceStation(t *testing.T) {
	s, dir := fileServer(t, func(c *server.Config) { c.StationCodeRate = auth.Rate{N: 6, Per: time.Hour} })
	w := apitest.NewWorld(t, s.DB)
	ctx := s.System()
	newStudent := func(name string) *ent.Student {
		return s.DB.Client.Student.Create().SetSchoolID(w.Home.School.ID).SetGivenName(name).SetFamilyName("Tester").
			SetPreferredName(name).SetGrade(9).SetGraduationYear(2030).SetAdvisorID(w.Home.Advisor.ID).SaveX(ctx)
	}
	classmate, otherClass := newStudent("Avery"), newStudent("Blake")
	advisor := s.As(t, w.Home.Advisor)

	in := func(ids ...pulid.ID) map[string]any {
		return map[string]any{"in": map[string]any{"schoolID": w.Home.School.ID, "name": "Room 12 tablet",
			"className": "Grade 9 Science", "question": "What did you build today?", "studentIDs": ids}}
	}
	// Who may register: the school's staff, for students they can see.
	s.As(t, w.Home.StudentAccount).MustFail(t, "FORBIDDEN", registerStation, in(w.Home.Student.ID))
	s.As(t, w.Home.Family).MustFail(t, "FORBIDDEN", registerStation, in(w.Home.Student.ID))
	s.As(t, w.Other.Admin).MustFail(t, "BAD_USER_INPUT", registerStation, in(w.Home.Student.ID)) // not their school
	advisor.MustFail(t, "BAD_USER_INPUT", registerStation, in(w.Home.Student.ID, w.Other.Student.ID))

	var reg, reg2 registered
	advisor.MustDo(t, registerStation, in(w.Home.Student.ID, classmate.ID), &reg)
	advisor.MustDo(t, registerStation, in(otherClass.ID), &reg2)
	stationID, token := reg.RegisterStation.Station.ID, reg.RegisterStation.Token
	if st := s.DB.Client.Station.GetX(ctx, pulid.ID(stationID)); bytes.Contains(st.TokenHash, []byte(token)) || len(st.TokenHash) != 32 {
		t.Fatalf("station stores %x, want only a hash of its token", st.TokenHash)
	}

	var codes, codes2 issued
	s.As(t, w.Home.Family).MustFail(t, "NOT_FOUND", issueCodes, map[string]any{"id": stationID})
	advisor.MustDo(t, issueCodes, map[string]any{"id": stationID}, &codes)
	advisor.MustDo(t, issueCodes, map[string]any{"id": reg2.RegisterStation.Station.ID}, &codes2)
	code := map[string]string{}
	for _, c := range codes.IssueStationCodes.Cards {
		if len(c.Code) != 8 || c.QRPayload != c.Code {
			t.Fatalf("card %+v", c)
		}
		code[c.Student.ID] = c.Code
	}
	if len(code) != 2 || code[string(w.Home.Student.ID)] == "" || code[string(classmate.ID)] == "" {
		t.Fatalf("codes = %+v", codes)
	}
	otherCode := codes2.IssueStationCodes.Cards[0].Code

	station := s.WithToken(token)
	var view struct {
		CurrentStation struct {
			Name, ClassName, Question string
			Roster                    []struct{ PreferredName string }
		}
	}
	station.MustDo(t, `{ currentStation { name className question roster { preferredName } } }`, nil, &view)
	v := view.CurrentStation
	if v.Name != "Room 12 tablet" || v.Question != "What did you build today?" || len(v.Roster) != 2 {
		t.Fatalf("currentStation = %+v", v)
	}

	photo := testPNG(t, 30, 20, 7, false)
	var up struct {
		StationUpload struct{ EvidenceID, ReflectionID, PreferredName string }
	}
	r := sendStationUpload(t, s, station, " "+code[string(w.Home.Student.ID)][:4]+"-"+code[string(w.Home.Student.ID)][4:]+" ", "I built a bridge that held 2 kg.", photo)
	if len(r.Errors) > 0 {
		t.Fatalf("stationUpload: %+v", r.Errors)
	}
	if err := json.Unmarshal(r.Data, &up); err != nil {
		t.Fatal(err)
	}
	ev := s.DB.Client.Evidence.GetX(ctx, pulid.ID(up.StationUpload.EvidenceID))
	ref := s.DB.Client.Reflection.GetX(ctx, pulid.ID(up.StationUpload.ReflectionID))
	if ev.StudentID != w.Home.Student.ID || ev.StationID == nil || string(*ev.StationID) != stationID || ev.Kind != "IMAGE" ||
		ev.Sha256 != hexSHA(photo) || ev.ContentType != "image/png" || ev.Size != int64(len(photo)) {
		t.Fatalf("evidence = %+v", ev)
	}
	if ref.StudentID != w.Home.Student.ID || ref.StationID == nil || string(*ref.StationID) != stationID ||
		ref.EvidenceID == nil || *ref.EvidenceID != ev.ID || ref.Prompt != "What did you build today?" {
		t.Fatalf("reflection = %+v", ref)
	}
	// The student sees it in their plan, and downloads the same bytes.
	d := get(t, s, s.As(t, w.Home.StudentAccount).Token, "/files/evidence/"+up.StationUpload.EvidenceID)
	if d.status != 200 || !bytes.Equal(d.body, photo) {
		t.Fatalf("student downloads station photo: %d, %d bytes", d.status, len(d.body))
	}

	// Nothing else with the token.
	for _, q := range []struct{ name, query string }{
		{"students", `{ students { edges { node { id } } } }`},
		{"viewer", `{ viewer { account { id } } }`},
		{"node evidence", `{ node(id: "` + up.StationUpload.EvidenceID + `") { id } }`},
		{"node student", `{ node(id: "` + string(w.Home.Student.ID) + `") { id } }`},
		{"mixed with currentStation", `{ currentStation { name } goals { totalCount } }`},
		{"createReflection", `mutation { createReflection(input: {studentID: "` + string(w.Home.Student.ID) + `", body: "hi"}) { reflection { id } } }`},
		{"setStationQuestion", `mutation { setStationQuestion(stationID: "` + stationID + `", question: "Mine?") { station { id } } }`},
		{"issueStationCodes", `mutation { issueStationCodes(stationID: "` + stationID + `") { cards { code } } }`},
	} {
		station.MustFail(t, "FORBIDDEN", q.query, nil)
	}
	for _, path := range []string{"/files/evidence/" + up.StationUpload.EvidenceID, "/files/cover/" + string(w.Home.Student.ID),
		"/export/students/" + string(w.Home.Student.ID)} {
		if d := get(t, s, token, path); d.status == 200 {
			t.Fatalf("station token GET %s: 200", path)
		}
	}
	// People cannot use the station's operations.
	s.As(t, w.Home.StudentAccount).MustFail(t, "FORBIDDEN", `{ currentStation { name } }`, nil)
	failsWith(t, "student calls stationUpload", sendStationUpload(t, s, s.As(t, w.Home.StudentAccount), code[string(w.Home.Student.ID)], "me", photo), "FORBIDDEN")

	// Another class's student, a wrong code, a bad file: refused, nothing kept.
	evidenceBefore := s.DB.Client.Evidence.Query().CountX(ctx)
	failsWith(t, "another class's code", sendStationUpload(t, s, station, otherCode, "Not mine", photo), "BAD_USER_INPUT")
	failsWith(t, "wrong code", sendStationUpload(t, s, station, "ZZZZ2222", "Guess", photo), "BAD_USER_INPUT")
	failsWith(t, "malformed code", sendStationUpload(t, s, station, "0", "Guess", photo), "BAD_USER_INPUT")
	failsWith(t, "PDF named .jpg", sendStationUpload(t, s, station, code[string(classmate.ID)], "A document", []byte("%PDF-1.4\n%...")), "BAD_USER_INPUT")
	failsWith(t, "blank reflection", sendStationUpload(t, s, station, code[string(classmate.ID)], "  ", testPNG(t, 5, 5, 8, false)), "BAD_USER_INPUT")
	if n := s.DB.Client.Evidence.Query().CountX(ctx); n != evidenceBefore {
		t.Fatalf("refused uploads left %d evidence, want %d", n, evidenceBefore)
	}
	if b := blobs(t, dir); !slices.Equal(b, keysOf(photo)) {
		t.Fatalf("storage holds %v, want only the uploaded photo", b)
	}

	// The advisor changes the question; the station shows it.
	advisor.MustDo(t, `mutation($id: ID!) { setStationQuestion(stationID: $id, question: "What surprised you?") { station { question } } }`,
		map[string]any{"id": stationID}, nil)
	station.MustDo(t, `{ currentStation { name className question roster { preferredName } } }`, nil, &view)
	if view.CurrentStation.Question != "What surprised you?" {
		t.Fatalf("question after change = %q", view.CurrentStation.Question)
	}

	// Wrong codes are limited per station: 3 so far, 6 allowed.
	for i := 0; i < 3; i++ {
		failsWith(t, "wrong code", sendStationUpload(t, s, station, "ZZZZ3333", "Guess", photo), "BAD_USER_INPUT")
	}
	failsWith(t, "too many wrong codes", sendStationUpload(t, s, station, code[string(classmate.ID)], "Right code, too late", photo), "RATE_LIMITED")

	// Revoked: the token stops working.
	s.As(t, w.Home.StudentAccount).MustFail(t, "NOT_FOUND", `mutation($id: ID!) { revokeStation(stationID: $id) { station { id } } }`, map[string]any{"id": stationID})
	advisor.MustDo(t, `mutation($id: ID!) { revokeStation(stationID: $id) { station { id active } } }`, map[string]any{"id": stationID}, nil)
	station.MustFail(t, "UNAUTHENTICATED", `{ currentStation { name } }`, nil)
	failsWith(t, "revoked station uploads", sendStationUpload(t, s, station, code[string(classmate.ID)], "After revoke", photo), "UNAUTHENTICATED")
}

// A student's card works at every station of their classes until it is
// reissued (issue 20, point 8: issuing codes at a second station silently
// invalidated the card from the first).
func TestStationCardWorksAtEveryStation(t *testing.T) {
	s, _ := fileServer(t)
	w := apitest.NewWorld(t, s.DB)
	ctx := s.System()
	outsider := s.DB.Client.Student.Create().SetSchoolID(w.Home.School.ID).SetGivenName("Casey").SetFamilyName("Tester").
		SetPreferredName("Casey").SetGrade(9).SetGraduationYear(2030).SetAdvisorID(w.Home.Advisor.ID).SaveX(ctx)
	advisor := s.As(t, w.Home.Advisor)
	register := func(class string) registered {
		var reg registered
		advisor.MustDo(t, registerStation, map[string]any{"in": map[string]any{"schoolID": w.Home.School.ID, "name": class + " tablet",
			"className": class, "question": "What did you make?", "studentIDs": []pulid.ID{w.Home.Student.ID}}}, &reg)
		return reg
	}
	science, art := register("Science"), register("Art")
	const issue = `mutation($id: ID!, $re: [ID!]) { issueStationCodes(stationID: $id, reissueStudentIDs: $re) { cards { student { id } code } kept { id } } }`
	type out struct {
		IssueStationCodes struct {
			Cards []struct {
				Student struct{ ID string }
				Code    string
			}
			Kept []struct{ ID string }
		}
	}
	var first, second, lost out
	advisor.MustDo(t, issue, map[string]any{"id": science.RegisterStation.Station.ID}, &first)
	if len(first.IssueStationCodes.Cards) != 1 {
		t.Fatalf("first issue: %+v", first)
	}
	card := first.IssueStationCodes.Cards[0].Code
	advisor.MustDo(t, issue, map[string]any{"id": art.RegisterStation.Station.ID}, &second)
	if len(second.IssueStationCodes.Cards) != 0 || len(second.IssueStationCodes.Kept) != 1 || second.IssueStationCodes.Kept[0].ID != string(w.Home.Student.ID) {
		t.Fatalf("second station: %+v, want the student kept with their card", second)
	}
	photo := testPNG(t, 20, 20, 3, false)
	upload := func(reg registered, code string) *apitest.Response {
		return sendStationUpload(t, s, s.WithToken(reg.RegisterStation.Token), code, "I made a print.", photo)
	}
	for name, reg := range map[string]registered{"science": science, "art": art} {
		if r := upload(reg, card); len(r.Errors) > 0 {
			t.Fatalf("the card at the %s station: %+v", name, r.Errors)
		}
	}

	// A lost card is reissued by name: the new code works everywhere, the
	// old one nowhere.
	failsWith(t, "reissue outside the class", advisor.Do(t, issue, map[string]any{"id": art.RegisterStation.Station.ID, "re": []pulid.ID{outsider.ID}}), "BAD_USER_INPUT")
	advisor.MustDo(t, issue, map[string]any{"id": art.RegisterStation.Station.ID, "re": []pulid.ID{w.Home.Student.ID}}, &lost)
	if len(lost.IssueStationCodes.Cards) != 1 || lost.IssueStationCodes.Cards[0].Code == card {
		t.Fatalf("reissue: %+v", lost)
	}
	failsWith(t, "the lost card", upload(science, card), "BAD_USER_INPUT")
	if r := upload(science, lost.IssueStationCodes.Cards[0].Code); len(r.Errors) > 0 {
		t.Fatalf("the new card at the science station: %+v", r.Errors)
	}
}
