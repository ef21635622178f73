package dev.transferguard;

import java.io.IOException;
import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * The JDK's {@link HttpClient} with the guard's check: a request sent inside a guarded call goes to a host
 * whose jurisdiction the call's decision covers, or is decided there as a transfer of the same data, or is
 * refused before it is sent ({@link GuardedCall#checkOutbound(java.net.URI)}), as the Spring Boot starter does
 * for Spring's clients. The JDK's client has no interceptors, so the check wraps it:
 *
 * <pre>{@code
 * HttpClient http = GuardedHttpClient.wrap(HttpClient.newHttpClient());
 * }</pre>
 *
 * <p>A client that follows redirects is refused: a redirect would take the data to a host nobody checked.
 */
public final class GuardedHttpClient extends HttpClient {

    private final HttpClient delegate;

    private GuardedHttpClient(HttpClient delegate) {
        this.delegate = delegate;
    }

    /**
     * Wraps a client.
     *
     * @param client the client; it must not follow redirects
     * @return the client with the guard's check before every request
     * @throws IllegalArgumentException if the client follows redirects
     */
    public static HttpClient wrap(HttpClient client) {
        Objects.requireNonNull(client, "client");
        if (client instanceof GuardedHttpClient) {
            return client;
        }
        if (client.followRedirects() != Redirect.NEVER) {
            throw new IllegalArgumentException("the client follows redirects (" + client.followRedirects()
                    + "), which would take data to hosts the guard never checked: build it with"
                    + " followRedirects(HttpClient.Redirect.NEVER)");
        }
        return new GuardedHttpClient(client);
    }

    private static void check(HttpRequest request) {
        GuardedCall.current().ifPresent(call -> call.checkOutbound(request.uri()));
    }

    @Override
    public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler)
            throws IOException, InterruptedException {
        check(request);
        return delegate.send(request, handler);
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request,
            HttpResponse.BodyHandler<T> handler) {
        return sendAsync(request, handler, null);
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request,
            HttpResponse.BodyHandler<T> handler, HttpResponse.PushPromiseHandler<T> pushPromiseHandler) {
        try {
            check(request);
        } catch (GuardException e) {
            return CompletableFuture.failedFuture(e);
        }
        // Pushed responses come from the server the request went to, which was checked.
        return pushPromiseHandler == null ? delegate.sendAsync(request, handler)
                : delegate.sendAsync(request, handler, pushPromiseHandler);
    }

    @Override
    public Optional<CookieHandler> cookieHandler() {
        return delegate.cookieHandler();
    }

    @Override
    public Optional<Duration> connectTimeout() {
        return delegate.connectTimeout();
    }

    @Override
    public Redirect followRedirects() {
        return delegate.followRedirects();
    }

    @Override
    public Optional<ProxySelector> proxy() {
        return delegate.proxy();
    }

    @Override
    public SSLContext sslContext() {
        return delegate.sslContext();
    }

    @Override
    public SSLParameters sslParameters() {
        return delegate.sslParameters();
    }

    @Override
    public Optional<Authenticator> authenticator() {
        return delegate.authenticator();
    }

    @Override
    public Version version() {
        return delegate.version();
    }

    @Override
    public Optional<Executor> executor() {
        return delegate.executor();
    }
}
