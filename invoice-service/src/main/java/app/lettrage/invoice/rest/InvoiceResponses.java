package app.lettrage.invoice.rest;

import app.lettrage.invoice.service.InvoiceDetail;
import app.lettrage.platform.problem.Problem;
import app.lettrage.platform.problem.ProblemException;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.UUID;

/** What the invoice resources answer alike: the invoice with its version as ETag, If-Match read back, a 404. */
final class InvoiceResponses {

    private InvoiceResponses() {}

    /** The version If-Match names, which an update must send (428 without it). */
    static long requiredVersion(String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank()) {
            throw new ProblemException(
                    428,
                    "precondition-required",
                    "Precondition required",
                    "send If-Match with the invoice's ETag (from GET) to update it",
                    List.of(new Problem.FieldError("If-Match", "required")));
        }
        return version(ifMatch);
    }

    /** The version an If-Match names: "3", W/"3" or 3; anything else matches no version (412). */
    static long version(String ifMatch) {
        String v = ifMatch.trim().replaceFirst("^W/", "").replace("\"", "");
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new ProblemException(
                    412,
                    "precondition-failed",
                    "Precondition failed",
                    "If-Match " + ifMatch + " names no version of this invoice",
                    List.of(new Problem.FieldError("If-Match", "not an ETag of this API")));
        }
    }

    /** The invoice as the API shows it, its version as ETag (sent back in If-Match to update it). */
    static Response withTag(Response.ResponseBuilder b, InvoiceDetail d) {
        return b.tag(new EntityTag(Long.toString(d.invoice().version)))
                .entity(InvoiceView.of(d))
                .build();
    }

    /** Answers 404 for an invoice the tenant does not have (another tenant's included). */
    static Response notFound(UUID id) {
        throw ProblemException.notFound("invoice", id.toString());
    }
}
