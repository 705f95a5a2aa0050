package app.lettrage.platform.http;

import io.vertx.core.http.HttpServerRequest;

/**
 * The address of the person behind a request, e.g. for PSD2's PSU-IP-Address. It is the connection's peer, which
 * Quarkus replaces by the {@code X-Forwarded-For} address only when the peer is a trusted proxy
 * ({@code quarkus.http.proxy.*}, set from {@code HTTP_PROXY_FORWARDING} and {@code HTTP_TRUSTED_PROXIES}). Headers are
 * never read here: any client can send them.
 */
public final class ClientAddress {

    private ClientAddress() {}

    public static String of(HttpServerRequest request) {
        return request.remoteAddress() == null ? null : request.remoteAddress().hostAddress();
    }
}
