package app.lettrage.bankconnectors;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * Which links in a provider's response we may use. A link the service itself calls (the next page, the start of an
 * authorisation) must stay on the configured provider's origin, or a hostile or compromised response could make the
 * service call any host it can reach (SSRF) with the consent's headers. The SCA redirect is not called by the service
 * but handed to the user's browser, and banks serve it from another host than their API; it must still be an absolute
 * http(s) URL without credentials, and https unless the provider itself is plain http (a local sandbox).
 */
final class ProviderLinks {

    private final URI base;

    ProviderLinks(URI base) {
        this.base = base;
    }

    /** The link resolved against the provider's base, if it stays on the provider's scheme, host and port. */
    URI toCall(String href, String field) {
        URI uri = parse(href, field);
        URI resolved = base.resolve(uri);
        if (!same(resolved.getScheme(), base.getScheme())
                || !same(resolved.getHost(), base.getHost())
                || port(resolved) != port(base)
                || resolved.getRawUserInfo() != null) {
            throw new ProviderResponseException(field, "points outside the provider's API, refused");
        }
        return resolved;
    }

    /** The SCA page the user is sent to. */
    String forUser(String href, String field) {
        URI uri = parse(href, field);
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        boolean allowed =
                scheme.equals("https") || (scheme.equals("http") && "http".equalsIgnoreCase(base.getScheme()));
        if (!uri.isAbsolute() || !allowed || uri.getHost() == null || uri.getRawUserInfo() != null) {
            throw new ProviderResponseException(field, "not an absolute https URL without credentials, refused");
        }
        return href;
    }

    private static URI parse(String href, String field) {
        if (href.length() > 2048) {
            throw new ProviderResponseException(field, "longer than 2048 characters");
        }
        try {
            return new URI(href);
        } catch (URISyntaxException e) {
            throw new ProviderResponseException(field, "not a URL");
        }
    }

    private static boolean same(String a, String b) {
        return a != null && a.equalsIgnoreCase(b);
    }

    private static int port(URI uri) {
        if (uri.getPort() != -1) {
            return uri.getPort();
        }
        return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }
}
