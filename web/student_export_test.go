package web

// StudentNotices lets the tests check every notice of the student's pages.
func StudentNotices() map[string]string { return studentNotices }
