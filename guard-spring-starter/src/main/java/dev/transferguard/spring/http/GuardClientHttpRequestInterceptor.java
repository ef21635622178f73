package dev.transferguard.spring.http;

import dev.transferguard.GuardedCall;
import java.io.IOException;
import org.springframework.core.Ordered;
import org.springframework.http.HttpRequest;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;

/**
 * Checks the real destination of {@code RestClient} and {@code RestTemplate} requests made inside a guarded
 * method: a request to a host whose jurisdiction the decision does not cover is decided anew, and in enforce
 * mode a denial throws {@link dev.transferguard.TransferDeniedException} before the request is sent. Requests
 * made outside guarded methods pass untouched.
 *
 * <p>The starter adds it, first, to every {@code RestClient.Builder}, {@code RestTemplate} and
 * {@code RestTemplateBuilder} of the application context; add it yourself to clients built outside it.
 */
public final class GuardClientHttpRequestInterceptor implements ClientHttpRequestInterceptor, Ordered {

    @Override
    public ClientHttpResponse intercept(HttpRequest request, byte[] body, ClientHttpRequestExecution execution)
            throws IOException {
        GuardedCall.current().ifPresent(call -> call.checkOutbound(request.getURI()));
        return execution.execute(request, body);
    }

    /** First, so that no other interceptor sends anything before the check. */
    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
