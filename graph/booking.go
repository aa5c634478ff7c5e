package graph

import "plp/internal/conference/booking"

// bookingRequests is a family's requests from the optional fields that
// bookConference and bookJointConference share; an absent one is empty.
func bookingRequests(interpreterLanguage, accommodations, questions *string, questionsPrivate *bool) booking.Requests {
	var r booking.Requests
	if interpreterLanguage != nil {
		r.InterpreterLanguage = *interpreterLanguage
	}
	if accommodations != nil {
		r.Accommodations = *accommodations
	}
	if questions != nil {
		r.Questions = *questions
	}
	if questionsPrivate != nil {
		r.QuestionsPrivate = *questionsPrivate
	}
	return r
}
