// Package access decides who may do what in onestop: staff accounts, roles
// granted for an organisation or a point, API tokens, the audit log of
// personal data, and the handling of personal identity codes.
package access
