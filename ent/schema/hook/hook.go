// Package hook holds every hook and interceptor that an ent schema
// registers, beside the privacy rules (package rule): what happens on every
// path to the data (GraphQL, jobs, imports, seeds) when a row is read or
// written. A newcomer looking for "what keeps a slot's seats counted" or
// "where does created_at come from" finds it here, one small named function
// each.
//
// The package sits below the capabilities: it imports only ent's generated
// packages, the schema's own value types (pulid, schematype, pathway), the
// rules, and small standalone platform packages (apperr, clock, viewer).
// What a hook hands to a capability goes through an interface on the
// context that the capability implements: the audit trail (AuditTrail,
// internal/platform/audit) and live slot announcements (SlotNotifier,
// internal/conference/live). internal/devtools/layout enforces the imports.
package hook
