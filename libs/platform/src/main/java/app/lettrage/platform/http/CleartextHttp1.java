package app.lettrage.platform.http;

import io.quarkus.vertx.http.HttpServerOptionsCustomizer;
import io.vertx.core.http.HttpServerOptions;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The plain-HTTP port speaks HTTP/1.1 only (no h2c upgrade or prior knowledge); TLS, where it is configured, still
 * offers HTTP/2. The services sit behind an ingress that terminates TLS, so h2c buys nothing, and a body of unknown
 * length over HTTP/2 cannot be bounded before the REST layer reads it ({@link RequestBodyLimit}).
 */
@ApplicationScoped
class CleartextHttp1 implements HttpServerOptionsCustomizer {

    @Override
    public void customizeHttpServer(HttpServerOptions options) {
        options.setHttp2ClearTextEnabled(false);
    }
}
