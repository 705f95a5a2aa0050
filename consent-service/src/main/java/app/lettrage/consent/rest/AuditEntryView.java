package app.lettrage.consent.rest;

import app.lettrage.consent.AuditAction;
import app.lettrage.consent.AuditEntry;
import java.time.Instant;

public record AuditEntryView(AuditAction action, String actor, Instant at, String detail) {

    static AuditEntryView of(AuditEntry e) {
        return new AuditEntryView(e.action, e.actor, e.at, e.detail);
    }
}
