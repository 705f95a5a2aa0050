package app.lettrage.platform.http;

import app.lettrage.platform.problem.Problem;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * A body limit per endpoint. {@code quarkus.http.limits.max-body-size} is one limit for the whole server, and must
 * be as large as the largest statement upload; a JSON body is read whole before it is validated, so every other
 * endpoint gets {@code lettrage.http.max-json-body-bytes} (2 MiB), checked on the declared Content-Length before a
 * byte of the body is read. A body of unknown length (chunked; cleartext HTTP/2 is off, see CleartextHttp1) is read here with
 * the same limit, and refused as soon as it passes it. The paths of {@code lettrage.http.large-body-paths} stream to
 * disk under their own limits.
 */
@ApplicationScoped
class RequestBodyLimit {

    private static final List<HttpMethod> WITH_BODY = List.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH);

    private final long maxJsonBytes;
    private final Optional<Pattern> largeBodyPaths;
    private final ObjectMapper json;
    private final BodyHandler boundedReader;

    RequestBodyLimit(
            @ConfigProperty(name = "lettrage.http.max-json-body-bytes", defaultValue = "2097152") long maxJsonBytes,
            @ConfigProperty(name = "lettrage.http.large-body-paths") Optional<String> largeBodyPaths,
            ObjectMapper json) {
        this.maxJsonBytes = maxJsonBytes;
        this.largeBodyPaths = largeBodyPaths.map(Pattern::compile);
        this.json = json;
        this.boundedReader = BodyHandler.create(false).setBodyLimit(maxJsonBytes);
    }

    void install(@Observes Router router) {
        // before Quarkus's own upload limit and every REST route, so nothing has read the body yet
        router.route()
                .order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 1)
                .handler(this::check)
                .failureHandler(this::tooLargeWhileReading);
    }

    private void check(RoutingContext ctx) {
        if (!WITH_BODY.contains(ctx.request().method()) || isLargeBodyPath(ctx.normalizedPath())) {
            ctx.next();
            return;
        }
        String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length == null) {
            // chunked: read it here, but never more than the limit
            boundedReader.handle(ctx);
            return;
        }
        long declared;
        try {
            declared = Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            refuse(ctx, 400, "bad-request", "Bad Request", "Content-Length is not a number");
            return;
        }
        if (declared > maxJsonBytes) {
            refuse(
                    ctx,
                    413,
                    "payload-too-large",
                    "Payload Too Large",
                    "the body is " + declared + " bytes; this endpoint takes at most " + maxJsonBytes);
            return;
        }
        ctx.next();
    }

    private void tooLargeWhileReading(RoutingContext ctx) {
        if (ctx.statusCode() == 413) {
            refuse(
                    ctx,
                    413,
                    "payload-too-large",
                    "Payload Too Large",
                    "the body is larger than " + maxJsonBytes + " bytes, the most this endpoint takes");
            return;
        }
        ctx.next();
    }

    private boolean isLargeBodyPath(String path) {
        return largeBodyPaths.map(p -> p.matcher(path).matches()).orElse(false);
    }

    private void refuse(RoutingContext ctx, int status, String type, String title, String detail) {
        Problem problem = new Problem(Problem.TYPE_BASE + type, title, status, detail, ctx.normalizedPath(), List.of());
        String body;
        try {
            body = json.writeValueAsString(problem);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        // the body is not read: close the connection so the client's bytes are not parsed as a next request
        ctx.response()
                .setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .putHeader(HttpHeaders.CONNECTION, "close")
                .end(body);
    }
}
