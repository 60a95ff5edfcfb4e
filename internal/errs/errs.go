// Package errs holds onestop's coded errors: every error a person may see
// has a kind (invalid, not found, conflict, forbidden) and a message that is
// safe to show. Anything else is internal and is never shown to a user.
package errs

import (
	"errors"
	"fmt"
)

// Kind classifies an error for the person who receives it.
type Kind string

const (
	Internal     Kind = "internal"
	Invalid      Kind = "invalid"
	NotFound     Kind = "not_found"
	Conflict     Kind = "conflict"
	Forbidden    Kind = "forbidden"
	Unauthorized Kind = "unauthorized"
	TooLarge     Kind = "too_large"
	// TooMany is an attempt refused by a rate limit; try again later.
	TooMany Kind = "too_many_requests"
)

// Error is a domain error with a message safe to show to the person who
// caused it. Err, if set, is the underlying cause for the log.
type Error struct {
	Kind    Kind
	Message string
	// Param names the input the error is about (a query parameter or a
	// field), when there is one.
	Param string
	Err   error
}

func (e *Error) Error() string {
	if e.Err != nil {
		return fmt.Sprintf("%s: %s: %v", e.Kind, e.Message, e.Err)
	}
	return fmt.Sprintf("%s: %s", e.Kind, e.Message)
}

func (e *Error) Unwrap() error { return e.Err }

// E makes an error of a kind with a formatted message.
func E(kind Kind, format string, args ...any) *Error {
	return &Error{Kind: kind, Message: fmt.Sprintf(format, args...)}
}

// Invalidf is shorthand for an invalid-input error.
func Invalidf(format string, args ...any) *Error { return E(Invalid, format, args...) }

// NotFoundf is shorthand for a not-found error.
func NotFoundf(format string, args ...any) *Error { return E(NotFound, format, args...) }

// Conflictf is shorthand for a conflict error.
func Conflictf(format string, args ...any) *Error { return E(Conflict, format, args...) }

// Param returns an invalid-input error about the named parameter.
func Param(name, format string, args ...any) *Error {
	e := E(Invalid, format, args...)
	e.Param = name
	return e
}

// KindOf returns the kind of err, Internal when it carries none.
func KindOf(err error) Kind {
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	return Internal
}

// Message returns the message of err safe to show, or a generic sentence
// when err is internal.
func Message(err error) string {
	var e *Error
	if errors.As(err, &e) && e.Kind != Internal {
		return e.Message
	}
	return "Something went wrong on our side. Please try again in a moment."
}

// Is reports whether err is of the given kind.
func Is(err error, kind Kind) bool { return KindOf(err) == kind }
