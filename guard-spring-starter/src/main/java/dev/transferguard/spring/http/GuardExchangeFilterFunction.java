package dev.transferguard.spring.http;

import dev.transferguard.GuardException;
import dev.transferguard.GuardedCall;
import java.util.Optional;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.ExchangeFunction;
import reactor.core.publisher.Mono;

/**
 * Checks the real destination of {@code WebClient} requests made inside a guarded method, as
 * {@link GuardClientHttpRequestInterceptor} does for blocking clients: a denied host ends the exchange with
 * {@link dev.transferguard.TransferDeniedException} before the request is sent.
 *
 * <p>The guarded call is found on the thread that subscribes: a request subscribed inside the guarded method
 * (for example with {@code block()}) is checked; one subscribed after the method returned is not.
 */
public final class GuardExchangeFilterFunction implements ExchangeFilterFunction {

    @Override
    public Mono<ClientResponse> filter(ClientRequest request, ExchangeFunction next) {
        Optional<GuardedCall> call = GuardedCall.current();
        if (call.isPresent()) {
            try {
                call.get().checkOutbound(request.url());
            } catch (GuardException e) {
                return Mono.error(e);
            }
        }
        return next.exchange(request);
    }
}
