package app.lettrage.platform.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** The one exception mapper: every error leaves as RFC 9457 application/problem+json, never a stack trace. */
public class ProblemMappers {

    // io.quarkus.logging.Log is rewritten only in application classes, not in a library jar
    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response problem(ProblemException e, UriInfo uri) {
        Problem p =
                new Problem(Problem.TYPE_BASE + e.slug(), e.title(), e.status(), e.getMessage(), path(uri), e.errors());
        if (e instanceof TooManyRequests tooMany) {
            return Response.fromResponse(respond(p))
                    .header(HttpHeaders.RETRY_AFTER, tooMany.retryAfterSeconds())
                    .build();
        }
        return respond(p);
    }

    public Response constraintViolation(ConstraintViolationException e, UriInfo uri) {
        List<Problem.FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new Problem.FieldError(field(v), v.getMessage()))
                .sorted(java.util.Comparator.comparing(Problem.FieldError::field))
                .toList();
        String detail = errors.stream().map(f -> f.field() + ": " + f.message()).collect(Collectors.joining("; "));
        return respond(
                new Problem(Problem.TYPE_BASE + "validation", "Invalid request", 400, detail, path(uri), errors));
    }

    /** Replaces Quarkus's own mapper of validation exceptions (it maps ValidationException, so must we). */
    @ServerExceptionMapper
    public Response validation(jakarta.validation.ValidationException e, UriInfo uri) {
        if (e instanceof ConstraintViolationException cve) {
            return constraintViolation(cve, uri);
        }
        return unexpected(e, uri);
    }

    @ServerExceptionMapper
    public Response jsonMapping(JsonMappingException e, UriInfo uri) {
        String field = e.getPath().stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining("."))
                .replace(".[", "[");
        String message = e.getOriginalMessage();
        if (message != null && message.length() > 200) {
            message = message.substring(0, 200);
        }
        return respond(new Problem(
                Problem.TYPE_BASE + "malformed-body",
                "Malformed request body",
                400,
                (field.isEmpty() ? "" : field + ": ") + message,
                path(uri),
                field.isEmpty() ? List.of() : List.of(new Problem.FieldError(field, "has a wrong type or format"))));
    }

    /** Quarkus's Jackson integration maps this subtype itself; ours must name it to win. */
    @ServerExceptionMapper
    public Response mismatchedInput(com.fasterxml.jackson.databind.exc.MismatchedInputException e, UriInfo uri) {
        return jsonMapping(e, uri);
    }

    @ServerExceptionMapper
    public Response jsonParse(JsonProcessingException e, UriInfo uri) {
        return respond(new Problem(
                Problem.TYPE_BASE + "malformed-body",
                "Malformed request body",
                400,
                "body is not valid JSON: " + e.getOriginalMessage(),
                path(uri),
                List.of()));
    }

    @ServerExceptionMapper
    public Response unauthorized(UnauthorizedException e, UriInfo uri) {
        return unauthorizedResponse(uri);
    }

    @ServerExceptionMapper
    public Response authenticationFailed(AuthenticationFailedException e, UriInfo uri) {
        return unauthorizedResponse(uri);
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, UriInfo uri) {
        return respond(new Problem(
                Problem.TYPE_BASE + "forbidden",
                "Forbidden",
                403,
                "your role does not allow this operation",
                path(uri),
                List.of()));
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e, UriInfo uri) {
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            LOG.errorf(e, "server error on %s", path(uri));
        }
        String title = Response.Status.fromStatusCode(status) != null
                ? Response.Status.fromStatusCode(status).getReasonPhrase()
                : "Error";
        String detail = status >= 500 ? "the server could not complete the request" : e.getMessage();
        return respond(new Problem(Problem.TYPE_BASE + slug(status), title, status, detail, path(uri), List.of()));
    }

    @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER + 1000)
    public Response unexpected(Throwable e, UriInfo uri) {
        LOG.errorf(e, "unexpected error on %s", path(uri));
        return respond(new Problem(
                Problem.TYPE_BASE + "internal",
                "Internal error",
                500,
                "the server could not complete the request",
                path(uri),
                List.of()));
    }

    private static Response unauthorizedResponse(UriInfo uri) {
        return Response.status(401)
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                .type(Problem.MEDIA_TYPE)
                .entity(new Problem(
                        Problem.TYPE_BASE + "unauthorized",
                        "Unauthorized",
                        401,
                        "a valid bearer token is required",
                        path(uri),
                        List.of()))
                .build();
    }

    public static Response respond(Problem p) {
        return Response.status(p.status()).type(Problem.MEDIA_TYPE).entity(p).build();
    }

    private static String slug(int status) {
        return switch (status) {
            case 400 -> "bad-request";
            case 401 -> "unauthorized";
            case 403 -> "forbidden";
            case 404 -> "not-found";
            case 405 -> "method-not-allowed";
            case 406 -> "not-acceptable";
            case 409 -> "conflict";
            case 412 -> "precondition-failed";
            case 413 -> "payload-too-large";
            case 415 -> "unsupported-media-type";
            case 422 -> "unprocessable";
            case 428 -> "precondition-required";
            case 429 -> "too-many-requests";
            default -> status >= 500 ? "internal" : "error";
        };
    }

    private static String path(UriInfo uri) {
        return uri == null ? null : "/" + uri.getPath().replaceFirst("^/", "");
    }

    /** "create.arg0.amount" -> "amount": the client knows its body's fields, not our method's parameters. */
    private static String field(ConstraintViolation<?> v) {
        String p = v.getPropertyPath().toString();
        String[] parts = p.split("\\.");
        int start = 0;
        if (parts.length > 2) {
            start = 2; // method name and parameter
        } else if (parts.length == 2) {
            start = 1;
        }
        String f = String.join(".", java.util.Arrays.copyOfRange(parts, start, parts.length));
        return f.isEmpty() ? p : f;
    }
}
